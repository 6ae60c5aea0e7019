package qa

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// AddComment stores a comment on a live question or answer. The same
// comment sent again by its author within RepeatWindow gives back the first.
func (s *Service) AddComment(ctx context.Context, actor *store.User, postID int64, body string) (*store.Comment, error) {
	c, _, err := s.AddCommentOnce(ctx, actor, postID, body)
	return c, err
}

// AddCommentOnce is AddComment telling also whether the comment was sent
// again (true: the first one is given back and nothing was written).
func (s *Service) AddCommentOnce(ctx context.Context, actor *store.User, postID int64, body string) (*store.Comment, bool, error) {
	if actor == nil {
		return nil, false, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to comment.")
	}
	var f errs.Fields
	checkText(&f, "body", body, CommentMin, CommentMax, true)
	if err := f.Err(); err != nil {
		return nil, false, err
	}
	bodyHTML, err := s.renderShown(ctx, "body", body, markdown.RenderComment, "")
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	c := &store.Comment{PostID: postID, OwnerID: &actor.ID, Body: body, BodyHTML: bodyHTML, CreatedAt: now}
	again := false
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := lockWriter(tx, actor.ID); err != nil {
			return err
		}
		prior, err := repeatedComment(tx, c, now.Add(-RepeatWindow))
		if err != nil {
			return err
		}
		if prior != nil {
			c, again = prior, true // sent again: the first one, not a copy
			return nil
		}
		if err := s.throttleNew(tx, actor, 0, now); err != nil {
			return err
		}
		res := tx.Exec("UPDATE posts SET comment_count = comment_count + 1 WHERE id = ? AND deleted_at IS NULL AND "+liveParent, postID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.NotFound, "post.not_found", "No such post.")
		}
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		return notify.Commented(tx, c, now)
	})
	if err != nil {
		return nil, false, wrap(err, "qa: comment")
	}
	return c, again, nil
}

// CommentEditWindow is how long after writing a comment its author may
// still edit it, as on Stack Overflow; later a correction is a new
// comment (and the old one deleted). Moderators edit any live comment.
const CommentEditWindow = 5 * time.Minute

// MayEditComment reports whether u may edit the comment c at now: a live
// comment, by its author within CommentEditWindow, or by a moderator.
func MayEditComment(u *store.User, c *store.Comment, now time.Time) bool {
	return u != nil && c.DeletedAt == nil &&
		(u.IsStaff() || u.Owns(c.OwnerID) && now.Before(c.CreatedAt.Add(CommentEditWindow)))
}

// EditComment replaces the text of a live comment on a live post: its
// author within CommentEditWindow of writing it, a moderator any time (on
// record, with the text it had). The comment keeps its place and date and
// shows as edited; @mentions it gains notify nobody. The same text again
// changes nothing.
func (s *Service) EditComment(ctx context.Context, actor *store.User, commentID int64, body string) (*store.Comment, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	var c store.Comment
	err := s.Store.DB.WithContext(ctx).Where("id = ? AND deleted_at IS NULL", commentID).Take(&c).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "comment.not_found", "No such comment.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: edit comment")
	}
	if err := s.CheckCommentEdit(actor, &c); err != nil {
		return nil, err
	}
	var f errs.Fields
	checkText(&f, "body", body, CommentMin, CommentMax, true)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if body == c.Body {
		return &c, nil
	}
	bodyHTML, err := s.renderShown(ctx, "body", body, markdown.RenderComment, c.BodyHTML)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		// Locked, so that of two edits at once the second reads the first's
		// text (for the audit) and the author's window is judged on it.
		var cur store.Comment
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Where("id = ? AND deleted_at IS NULL", commentID).Take(&cur).Error; err != nil {
			if store.IsNotFound(err) {
				return errs.E(errs.NotFound, "comment.not_found", "No such comment.")
			}
			return err
		}
		if err := s.CheckCommentEdit(actor, &cur); err != nil {
			return err
		}
		var live int64
		if err := tx.Model(&store.Post{}).Where("id = ? AND deleted_at IS NULL AND "+liveParent, cur.PostID).Count(&live).Error; err != nil {
			return err
		}
		if live == 0 {
			return errs.E(errs.Conflict, "comment.post_deleted", "The post of this comment is deleted: its comments cannot change.")
		}
		if err := tx.Model(&store.Comment{}).Where("id = ?", cur.ID).
			Updates(map[string]any{"body": body, "body_html": bodyHTML, "edited_at": now}).Error; err != nil {
			return err
		}
		if !actor.Owns(cur.OwnerID) {
			if err := auditComment(tx, actor, "comment.edit", &cur, now); err != nil {
				return err
			}
		}
		c = cur
		return nil
	})
	if err != nil {
		return nil, wrap(err, "qa: edit comment")
	}
	c.Body, c.BodyHTML, c.EditedAt = body, bodyHTML, &now
	return &c, nil
}

