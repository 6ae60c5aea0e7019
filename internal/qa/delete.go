package qa

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// deletedBefore reports whether the post is deleted and the actor is one who
// sees it so (its author or staff).
func deletedBefore(tx *gorm.DB, actor *store.User, postID int64) bool {
	var p store.Post
	err := tx.Select("owner_id").Where("id = ? AND deleted_at IS NOT NULL", postID).Take(&p).Error
	return err == nil && (actor.IsStaff() || actor.Owns(p.OwnerID))
}

// Delete soft-deletes a post: it disappears from lists, pages and search, and
// every count that included it is corrected in the same transaction, where
// the edits suggested for it (and for a question's answers) that still wait
// are rejected. A post
// deleted already is left as it is for its author and staff (a second click).
// A question other questions are closed as duplicates of is refused: to
// its author for good, to a moderator until confirmed (DeleteConfirmed).
func (s *Service) Delete(ctx context.Context, actor *store.User, postID int64) error {
	return s.delete(ctx, actor, postID, 0)
}

// delete is Delete for a caller who confirmed seen duplicates of the post.
func (s *Service) delete(ctx context.Context, actor *store.User, postID, seen int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if !actor.IsStaff() {
			// An author's deletion of a question reads its answers under a
			// share lock, before the question: writers to an answer lock it
			// first and then touch its question, so this order cannot deadlock.
			if err := lockAnswersOf(tx, postID); err != nil {
				return err
			}
		}
		p, err := lockPost(tx, postID)
		if errs.CodeOf(err) == errs.NotFound && deletedBefore(tx, actor, postID) {
			return nil // a second click: it is deleted already
		}
		if err != nil {
			return err
		}
		if !actor.IsStaff() {
			if p.OwnerID == nil || *p.OwnerID != actor.ID {
				return errs.E(errs.Forbidden, "post.delete_forbidden", "Only the author or a moderator can delete this post.")
			}
			if err := authorMayDelete(tx, p); err != nil {
				return err
			}
		}
		if err := duplicatesMayGo(tx, actor, p, seen); err != nil {
			return err
		}
		if err := tx.Model(&store.Post{}).Where("id = ?", p.ID).
			Updates(map[string]any{"deleted_at": now, "deleted_by": actor.ID, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := resolveFlagsOnDelete(tx, actor, p, nil, now); err != nil {
			return err
		}
		if err := rejectOnDelete(tx, p, actor.ID, now); err != nil {
			return err
		}
		if !actor.Owns(p.OwnerID) { // a moderator's deletion is on record, as the restoring is
			if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "delete", TargetType: "post",
				TargetID: &p.ID, CreatedAt: now}).Error; err != nil {
				return err
			}
			if err := notify.Deleted(tx, p, actor.ID, now); err != nil {
				return err
			}
		}
		if p.Type == store.PostQuestion {
			if err := removeTags(tx, p.ID, TagList(p.Tags)); err != nil {
				return err
			}
			if err := store.AddCounter(tx, "questions", -1); err != nil {
				return err
			}
			if p.WaitsForAnswer() {
				if err := store.AddCounter(tx, "unanswered", -1); err != nil {
					return err
				}
			}
			// As deleting the accepted answer does, deleting its question takes
			// back what the acceptance gave, and marks it so that restoring
			// gives it back (and only then: questions deleted before kept it);
			// votes stay.
			took := false
			if err := withAccepted(tx, p, func(a *store.Post) error {
				took = true
				return reputation.DeletedAcceptance(tx, p, a, now)
			}); err != nil {
				return err
			}
			if took {
				if err := tx.Model(&store.Post{}).Where("id = ?", p.ID).Update("deleted_accepted", true).Error; err != nil {
					return err
				}
			}
			return store.EnqueueIndex(tx, p.ID, now)
		}
		return s.afterAnswerDeleted(tx, p, now)
	})
	return wrap(err, "qa: delete")
}

// withAccepted calls fn with the live accepted answer of question q, if it
// has one.
func withAccepted(tx *gorm.DB, q *store.Post, fn func(a *store.Post) error) error {
	if q.AcceptedAnswerID == nil {
		return nil
	}
	var a store.Post
	err := tx.Select("id", "type", "owner_id", "parent_id", "score").
		Where("id = ? AND deleted_at IS NULL", *q.AcceptedAnswerID).Take(&a).Error
	if store.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return fn(&a)
}

