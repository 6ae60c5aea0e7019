package reputation

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/store"
)

// lockPosts locks live posts in id order (PostgreSQL; SQLite's immediate
// transactions already serialise writers) and returns them by id.
func lockPosts(tx *gorm.DB, ids ...int64) (map[int64]*store.Post, error) {
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var ps []*store.Post
	if err := q.Where("id IN ? AND deleted_at IS NULL", ids).Order("id").Find(&ps).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]*store.Post, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// lockUsers locks users in id order and returns them by id. Writers lock
// posts first, then users, each in id order, so they cannot deadlock.
func lockUsers(tx *gorm.DB, ids ...int64) (map[int64]*store.User, error) {
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var us []*store.User
	if err := q.Where("id IN ?", ids).Order("id").Find(&us).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]*store.User, len(us))
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}

// record writes one ledger event and moves the cached reputation with it.
func record(tx *gorm.DB, ev store.ReputationEvent) error {
	if ev.Delta == 0 {
		return nil
	}
	if err := tx.Create(&ev).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE users SET reputation = reputation + ? WHERE id = ?", ev.Delta, ev.UserID).Error
}

// grantCapped records a gain that counts against the user's daily cap and
// returns what was granted: at most what is left of today's cap.
func grantCapped(tx *gorm.DB, cap int, ev store.ReputationEvent) error {
	day := ev.CreatedAt.UTC().Truncate(24 * time.Hour)
	var today int
	if err := tx.Model(&store.ReputationEvent{}).Select("COALESCE(SUM(delta), 0)").
		Where("user_id = ? AND created_at >= ? AND kind IN ?", ev.UserID, day, capped).
		Scan(&today).Error; err != nil {
		return err
	}
	room := cap - today
	if room < 0 {
		room = 0
	}
	if ev.Delta > room {
		ev.Delta = room
	}
	if ev.Delta <= 0 {
		return nil
	}
	return record(tx, ev)
}

// reverse undoes what events of one kind from one actor on one post gave a
// user: it records the negation of their net sum as kind + "_undone".
func reverse(tx *gorm.DB, userID, postID int64, actorID *int64, kind string, now time.Time) error {
	return reverseAs(tx, userID, postID, actorID, kind, undone, now)
}

// reverseAs is reverse recording the reversal as kind + suffix ("_undone"
// or "_deleted"); the net sum counts them all, a restoration's ("_restored") too.
func reverseAs(tx *gorm.DB, userID, postID int64, actorID *int64, kind, suffix string, now time.Time) error {
	q := tx.Model(&store.ReputationEvent{}).Select("COALESCE(SUM(delta), 0)").
		Where("user_id = ? AND post_id = ? AND kind IN ?", userID, postID, []string{kind, kind + undone, kind + deleted, kind + restored})
	if actorID != nil {
		q = q.Where("actor_id = ?", *actorID)
	} else {
		q = q.Where("actor_id IS NULL")
	}
	var net int
	if err := q.Scan(&net).Error; err != nil {
		return err
	}
	return record(tx, store.ReputationEvent{UserID: userID, PostID: &postID, ActorID: actorID,
		Kind: kind + suffix, Delta: -net, CreatedAt: now})
}
