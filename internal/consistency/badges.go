package consistency

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// badgeRule finds (user, post) pairs that earned a badge but lack it.
type badgeRule struct {
	badge string
	query string // returns user_id, post_id (0 for once-only badges)
}

var badgeRules = []badgeRule{
	{reputation.NiceQuestion.Name, scoreBadgeSQL(1, 10)},
	{reputation.GoodQuestion.Name, scoreBadgeSQL(1, 25)},
	{reputation.GreatQuestion.Name, scoreBadgeSQL(1, 100)},
	{reputation.NiceAnswer.Name, scoreBadgeSQL(2, 10)},
	{reputation.GoodAnswer.Name, scoreBadgeSQL(2, 25)},
	{reputation.GreatAnswer.Name, scoreBadgeSQL(2, 100)},
	{reputation.Student.Name, `SELECT DISTINCT owner_id AS user_id, 0 AS post_id FROM posts WHERE type = 1 AND score >= 1 AND owner_id IS NOT NULL AND deleted_at IS NULL`},
	{reputation.Teacher.Name, `SELECT DISTINCT owner_id AS user_id, 0 AS post_id FROM posts WHERE type = 2 AND score >= 1 AND owner_id IS NOT NULL AND deleted_at IS NULL`},
	{reputation.Supporter.Name, `SELECT DISTINCT user_id, 0 AS post_id FROM votes WHERE value = 1 AND user_id IS NOT NULL`},
	{reputation.Critic.Name, `SELECT DISTINCT user_id, 0 AS post_id FROM votes WHERE value = -1 AND user_id IS NOT NULL`},
	{reputation.Scholar.Name, `SELECT DISTINCT q.owner_id AS user_id, 0 AS post_id FROM posts q WHERE q.type = 1 AND q.accepted_answer_id IS NOT NULL AND q.owner_id IS NOT NULL`},
	{reputation.Enlightened.Name, `SELECT a.owner_id AS user_id, a.id AS post_id FROM posts a JOIN posts q ON q.accepted_answer_id = a.id
		WHERE a.type = 2 AND a.score >= 10 AND a.owner_id IS NOT NULL AND a.deleted_at IS NULL`},
}

func scoreBadgeSQL(postType, min int) string {
	return fmt.Sprintf(`SELECT owner_id AS user_id, id AS post_id FROM posts
		WHERE type = %d AND score >= %d AND owner_id IS NOT NULL AND deleted_at IS NULL`, postType, min)
}

// checkBadges reports earned badges that nobody awarded, and awards them with fix.
func checkBadges(db *gorm.DB, r *Report, fix bool, now time.Time) error {
	for _, br := range badgeRules {
		r.Checks = append(r.Checks, "badges."+br.badge)
		var rows []struct {
			UserID int64
			PostID int64
		}
		q := `SELECT e.user_id, e.post_id FROM (` + br.query + `) e
			LEFT JOIN user_badges b ON b.user_id = e.user_id AND b.badge = ? AND b.tag = '' AND b.post_id = e.post_id
			WHERE b.id IS NULL`
		if err := db.Raw(q, br.badge).Scan(&rows).Error; err != nil {
			return fmt.Errorf("consistency: badge %s: %w", br.badge, err)
		}
		for _, row := range rows {
			r.Drifts = append(r.Drifts, Drift{Check: "badges", Key: fmt.Sprintf("%s user %d post %d", br.badge, row.UserID, row.PostID), Have: 0, Want: 1})
			if fix {
				err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&store.UserBadge{
					UserID: row.UserID, Badge: br.badge, PostID: row.PostID, CreatedAt: now}).Error
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}
