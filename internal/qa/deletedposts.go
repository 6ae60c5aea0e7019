package qa

import (
	"context"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// DeletedPost is one of a user's deleted questions or answers as their
// profile lists it: answers carry their question's title, and each who
// deleted it (empty when unknown, as for imported posts), with their role
// for the staff mark, and when. An answer whose question is deleted too and
// hidden from the viewer (someone else's, for a viewer who is not staff) has
// QuestionGone set and neither its question's id nor title: a link would
// lead to a page the viewer may not open.
type DeletedPost struct {
	ID            int64
	Type          int
	ParentID      *int64
	Title         string
	QuestionTitle string
	QuestionGone  bool `gorm:"-"`
	Score         int
	DeletedAt     time.Time
	DeletedBy     *int64
	DeleterName   string
	DeleterRole   string
}

// deletedRow is a DeletedPost as the query reads it, with what decides
// whether the viewer may open the answer's question.
type deletedRow struct {
	DeletedPost     `gorm:"embedded"`
	QuestionID      *int64
	QuestionOwnerID *int64
	QuestionDeleted *time.Time
}

// MayListDeleted reports whether viewer may see the deleted posts of user
// userID: the user themselves and staff; nobody else learns of them.
func MayListDeleted(viewer *store.User, userID int64) bool {
	return viewer != nil && (viewer.ID == userID || viewer.IsStaff())
}

// DeletedUserPosts lists a page of user userID's deleted questions and
// answers, the latest deleted first, and how many there are in all, for
// the user themselves and staff; to anyone else the list does not exist.
func (s *Service) DeletedUserPosts(ctx context.Context, viewer *store.User, userID int64, page, size int) ([]DeletedPost, int64, error) {
	if !MayListDeleted(viewer, userID) {
		return nil, 0, errs.E(errs.NotFound, "error.not_found", "Not found.")
	}
	if size < 1 || size > MaxPageSize {
		size = 20
	}
	db := s.Store.DB.WithContext(ctx)
	var total int64
	if err := db.Model(&store.Post{}).Where("owner_id = ? AND deleted_at IS NOT NULL", userID).Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "qa: deleted user posts")
	}
	var rows []deletedRow
	err := db.Table("posts AS p").
		Joins("LEFT JOIN posts AS q ON q.id = p.parent_id").
		Joins("LEFT JOIN users AS d ON d.id = p.deleted_by").
		Where("p.owner_id = ? AND p.deleted_at IS NOT NULL", userID).
		Select("p.id, p.type, p.parent_id, p.title, p.score, p.deleted_at, p.deleted_by, " +
			"COALESCE(q.title, p.title) AS question_title, COALESCE(d.display_name, '') AS deleter_name, " +
			"COALESCE(d.role, '') AS deleter_role, q.id AS question_id, q.owner_id AS question_owner_id, q.deleted_at AS question_deleted").
		Order("p.deleted_at DESC, p.id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Scan(&rows).Error
	if err != nil {
		return nil, 0, errs.Internalf(err, "qa: deleted user posts")
	}
	out := make([]DeletedPost, 0, len(rows))
	for _, r := range rows {
		d := r.DeletedPost
		// The thread page shows a deleted question to staff and its owner
		// only (ThreadFor); to anyone else it does not exist.
		if d.Type == store.PostAnswer && (r.QuestionID == nil ||
			r.QuestionDeleted != nil && !viewer.IsStaff() && !viewer.Owns(r.QuestionOwnerID)) {
			d.QuestionGone, d.ParentID, d.QuestionTitle = true, nil, ""
		}
		out = append(out, d)
	}
	return out, total, nil
}
