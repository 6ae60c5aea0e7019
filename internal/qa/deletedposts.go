package qa

import (
	"context"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// DeletedPost is one of a user's deleted questions or answers as their
// profile lists it: answers carry their question's title, and each who
// deleted it (empty when unknown, as for imported posts) and when.
type DeletedPost struct {
	ID            int64
	Type          int
	ParentID      *int64
	Title         string
	QuestionTitle string
	Score         int
	DeletedAt     time.Time
	DeletedBy     *int64
	DeleterName   string
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
	out := []DeletedPost{}
	err := db.Table("posts AS p").
		Joins("LEFT JOIN posts AS q ON q.id = p.parent_id").
		Joins("LEFT JOIN users AS d ON d.id = p.deleted_by").
		Where("p.owner_id = ? AND p.deleted_at IS NOT NULL", userID).
		Select("p.id, p.type, p.parent_id, p.title, p.score, p.deleted_at, p.deleted_by, " +
			"COALESCE(q.title, p.title) AS question_title, COALESCE(d.display_name, '') AS deleter_name").
		Order("p.deleted_at DESC, p.id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Scan(&out).Error
	if err != nil {
		return nil, 0, errs.Internalf(err, "qa: deleted user posts")
	}
	return out, total, nil
}