// authorMayDelete refuses its author the deletion of a post that has become
// other people's solution: a question with an accepted or upvoted answer,
// and an accepted answer. A moderator can still delete them.
func authorMayDelete(tx *gorm.DB, p *store.Post) error {
	if p.Type == store.PostQuestion {
		var answers []store.Post
		if err := tx.Model(&store.Post{}).Select("id", "score").
			Where("parent_id = ? AND type = ? AND deleted_at IS NULL", p.ID, store.PostAnswer).Find(&answers).Error; err != nil {
			return err
		}
		helped := slices.ContainsFunc(answers, func(a store.Post) bool {
			return a.Score > 0 || p.AcceptedAnswerID != nil && a.ID == *p.AcceptedAnswerID
		})
		if helped {
			return errs.E(errs.Forbidden, "post.delete_helped",
				"This question has an answer that helped (accepted or voted up), so it stays for others. Ask a moderator if it must go.")
		}
		return nil
	}
	if p.ParentID == nil {
		return nil
	}
	var accepted int64
	if err := tx.Model(&store.Post{}).Where("id = ? AND accepted_answer_id = ?", *p.ParentID, p.ID).
		Count(&accepted).Error; err != nil {
		return err
	}
	if accepted > 0 {
		return errs.E(errs.Forbidden, "post.delete_accepted",
			"This answer is accepted as the solution, so it stays for others. Ask a moderator if it must go.")
	}
	return nil
}

// lockAnswersOf share-locks the live answers of question id (none when id is
// an answer): a vote landing on one meanwhile, which locks it, either waits
// for the caller's transaction, and then finds the question gone, or is
// seen by it once it commits. PostgreSQL only; SQLite writes one at a time.
func lockAnswersOf(tx *gorm.DB, id int64) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	var ids []int64
	return tx.Model(&store.Post{}).Clauses(clause.Locking{Strength: "SHARE"}).
		Where("parent_id = ? AND type = ? AND deleted_at IS NULL", id, store.PostAnswer).Order("id").Pluck("id", &ids).Error
}

// afterAnswerDeleted uncounts a deleted answer on its question and clears the
// acceptance if it was the accepted answer.
func (s *Service) afterAnswerDeleted(tx *gorm.DB, a *store.Post, now time.Time) error {
	if a.ParentID == nil {
		return nil
	}
	var q []store.Post
	err := tx.Raw(`UPDATE posts SET answer_count = answer_count - 1 WHERE id = ?
		RETURNING id, type, answer_count, accepted_answer_id, deleted_at, closed_at`, *a.ParentID).Scan(&q).Error
	if err != nil || len(q) == 0 {
		return err
	}
	if q[0].WaitsForAnswer() {
		if err := store.AddCounter(tx, "unanswered", 1); err != nil {
			return err
		}
	}
	if q[0].AcceptedAnswerID != nil && *q[0].AcceptedAnswerID == a.ID {
		if err := s.unaccept(tx, q[0].ID, a, now); err != nil {
			return err
		}
		if err := tx.Model(&store.Post{}).Where("id = ?", a.ID).Update("deleted_accepted", true).Error; err != nil {
			return err
		}
	}
	return store.EnqueueIndex(tx, q[0].ID, now)
}

