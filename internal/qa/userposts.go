package qa

import (
	"context"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// UserPost is a user's question or answer as their profile lists it; answers
// carry their question's title.
type UserPost struct {
	store.Post
	QuestionTitle string
}

// UserPosts lists a page of a user's live posts of one type, newest first,
// and how many there are in all.
func (s *Service) UserPosts(ctx context.Context, userID int64, postType, page, size int) ([]UserPost, int64, error) {
	if size < 1 || size > MaxPageSize {
		size = 20
	}
	live := func() *gorm.DB {
		return s.Store.DB.WithContext(ctx).Table("posts AS p").
			Joins("LEFT JOIN posts AS q ON q.id = p.parent_id").
			Where("p.owner_id = ? AND "+store.TypeIs("p.type", postType)+" AND p.deleted_at IS NULL AND (q.id IS NULL OR q.deleted_at IS NULL)", userID)
	}
	var total int64
	if err := live().Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "qa: user posts")
	}
	var out []UserPost
	err := live().
		Select("p.id, p.type, p.parent_id, p.owner_id, p.title, p.tags, p.score, p.answer_count, p.accepted_answer_id, p.created_at, p.last_activity_at, COALESCE(q.title, p.title) AS question_title").
		Order("p.id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Scan(&out).Error
	if err != nil {
		return nil, 0, errs.Internalf(err, "qa: user posts")
	}
	return out, total, nil
}
