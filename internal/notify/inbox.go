package notify

import (
	"context"
	"strconv"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Item is a notification as an inbox shows it.
type Item struct {
	Notification
	QuestionTitle string // empty when the question is gone (deleted, to anyone but its author)
	QuestionGone  bool   // the question is deleted (its author still sees the title)
	AnswerGone    bool   // the answer it is about is deleted, and the page does not show it to the reader
	CommentGone   bool   // the comment it is about is deleted (only moderators see it on the page)
	ActorName     string // the actor's display name; empty for none
	ActorRole     string // the actor's role: a moderator's or administrator's name carries a ♦
	TicketSubject string // the subject of the ticket it is about
}

// Title is what the notification is about: its question's title, or its ticket's subject.
func (it *Item) Title() string {
	if it.QuestionTitle != "" {
		return it.QuestionTitle
	}
	return it.TicketSubject
}

// ActorStaff reports whether the actor is a moderator or an administrator.
func (it *Item) ActorStaff() bool {
	return it.ActorRole == store.RoleModerator || it.ActorRole == store.RoleAdmin
}

// StaffMark follows a moderator's or administrator's name in the text of a
// notification, as on Stack Overflow, so nobody passes as one by taking
// their name.
const StaffMark = " ♦"

// Read reports whether the item was read.
func (it *Item) Read() bool { return it.ReadAt != nil }

// URL is the site path the notification leads to.
func (it *Item) URL() string {
	if it.TicketID != nil {
		return "/tickets/" + strconv.FormatInt(*it.TicketID, 10)
	}
	if it.QuestionID == nil || it.QuestionTitle == "" {
		if it.Type == TypeBadge && it.Badge != "" {
			return "/badges/" + it.Badge
		}
		return "/inbox"
	}
	if it.PostID != nil && !it.AnswerGone { // of a deleted answer: its question, below
		switch it.Type {
		case TypeEditSuggested: // the one waiting
			return "/posts/" + strconv.FormatInt(*it.PostID, 10) + "/suggested-edit"
		case TypeEditApproved, TypeEditRejected, TypeEditClosed: // the reader's own, with the review
			if it.SuggestedEditID != nil { // the one it is about, not a later one
				return "/suggested-edits/" + strconv.FormatInt(*it.SuggestedEditID, 10)
			}
			// Written before notifications named their suggestion: the
			// reader's latest for the post.
			return "/posts/" + strconv.FormatInt(*it.PostID, 10) + "/suggested-edit?mine=1"
		}
	}
	u := "/questions/" + strconv.FormatInt(*it.QuestionID, 10)
	switch {
	case it.AnswerGone: // not on the reader's page, nor its comments
	case it.CommentGone && it.PostID != nil && *it.PostID != *it.QuestionID: // its answer, which is
		u += "#answer-" + strconv.FormatInt(*it.PostID, 10)
	case it.CommentGone:
	case it.CommentID != nil:
		u += "#comment-" + strconv.FormatInt(*it.CommentID, 10)
	case it.PostID != nil && *it.PostID != *it.QuestionID:
		u += "#answer-" + strconv.FormatInt(*it.PostID, 10)
	}
	return u
}

// Inbox is one page of a user's notifications, newest first.
type Inbox struct {
	Items  []Item
	Total  int64
	Unread int64
}

// MaxPageSize bounds inbox pages.
const MaxPageSize = 100

// items loads notifications with their question titles and actor names.
func items(db *gorm.DB) *gorm.DB {
	return db.Table("notifications n").
		Select("n.*, COALESCE(p.title, '') AS question_title, COALESCE(u.display_name, '') AS actor_name, COALESCE(u.role, '') AS actor_role, " +
			"COALESCE(p.deleted_at IS NOT NULL, false) AS question_gone, COALESCE(t.subject, '') AS ticket_subject, " +
			"a.id IS NOT NULL AS answer_gone, dc.id IS NOT NULL AS comment_gone").
		// A deleted question is gone, except to its author, whose page
		// still shows it to them.
		Joins("LEFT JOIN posts p ON p.id = n.question_id AND (p.deleted_at IS NULL OR p.owner_id = n.user_id)").
		// So is a deleted answer, except to its author and to staff.
		Joins("LEFT JOIN posts a ON a.id = n.post_id AND a.parent_id IS NOT NULL AND a.deleted_at IS NOT NULL " +
			"AND (a.owner_id IS NULL OR a.owner_id <> n.user_id) " +
			"AND NOT EXISTS (SELECT 1 FROM users r WHERE r.id = n.user_id AND r.role IN ('" + store.RoleModerator + "', '" + store.RoleAdmin + "'))").
		// And a deleted comment, except to staff (its author does not see it either).
		Joins("LEFT JOIN comments dc ON dc.id = n.comment_id AND dc.deleted_at IS NOT NULL " +
			"AND NOT EXISTS (SELECT 1 FROM users r WHERE r.id = n.user_id AND r.role IN ('" + store.RoleModerator + "', '" + store.RoleAdmin + "'))").
		Joins("LEFT JOIN users u ON u.id = n.actor_id").
		Joins("LEFT JOIN tickets t ON t.id = n.ticket_id")
}

// Inbox lists a page of a user's notifications, newest first, with the unread count.
func (s *Service) Inbox(ctx context.Context, userID int64, page, size int) (*Inbox, error) {
	page = max(page, 1)
	if size < 1 || size > MaxPageSize {
		size = 30
	}
	db := s.Store.DB.WithContext(ctx)
	out := &Inbox{Items: []Item{}}
	if err := db.Model(&Notification{}).Where("user_id = ?", userID).Count(&out.Total).Error; err != nil {
		return nil, errs.Internalf(err, "notify: count inbox")
	}
	if err := items(db).Where("n.user_id = ?", userID).Order("n.id DESC").
		Limit(size).Offset((page - 1) * size).Scan(&out.Items).Error; err != nil {
		return nil, errs.Internalf(err, "notify: inbox")
	}
	n, err := s.Unread(ctx, userID)
	if err != nil {
		return nil, err
	}
	out.Unread = n
	return out, nil
}

// Unread counts a user's unread notifications.
func (s *Service) Unread(ctx context.Context, userID int64) (int64, error) {
	var n int64
	if err := s.Store.DB.WithContext(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error; err != nil {
		return 0, errs.Internalf(err, "notify: unread")
	}
	return n, nil
}

// MaxMarkIDs bounds how many ids one mark-read call names.
const MaxMarkIDs = 1000

// MarkRead marks the given notifications of a user read, or all of them
// when all is set, and returns how many changed. An id that is not one of
// the user's notifications fails the call with not found.
func (s *Service) MarkRead(ctx context.Context, userID int64, ids []int64, all bool) (int64, error) {
	if !all {
		var f errs.Fields
		switch {
		case len(ids) == 0:
			f.Add("ids", "field.notify_ids.required", "Name the notifications to mark read, or mark all.")
		case len(ids) > MaxMarkIDs:
			f.Add("ids", "field.notify_ids.too_many", "Mark at most {{.Max}} notifications at once.", "Max", MaxMarkIDs)
		}
		if err := f.Err(); err != nil {
			return 0, err
		}
	}
	var changed int64
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Model(&Notification{}).Where("user_id = ?", userID)
		if !all {
			distinct := map[int64]bool{}
			for _, id := range ids {
				distinct[id] = true
			}
			var n int64
			if err := tx.Model(&Notification{}).Where("user_id = ? AND id IN ?", userID, ids).Count(&n).Error; err != nil {
				return err
			}
			if int(n) != len(distinct) {
				return errs.E(errs.NotFound, "notify.not_found", "No such notification.")
			}
			q = q.Where("id IN ?", ids)
		}
		res := q.Where("read_at IS NULL").Update("read_at", s.now())
		changed = res.RowsAffected
		return res.Error
	})
	return changed, wrap(err, "notify: mark read")
}

// Open marks one of a user's notifications read and returns it, to follow its link.
func (s *Service) Open(ctx context.Context, userID, id int64) (*Item, error) {
	var it Item
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var found []Item
		if err := items(tx).Where("n.id = ? AND n.user_id = ?", id, userID).Scan(&found).Error; err != nil {
			return err
		}
		if len(found) == 0 {
			return errs.E(errs.NotFound, "notify.not_found", "No such notification.")
		}
		it = found[0]
		if it.ReadAt != nil {
			return nil
		}
		now := s.now()
		it.ReadAt = &now
		return tx.Model(&Notification{}).Where("id = ?", id).Update("read_at", now).Error
	})
	if err != nil {
		return nil, wrap(err, "notify: open")
	}
	return &it, nil
}
