package reputation

import (
	"context"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// Accept marks an answer as the accepted solution of its question. Only the
// asker may; switching from another answer first reverses what that gave.
func (s *Service) Accept(ctx context.Context, actor *store.User, answerID int64) (*store.Post, error) {
	return s.setAccepted(ctx, actor, answerID, true)
}

// Unaccept removes the acceptance from an answer and reverses what it gave.
func (s *Service) Unaccept(ctx context.Context, actor *store.User, answerID int64) (*store.Post, error) {
	return s.setAccepted(ctx, actor, answerID, false)
}

func (s *Service) setAccepted(ctx context.Context, actor *store.User, answerID int64, accept bool) (*store.Post, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	var out *store.Post
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		var a store.Post
		err := tx.Select("id", "type", "parent_id").Where("id = ? AND deleted_at IS NULL", answerID).Take(&a).Error
		if store.IsNotFound(err) || (err == nil && (a.Type != store.PostAnswer || a.ParentID == nil)) {
			return errs.E(errs.NotFound, "answer.not_found", "No such answer.")
		}
		if err != nil {
			return err
		}
		posts, err := lockPosts(tx, *a.ParentID, answerID)
		if err != nil {
			return err
		}
		q, ans := posts[*a.ParentID], posts[answerID]
		if q == nil || ans == nil {
			return errs.E(errs.NotFound, "answer.not_found", "No such answer.")
		}
		if q.OwnerID == nil || *q.OwnerID != actor.ID {
			if !accept {
				return errs.E(errs.Forbidden, "accept.not_asker_undo", "Only the person who asked can take back an accepted answer.")
			}
			return errs.E(errs.Forbidden, "accept.not_asker", "Only the person who asked can accept an answer.")
		}
		current := q.AcceptedAnswerID
		if accept && current != nil && *current == answerID || !accept && (current == nil || *current != answerID) {
			out = ans
			return nil
		}
		userIDs := []int64{actor.ID}
		if ans.OwnerID != nil {
			userIDs = append(userIDs, *ans.OwnerID)
		}
		var prev *store.Post
		if current != nil && *current != answerID {
			prev = &store.Post{}
			if err := tx.Where("id = ?", *current).Take(prev).Error; err != nil {
				return err
			}
			if prev.OwnerID != nil {
				userIDs = append(userIDs, *prev.OwnerID)
			}
		}
		if _, err := lockUsers(tx, userIDs...); err != nil {
			return err
		}
		// The asker has chosen: an accepted answer deleted earlier is not
		// accepted again when it is restored.
		if err := tx.Model(&store.Post{}).Where("parent_id = ? AND deleted_accepted", q.ID).
			Update("deleted_accepted", false).Error; err != nil {
			return err
		}
		if prev != nil {
			if err := ReverseAcceptance(tx, q, prev, now); err != nil {
				return err
			}
		}
		if !accept {
			if err := ReverseAcceptance(tx, q, ans, now); err != nil {
				return err
			}
			if err := tx.Model(&store.Post{}).Where("id = ?", q.ID).Update("accepted_answer_id", nil).Error; err != nil {
				return err
			}
			out = ans
			return store.EnqueueIndex(tx, q.ID, now)
		}
		if err := tx.Model(&store.Post{}).Where("id = ?", q.ID).
			Updates(map[string]any{"accepted_answer_id": answerID, "last_activity_at": now}).Error; err != nil {
			return err
		}
		q.AcceptedAnswerID = &answerID
		if err := GrantAcceptance(tx, s.Rules, q, ans, now); err != nil {
			return err
		}
		if err := notify.Accepted(tx, q, ans, actor.ID, now); err != nil {
			return err
		}
		out = ans
		return store.EnqueueIndex(tx, q.ID, now)
	})
	if err != nil {
		return nil, wrap(err, "reputation: accept")
	}
	return out, nil
}

// GrantAcceptance gives what accepting answer a on question q earns, inside
// the caller's transaction: reputation to both people (none for accepting
// one's own answer) and the badges it completes. Accept calls it; restoring
// an acceptance that a deletion took calls RestoreAcceptance instead.
func GrantAcceptance(tx *gorm.DB, rules config.Reputation, q, a *store.Post, now time.Time) error {
	if q.OwnerID == nil {
		return nil
	}
	if a.OwnerID != nil && *a.OwnerID != *q.OwnerID {
		if _, err := lockUsers(tx, *q.OwnerID, *a.OwnerID); err != nil { // in id order, as every writer does
			return err
		}
		if err := record(tx, store.ReputationEvent{UserID: *a.OwnerID, PostID: &a.ID, ActorID: q.OwnerID,
			Kind: KindAccepted, Delta: rules.Accepted, CreatedAt: now}); err != nil {
			return err
		}
		if err := record(tx, store.ReputationEvent{UserID: *q.OwnerID, PostID: &a.ID, ActorID: q.OwnerID,
			Kind: KindAccepter, Delta: rules.Accepter, CreatedAt: now}); err != nil {
			return err
		}
	}
	return awardAfterAccept(tx, q, a, now)
}