// Undelete restores a deleted post: moderators any, authors what they
// deleted themselves. It is back in lists, pages and search, and every count
// a deletion corrected is counted again, in one transaction; an answer whose
// deletion took its acceptance is accepted again, unless the asker has
// accepted or unaccepted an answer since; the votes to close that name a
// restored question as the original stand again, and close the questions
// they now make enough for (see recountCloseVotes). An answer whose
// question is deleted waits for the question. A post that is not deleted
// is left as it is.
func (s *Service) Undelete(ctx context.Context, actor *store.User, postID int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var p store.Post
		err := q.Where("id = ?", postID).Take(&p).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "post.not_found", "No such post.")
		}
		if err != nil {
			return err
		}
		if err := mayRestore(actor, &p); err != nil {
			return err
		}
		if p.DeletedAt == nil {
			return nil
		}
		if p.Type == store.PostAnswer && p.ParentID != nil {
			var live int64
			if err := tx.Model(&store.Post{}).Where("id = ? AND deleted_at IS NULL", *p.ParentID).Count(&live).Error; err != nil {
				return err
			}
			if live == 0 {
				return errs.E(errs.Conflict, "post.undelete_parent", "Its question is deleted: restore the question first.")
			}
		}
		if err := tx.Model(&store.Post{}).Where("id = ?", p.ID).
			Updates(map[string]any{"deleted_at": nil, "deleted_by": nil, "deleted_accepted": false, "updated_at": now}).Error; err != nil {
			return err
		}
		if !actor.Owns(p.OwnerID) || !actor.Owns(p.DeletedBy) { // as deleting, a moderator's restoring is on record
			if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "undelete", TargetType: "post",
				TargetID: &p.ID, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		if err := notify.Restored(tx, &p, actor.ID, now); err != nil {
			return err
		}
		if p.Type == store.PostQuestion {
			if err := addTags(tx, p.ID, TagList(p.Tags), now); err != nil {
				return err
			}
			if err := store.AddCounter(tx, "questions", 1); err != nil {
				return err
			}
			if p.AnswerCount == 0 && p.ClosedAt == nil {
				if err := store.AddCounter(tx, "unanswered", 1); err != nil {
					return err
				}
			}
			if p.DeletedAccepted {
				if err := withAccepted(tx, &p, func(a *store.Post) error { return reputation.RestoreAcceptance(tx, &p, a, *p.DeletedAt, now) }); err != nil {
					return err
				}
			}
			// Votes to close naming it as the original stand again.
			if err := s.recountCloseVotes(tx, p.ID, now); err != nil {
				return err
			}
			return store.EnqueueIndex(tx, p.ID, now)
		}
		if err := afterAnswerRestored(tx, &p, now); err != nil {
			return err
		}
		if p.DeletedAccepted {
			return s.reaccept(tx, &p, now)
		}
		return nil
	})
	return wrap(err, "qa: undelete")
}

// mayRestore refuses a user who may not restore the post: moderators
// restore any, authors what they deleted themselves. Others learn nothing
// of a deleted post.
func mayRestore(u *store.User, p *store.Post) error {
	switch {
	case u.IsStaff():
		return nil
	case !u.Owns(p.OwnerID) && p.DeletedAt != nil:
		return errs.E(errs.NotFound, "post.not_found", "No such post.")
	case !u.Owns(p.OwnerID):
		return errs.E(errs.Forbidden, "post.undelete_forbidden", "Only its author or a moderator can restore a post.")
	case p.DeletedAt != nil && !u.Owns(p.DeletedBy):
		return errs.E(errs.Forbidden, "post.undelete_moderator", "A moderator deleted this post, so only a moderator can restore it.")
	}
	return nil
}

// reaccept makes a restored answer its question's accepted answer again when
// its deletion took the acceptance and the asker has made no choice since
// (accepting or unaccepting clears the mark), and gives back what the
// deletion took from the acceptance.
func (s *Service) reaccept(tx *gorm.DB, a *store.Post, now time.Time) error {
	var q []store.Post
	err := tx.Raw(`UPDATE posts SET accepted_answer_id = ? WHERE id = ? AND accepted_answer_id IS NULL AND deleted_at IS NULL
		RETURNING id, owner_id, accepted_answer_id`, a.ID, *a.ParentID).Scan(&q).Error
	if err != nil || len(q) == 0 {
		return err
	}
	return reputation.RestoreAcceptance(tx, &q[0], a, *a.DeletedAt, now)
}

// afterAnswerRestored counts a restored answer on its question again.
func afterAnswerRestored(tx *gorm.DB, a *store.Post, now time.Time) error {
	if a.ParentID == nil {
		return nil
	}
	var q []store.Post
	err := tx.Raw(`UPDATE posts SET answer_count = answer_count + 1 WHERE id = ?
		RETURNING id, answer_count, deleted_at, closed_at`, *a.ParentID).Scan(&q).Error
	if err != nil || len(q) == 0 {
		return err
	}
	if q[0].AnswerCount == 1 && q[0].DeletedAt == nil && q[0].ClosedAt == nil {
		if err := store.AddCounter(tx, "unanswered", -1); err != nil {
			return err
		}
	}
	return store.EnqueueIndex(tx, q[0].ID, now)
}