// CheckCommentEdit says why actor may not edit the live comment c now, if
// they may not (nil when they may).
func (s *Service) CheckCommentEdit(actor *store.User, c *store.Comment) error {
	switch {
	case MayEditComment(actor, c, s.now()):
		return nil
	case actor.Owns(c.OwnerID):
		return errs.E(errs.Forbidden, "comment.edit_window",
			"A comment can be edited for 5 minutes after it was written: delete it and write a new one.")
	default:
		return errs.E(errs.Forbidden, "comment.edit_forbidden", "Only its author or a moderator can edit this comment.")
	}
}

// Comments lists the live comments on a post, oldest first.
func (s *Service) Comments(ctx context.Context, postID int64) ([]store.Comment, map[int64]*store.User, error) {
	if _, err := s.livePost(ctx, postID); err != nil {
		return nil, nil, err
	}
	var cs []store.Comment
	if err := s.Store.DB.WithContext(ctx).Where("post_id = ? AND deleted_at IS NULL", postID).
		Order("id").Find(&cs).Error; err != nil {
		return nil, nil, errs.Internalf(err, "qa: comments")
	}
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		if c.OwnerID != nil {
			ids = append(ids, *c.OwnerID)
		}
	}
	users, err := s.users(ctx, ids)
	return cs, users, err
}

// DeleteComment soft-deletes a comment; its author and moderators may. A
// moderator's deletion of someone else's comment is on record, with its id
// and text. A comment already deleted is left as it is (a second click).
func (s *Service) DeleteComment(ctx context.Context, actor *store.User, commentID int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var c store.Comment
		err := tx.Where("id = ?", commentID).Take(&c).Error
		mine := err == nil && actor.Owns(c.OwnerID)
		if store.IsNotFound(err) || err == nil && c.DeletedAt != nil && !mine && !actor.IsStaff() {
			return errs.E(errs.NotFound, "comment.not_found", "No such comment.")
		}
		if err != nil {
			return err
		}
		if !mine && !actor.IsStaff() {
			return errs.E(errs.Forbidden, "comment.delete_forbidden", "Only the author or a moderator can delete this comment.")
		}
		// Two deletions at once: only the one that marks it uncounts it.
		res := tx.Model(&store.Comment{}).Where("id = ? AND deleted_at IS NULL", c.ID).Update("deleted_at", now)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if err := resolveFlagsOnDelete(tx, actor, &store.Post{ID: c.PostID}, &c.ID, now); err != nil {
			return err
		}
		if !mine {
			if err := auditComment(tx, actor, "comment.delete", &c, now); err != nil {
				return err
			}
		}
		return tx.Exec("UPDATE posts SET comment_count = comment_count - 1 WHERE id = ?", c.PostID).Error
	})
	return wrap(err, "qa: delete comment")
}

// UndeleteComment restores a deleted comment: moderators only, as on Stack
// Overflow (an author who deleted a comment writes it again). It counts on
// its post again, and, as its deletion was, a moderator's restoring of
// someone else's comment is on record with its id and text. A live comment
// is left as it is (a second click). Anyone else is refused before the
// comment is looked up, so learns nothing of deleted comments.
func (s *Service) UndeleteComment(ctx context.Context, actor *store.User, commentID int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	if !actor.IsStaff() {
		return errs.E(errs.Forbidden, "comment.undelete_forbidden", "Only a moderator can restore a comment.")
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var c store.Comment
		err := tx.Where("id = ?", commentID).Take(&c).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "comment.not_found", "No such comment.")
		}
		if err != nil {
			return err
		}
		// Two restorings at once: only the one that clears the mark counts it.
		res := tx.Model(&store.Comment{}).Where("id = ? AND deleted_at IS NOT NULL", c.ID).Update("deleted_at", nil)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if !actor.Owns(c.OwnerID) {
			if err := auditComment(tx, actor, "comment.undelete", &c, now); err != nil {
				return err
			}
		}
		// A comment of a deleted post comes back with its post, which
		// takes no comments meanwhile.
		res = tx.Exec("UPDATE posts SET comment_count = comment_count + 1 WHERE id = ? AND deleted_at IS NULL AND "+liveParent, c.PostID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.E(errs.Conflict, "comment.undelete_post_deleted", "The post of this comment is deleted: restore the post first.")
		}
		return nil
	})
	return wrap(err, "qa: undelete comment")
}

// auditComment records a moderator's action on someone else's comment: about
// its post, with the comment's id and the start of its text.
func auditComment(tx *gorm.DB, actor *store.User, action string, c *store.Comment, now time.Time) error {
	return tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: action, TargetType: "post",
		TargetID: &c.PostID, Detail: fmt.Sprintf("#%d: %s", c.ID, markdown.Excerpt(c.Body, 200)), CreatedAt: now}).Error
}
