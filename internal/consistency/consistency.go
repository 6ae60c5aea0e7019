// Package consistency recomputes every derived number (scores, answer and
// comment counts, reputations, tag counts, list counters, badge holders) from
// the rows they derive from, reports drift, and can repair it. Nothing cached
// is trusted over the truth.
package consistency

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// Drift is one cached number that differs from its recomputation.
type Drift struct {
	Check string // which rule, e.g. "posts.score"
	ID    int64  // the row (post, user, tag); 0 for counters and badges
	Key   string // a name where there is no id (counter, badge)
	Have  int64  // the cached value
	Want  int64  // the recomputed value
}

func (d Drift) String() string {
	if d.Key != "" {
		return fmt.Sprintf("%s %s: have %d, want %d", d.Check, d.Key, d.Have, d.Want)
	}
	return fmt.Sprintf("%s #%d: have %d, want %d", d.Check, d.ID, d.Have, d.Want)
}

// Report lists what was checked and what drifted.
type Report struct {
	Checks []string
	Drifts []Drift
	Fixed  bool
}

// check is one rule: a query returning (id, have, want) rows that differ, and
// the statement that repairs one row.
type check struct {
	name  string
	query string
	fix   string // with ? for want and id
}

var checks = []check{
	{"posts.score",
		`SELECT p.id, p.score AS have, p.score_base + COALESCE(v.s, 0) AS want FROM posts p
		 LEFT JOIN (SELECT post_id, SUM(value) AS s FROM votes GROUP BY post_id) v ON v.post_id = p.id
		 WHERE p.score <> p.score_base + COALESCE(v.s, 0)`,
		`UPDATE posts SET score = ? WHERE id = ?`},
	{"posts.answer_count",
		`SELECT q.id, q.answer_count AS have, COALESCE(a.n, 0) AS want FROM posts q
		 LEFT JOIN (SELECT parent_id, COUNT(*) AS n FROM posts WHERE type = 2 AND deleted_at IS NULL GROUP BY parent_id) a ON a.parent_id = q.id
		 WHERE q.type = 1 AND q.answer_count <> COALESCE(a.n, 0)`,
		`UPDATE posts SET answer_count = ? WHERE id = ?`},
	{"posts.comment_count",
		`SELECT p.id, p.comment_count AS have, COALESCE(c.n, 0) AS want FROM posts p
		 LEFT JOIN (SELECT post_id, COUNT(*) AS n FROM comments WHERE deleted_at IS NULL GROUP BY post_id) c ON c.post_id = p.id
		 WHERE p.comment_count <> COALESCE(c.n, 0)`,
		`UPDATE posts SET comment_count = ? WHERE id = ?`},
	{"users.reputation",
		`SELECT u.id, u.reputation AS have, 1 + COALESCE(e.s, 0) AS want FROM users u
		 LEFT JOIN (SELECT user_id, SUM(delta) AS s FROM reputation_events GROUP BY user_id) e ON e.user_id = u.id
		 WHERE u.reputation <> 1 + COALESCE(e.s, 0)`,
		`UPDATE users SET reputation = ? WHERE id = ?`},
	{"tags.question_count",
		`SELECT t.id, t.question_count AS have, COALESCE(c.n, 0) AS want FROM tags t
		 LEFT JOIN (SELECT pt.tag_id, COUNT(*) AS n FROM post_tags pt JOIN posts p ON p.id = pt.post_id
		            WHERE p.deleted_at IS NULL GROUP BY pt.tag_id) c ON c.tag_id = t.id
		 WHERE t.question_count <> COALESCE(c.n, 0)`,
		`UPDATE tags SET question_count = ? WHERE id = ?`},
	{"posts.accepted_answer_id",
		`SELECT q.id, q.accepted_answer_id AS have, 0 AS want FROM posts q
		 LEFT JOIN posts a ON a.id = q.accepted_answer_id AND a.parent_id = q.id AND a.type = 2 AND a.deleted_at IS NULL
		 WHERE q.type = 1 AND q.accepted_answer_id IS NOT NULL AND a.id IS NULL`,
		`UPDATE posts SET accepted_answer_id = NULLIF(?, 0) WHERE id = ?`},
}

// counters recomputes the list counters.
var counters = map[string]string{
	"questions":  `SELECT COUNT(*) FROM posts WHERE type = 1 AND deleted_at IS NULL`,
	"unanswered": `SELECT COUNT(*) FROM posts WHERE ` + store.Unanswered,
}

// Run is RunRules with the default reputation rules.
func Run(ctx context.Context, st *store.Store, fix bool, now time.Time) (*Report, error) {
	return RunRules(ctx, st, config.Defaults().Reputation, fix, now)
}

// RunRules checks every rule, the badges with the thresholds of rules (the
// configuration the site awards them with); with fix, it repairs every drift
// in one transaction (counters after the counts they depend on).
func RunRules(ctx context.Context, st *store.Store, rules config.Reputation, fix bool, now time.Time) (*Report, error) {
	r := &Report{}
	run := func(db *gorm.DB) error {
		for _, c := range checks {
			r.Checks = append(r.Checks, c.name)
			var rows []struct {
				ID   int64
				Have int64
				Want int64
			}
			if err := db.Raw(c.query).Scan(&rows).Error; err != nil {
				return fmt.Errorf("consistency: %s: %w", c.name, err)
			}
			for _, row := range rows {
				r.Drifts = append(r.Drifts, Drift{Check: c.name, ID: row.ID, Have: row.Have, Want: row.Want})
				if fix {
					if err := db.Exec(c.fix, row.Want, row.ID).Error; err != nil {
						return fmt.Errorf("consistency: fix %s: %w", c.name, err)
					}
				}
			}
		}
		for _, name := range []string{"questions", "unanswered"} {
			r.Checks = append(r.Checks, "counters."+name)
			var want, have int64
			if err := db.Raw(counters[name]).Scan(&want).Error; err != nil {
				return err
			}
			have, err := store.CounterValue(db, name)
			if err != nil {
				return err
			}
			if have != want {
				r.Drifts = append(r.Drifts, Drift{Check: "counters", Key: name, Have: have, Want: want})
				if fix {
					if err := db.Exec("UPDATE counters SET value = ? WHERE name = ?", want, name).Error; err != nil {
						return err
					}
				}
			}
		}
		return checkBadges(db, rules, r, fix, now)
	}
	if !fix {
		return r, run(st.DB.WithContext(ctx))
	}
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		r.Drifts, r.Checks = nil, nil
		return run(tx)
	})
	r.Fixed = err == nil
	return r, err
}

// AwardBadges awards, in one transaction, every badge the history shows as
// earned that nobody holds yet (a bulk import writes history faster than the
// write-time rules see it), with the thresholds of rules; it returns how many.
func AwardBadges(ctx context.Context, st *store.Store, rules config.Reputation, now time.Time) (int, error) {
	r := &Report{}
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		r.Drifts, r.Checks = nil, nil
		return checkBadges(tx, rules, r, true, now)
	})
	return len(r.Drifts), err
}
