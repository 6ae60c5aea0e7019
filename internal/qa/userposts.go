package qa

import (
	"context"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// UserPost is a user's question or answer as their profile lists it; answers
// carry their question's title.
type UserPost struct {
	store.Post
	QuestionTitle string
}

// UserPosts lists a user's live posts of one type, newest first.
func (s *Service) UserPosts(ctx context.Context, userID int64, postType, limit int) ([]UserPost, error) {
	if limit < 1 || limit > MaxPageSize {
		limit = 20
	}
	var out []UserPost
	err := s.Store.DB.WithContext(ctx).Table("posts AS p").
		Select("p.id, p.type, p.parent_id, p.owner_id, p.title, p.tags, p.score, p.answer_count, p.accepted_answer_id, p.created_at, p.last_activity_at, COALESCE(q.title, p.title) AS question_title").
		Joins("LEFT JOIN posts AS q ON q.id = p.parent_id").
		Where("p.owner_id = ? AND p.type = ? AND p.deleted_at IS NULL AND (q.id IS NULL OR q.deleted_at IS NULL)", userID, postType).
		Order("p.id DESC").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, errs.Internalf(err, "qa: user posts")
	}
	return out, nil
}
