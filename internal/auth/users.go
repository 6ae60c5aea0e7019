package auth

import (
	"context"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// UserQuery selects a page of users.
type UserQuery struct {
	Filter   string // username or display name prefix
	Page     int
	PageSize int
}

// Users lists users by reputation, highest first.
func (s *Service) Users(ctx context.Context, q UserQuery) ([]store.User, int64, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 || q.PageSize > 100 {
		q.PageSize = 36
	}
	db := s.Store.DB.WithContext(ctx).Model(&store.User{})
	if q.Filter != "" && len(q.Filter) <= 50 {
		db = db.Where(store.PrefixLike("username", NormalizeUsername(q.Filter)))
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "auth: count users")
	}
	var us []store.User
	if err := db.Order("reputation DESC, id").Limit(q.PageSize).Offset((q.Page - 1) * q.PageSize).Find(&us).Error; err != nil {
		return nil, 0, errs.Internalf(err, "auth: users")
	}
	return us, total, nil
}
