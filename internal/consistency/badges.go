package consistency

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/config"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// Badges, once earned, are kept, as on Stack Overflow: a score that falls
// back, a retracted vote or acceptance, a deleted post or a tag threshold
// raised later takes nothing away. So the badge checks only look for holders
// who earned a badge but lack it (have 0, want 1), and --fix only awards;
// a badge whose rule no longer holds is not drift and is never revoked.

// necromancerDelay and necromancerScore mirror internal/reputation's rule for
// Necromancer (an answer given 60 days or more after its question, scoring 5
// or more), which that package does not export.
const (
	necromancerDelay = 60 * 24 * time.Hour
	necromancerScore = 5
)

// badgeRule finds the holders who earned a badge. For Once and PerPost badges
// the query returns user_id and post_id (0 for once-only badges); for PerTag
// badges it returns user_id and tag. With keep set, the query also returns
// answered_at and asked_at, and keep decides in Go which rows earned it.
type badgeRule struct {
	badge reputation.Badge
	query string
	args  []any
	keep  func(answered, asked time.Time) bool
}

// badgeRules are the rules of internal/reputation as queries over the truth;
// the tag badges take their thresholds from the same configuration.
func badgeRules(r config.Reputation) []badgeRule {
	rules := []badgeRule{
		{badge: reputation.NiceQuestion, query: scoreBadgeSQL(store.PostQuestion, 10)},
		{badge: reputation.GoodQuestion, query: scoreBadgeSQL(store.PostQuestion, 25)},
		{badge: reputation.GreatQuestion, query: scoreBadgeSQL(store.PostQuestion, 100)},
		{badge: reputation.NiceAnswer, query: scoreBadgeSQL(store.PostAnswer, 10)},
		{badge: reputation.GoodAnswer, query: scoreBadgeSQL(store.PostAnswer, 25)},
		{badge: reputation.GreatAnswer, query: scoreBadgeSQL(store.PostAnswer, 100)},
		{badge: reputation.Student, query: `SELECT DISTINCT p.owner_id AS user_id, 0 AS post_id FROM posts p WHERE p.type = 1 AND ` + trueScore + ` >= 1 AND p.owner_id IS NOT NULL AND p.deleted_at IS NULL`},
		{badge: reputation.Teacher, query: `SELECT DISTINCT p.owner_id AS user_id, 0 AS post_id FROM posts p WHERE p.type = 2 AND ` + trueScore + ` >= 1 AND p.owner_id IS NOT NULL AND p.deleted_at IS NULL`},
		{badge: reputation.Supporter, query: `SELECT DISTINCT user_id, 0 AS post_id FROM votes WHERE value = 1 AND user_id IS NOT NULL`},
		{badge: reputation.Critic, query: `SELECT DISTINCT user_id, 0 AS post_id FROM votes WHERE value = -1 AND user_id IS NOT NULL`},
		// Scholar: an asker who accepted an answer; the hotline's answer
		// published with a ticket's question was accepted by the hotline:
		// its author resolved the ticket, and while the employee has the
		// ticket reopened, its reopening names them as the one who had.
		{badge: reputation.Scholar, query: `SELECT DISTINCT q.owner_id AS user_id, 0 AS post_id FROM posts q JOIN posts a ON a.id = q.accepted_answer_id
			WHERE q.type = 1 AND q.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tickets tk
				WHERE tk.published_question_id = q.id AND (tk.resolved_by = a.owner_id OR EXISTS (SELECT 1 FROM ticket_events e
					WHERE e.ticket_id = tk.id AND e.kind = 'reopened' AND e.note <> '' AND e.agent_id = a.owner_id)))`},
		{badge: reputation.Enlightened, query: `SELECT a.owner_id AS user_id, a.id AS post_id FROM posts a JOIN posts q ON q.accepted_answer_id = a.id
			WHERE a.type = 2 AND a.score >= 10 AND a.owner_id IS NOT NULL AND a.deleted_at IS NULL`},
		// Editor: a first edit, that is any revision after a post's first.
		{badge: reputation.Editor, query: `SELECT DISTINCT editor_id AS user_id, 0 AS post_id FROM post_revisions
			WHERE revision > 1 AND editor_id IS NOT NULL`},
		// Necromancer: the delay is compared in Go, the same on both databases.
		{badge: reputation.Necromancer, query: fmt.Sprintf(`SELECT a.owner_id AS user_id, a.id AS post_id,
			a.created_at AS answered_at, q.created_at AS asked_at
			FROM posts a JOIN posts q ON q.id = a.parent_id
			WHERE a.type = 2 AND a.score >= %d AND a.owner_id IS NOT NULL AND a.deleted_at IS NULL`, necromancerScore),
			keep: func(answered, asked time.Time) bool { return answered.Sub(asked) >= necromancerDelay }},
	}
	// Tag badges: an author's answers to questions in a tag, counted and
	// their scores summed as internal/reputation does, against the
	// configured thresholds for bronze, silver and gold.
	for i, b := range []reputation.Badge{reputation.TagBronze, reputation.TagSilver, reputation.TagGold} {
		rules = append(rules, badgeRule{badge: b,
			query: `SELECT a.owner_id AS user_id, t.name AS tag FROM posts a
				JOIN post_tags pt ON pt.post_id = a.parent_id
				JOIN tags t ON t.id = pt.tag_id
				WHERE a.type = 2 AND a.deleted_at IS NULL AND a.owner_id IS NOT NULL
				GROUP BY a.owner_id, t.name
				HAVING COUNT(*) >= ? AND COALESCE(SUM(a.score), 0) >= ?`,
			args: []any{r.TagBadgeAnswers[i], r.TagBadgeScore[i]}})
	}
	return rules
}