// RestoreAcceptance gives back, inside the caller's transaction, what the
// deletion at deletedAt (of answer a or of its question q) took from
// acceptance of a: exactly that, not what accepting earns today, so an
// acceptance that paid nothing (a hotline answer published with its
// question, an imported one) or paid under other rules is restored as it
// was. The badges are given as on accepting.
func RestoreAcceptance(tx *gorm.DB, q, a *store.Post, deletedAt, now time.Time) error {
	if q.OwnerID == nil {
		return nil
	}
	if a.OwnerID != nil && *a.OwnerID != *q.OwnerID {
		if _, err := lockUsers(tx, *q.OwnerID, *a.OwnerID); err != nil { // in id order, as every writer does
			return err
		}
		if err := giveBack(tx, *a.OwnerID, a.ID, q.OwnerID, KindAccepted, deletedAt, now); err != nil {
			return err
		}
		if err := giveBack(tx, *q.OwnerID, a.ID, q.OwnerID, KindAccepter, deletedAt, now); err != nil {
			return err
		}
	}
	return awardAfterAccept(tx, q, a, now)
}

// giveBack records as kind + "_restored" the negation of what the deletion at deletedAt
// took from the user's events of that kind on the post. That deletion's
// event is the latest of the kind's events, since a deleted post takes no
// acceptance, and it is no older than the deletion; a deletion that took
// nothing wrote no event, and an older "_deleted" event is an earlier
// deletion's, whose acceptance the asker has replaced since.
func giveBack(tx *gorm.DB, userID, postID int64, actorID *int64, kind string, deletedAt, now time.Time) error {
	var last []store.ReputationEvent
	if err := tx.Where("user_id = ? AND post_id = ? AND actor_id = ? AND kind IN ?",
		userID, postID, *actorID, []string{kind, kind + undone, kind + deleted, kind + restored}).
		Order("id DESC").Limit(1).Find(&last).Error; err != nil {
		return err
	}
	if len(last) == 0 || last[0].Kind != kind+deleted || last[0].CreatedAt.Before(deletedAt) {
		return nil
	}
	return record(tx, store.ReputationEvent{UserID: userID, PostID: &postID, ActorID: actorID,
		Kind: kind + restored, Delta: -last[0].Delta, CreatedAt: now})
}

// ReverseAcceptance undoes what accepting answer a on question q gave, inside
// the caller's transaction (an unaccept or a switch).
func ReverseAcceptance(tx *gorm.DB, q, a *store.Post, now time.Time) error {
	return reverseAcceptance(tx, q, a, undone, now)
}

// DeletedAcceptance undoes it when the answer or its question is deleted:
// the history reads so, not that the asker took the acceptance back.
func DeletedAcceptance(tx *gorm.DB, q, a *store.Post, now time.Time) error {
	return reverseAcceptance(tx, q, a, deleted, now)
}

func reverseAcceptance(tx *gorm.DB, q, a *store.Post, suffix string, now time.Time) error {
	if q.OwnerID == nil || a.OwnerID == nil {
		return nil
	}
	if err := reverseAs(tx, *a.OwnerID, a.ID, q.OwnerID, KindAccepted, suffix, now); err != nil {
		return err
	}
	return reverseAs(tx, *q.OwnerID, a.ID, q.OwnerID, KindAccepter, suffix, now)
}

// HandAcceptance accepts answer a on question q in the asker's stead,
// inside the caller's transaction, which has locked q (as the hotline does
// when it answers a reopened ticket's published question again): the
// answer accepted before, if any, loses what its acceptance gave, as on a
// switch; the new acceptance gives no reputation and no badges, since the
// asker did not choose it, as with the answer first published with the
// question. An answer deleted while accepted is not accepted again when
// restored, as when the asker chooses.
func HandAcceptance(tx *gorm.DB, q, a *store.Post, now time.Time) error {
	if q.AcceptedAnswerID != nil && *q.AcceptedAnswerID != a.ID {
		var prev store.Post
		if err := tx.Where("id = ?", *q.AcceptedAnswerID).Take(&prev).Error; err != nil {
			return err
		}
		var ids []int64
		if q.OwnerID != nil {
			ids = append(ids, *q.OwnerID)
		}
		if prev.OwnerID != nil {
			ids = append(ids, *prev.OwnerID)
		}
		if len(ids) > 0 {
			if _, err := lockUsers(tx, ids...); err != nil {
				return err
			}
		}
		if err := ReverseAcceptance(tx, q, &prev, now); err != nil {
			return err
		}
	}
	if err := tx.Model(&store.Post{}).Where("parent_id = ? AND deleted_accepted", q.ID).
		Update("deleted_accepted", false).Error; err != nil {
		return err
	}
	if err := tx.Model(&store.Post{}).Where("id = ?", q.ID).
		Updates(map[string]any{"accepted_answer_id": a.ID, "last_activity_at": now}).Error; err != nil {
		return err
	}
	q.AcceptedAnswerID = &a.ID
	return nil
}