// trueScore is a post's (posts as p) score as the votes make it, not as
// stored: badges earned by score are judged by the score the check would
// repair, so a drifted score is one drift, not also badges nobody earned.
const trueScore = `(p.score_base + COALESCE((SELECT SUM(v.value) FROM votes v WHERE v.post_id = p.id), 0))`

func scoreBadgeSQL(postType, min int) string {
	return fmt.Sprintf(`SELECT p.owner_id AS user_id, p.id AS post_id FROM posts p
		WHERE p.type = %d AND %s >= %d AND p.owner_id IS NOT NULL AND p.deleted_at IS NULL`, postType, trueScore, min)
}

// earned is one badge a holder earned and lacks.
type earned struct {
	UserID     int64
	PostID     int64
	Tag        string
	AnsweredAt time.Time
	AskedAt    time.Time
}

// missing returns what a rule's holders earned but do not hold.
func (br badgeRule) missing(db *gorm.DB) ([]earned, error) {
	cols, join, order := "e.user_id, e.post_id, '' AS tag", "b.tag = '' AND b.post_id = e.post_id", "e.user_id, e.post_id"
	if br.badge.Scope == reputation.PerTag {
		cols, join, order = "e.user_id, 0 AS post_id, e.tag", "b.tag = e.tag AND b.post_id = 0", "e.user_id, e.tag"
	}
	if br.keep != nil {
		cols += ", e.answered_at, e.asked_at"
	}
	q := `SELECT ` + cols + ` FROM (` + br.query + `) e
		LEFT JOIN user_badges b ON b.user_id = e.user_id AND b.badge = ? AND ` + join + `
		WHERE b.id IS NULL ORDER BY ` + order
	var rows []earned
	if err := db.Raw(q, append(append([]any{}, br.args...), br.badge.Name)...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if br.keep == nil {
		return rows, nil
	}
	out := rows[:0]
	for _, e := range rows {
		if br.keep(e.AnsweredAt, e.AskedAt) {
			out = append(out, e)
		}
	}
	return out, nil
}

// checkBadges reports earned badges that nobody awarded, and awards them with
// fix. It never revokes a badge (see the top of this file).
func checkBadges(db *gorm.DB, rules config.Reputation, r *Report, fix bool, now time.Time) error {
	for _, br := range badgeRules(rules) {
		r.Checks = append(r.Checks, "badges."+br.badge.Name)
		rows, err := br.missing(db)
		if err != nil {
			return fmt.Errorf("consistency: badge %s: %w", br.badge.Name, err)
		}
		for _, row := range rows {
			key := fmt.Sprintf("%s user %d post %d", br.badge.Name, row.UserID, row.PostID)
			if br.badge.Scope == reputation.PerTag {
				key = fmt.Sprintf("%s user %d tag %s", br.badge.Name, row.UserID, row.Tag)
			}
			r.Drifts = append(r.Drifts, Drift{Check: "badges", Key: key, Have: 0, Want: 1})
			if fix {
				err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&store.UserBadge{
					UserID: row.UserID, Badge: br.badge.Name, Tag: row.Tag, PostID: row.PostID, CreatedAt: now}).Error
				if err != nil {
					return fmt.Errorf("consistency: fix badge %s: %w", br.badge.Name, err)
				}
			}
		}
	}
	return nil
}
