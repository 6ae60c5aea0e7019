package qa

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Sorts of the question list.
const (
	SortNewest     = "newest"
	SortActive     = "active"
	SortUnanswered = "unanswered"
	SortVotes      = "votes"
)

// MaxPageSize bounds every list.
const MaxPageSize = 100

// ListQuery selects a page of questions.
type ListQuery struct {
	Sort     string
	Tag      string
	Page     int // from 1
	PageSize int
	Cursor   string // continue after this cursor (from QuestionList.NextCursor) instead of a page number
}

// Normalize fills defaults and clamps the page size.
func (q *ListQuery) Normalize() {
	switch q.Sort {
	case SortNewest, SortActive, SortUnanswered, SortVotes:
	default:
		q.Sort = SortNewest
	}
	q.Tag = strings.ToLower(strings.TrimSpace(q.Tag))
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 {
		q.PageSize = 30
	}
	if q.PageSize > MaxPageSize {
		q.PageSize = MaxPageSize
	}
}

// QuestionList is one page of questions with their authors.
type QuestionList struct {
	Items      []*store.Post
	Total      int64
	Users      map[int64]*store.User
	NextCursor string // where the next page starts; "" on the last page
}

// listColumns are what a list shows: no bodies.
var listColumns = []string{"id", "type", "owner_id", "title", "tags", "score", "answer_count",
	"comment_count", "view_count", "accepted_answer_id", "closed_at", "duplicate_of_id",
	"created_at", "last_activity_at"}

// Questions returns a page of live questions. Pages are found with a deferred
// join (ids from the matching partial index first, then the rows), or after a
// cursor (keyset pagination, as cheap on page 1,000 as on page 1); totals come
// from counters, so counts do not scan the table.
func (s *Service) Questions(ctx context.Context, q ListQuery) (*QuestionList, error) {
	q.Normalize()
	db := s.Store.DB.WithContext(ctx)
	order := map[string]string{
		SortNewest: "id DESC", SortUnanswered: "id DESC",
		SortActive: "last_activity_at DESC, id DESC", SortVotes: "score DESC, id DESC",
	}[q.Sort]
	ids := db.Model(&store.Post{}).Select("id").Where("type = ? AND deleted_at IS NULL", store.PostQuestion)
	if q.Sort == SortUnanswered {
		ids = ids.Where("answer_count = 0")
	}
	out := &QuestionList{}
	if q.Tag != "" {
		var tag store.Tag
		err := db.Where("name = ?", q.Tag).Take(&tag).Error
		if store.IsNotFound(err) {
			out.Users = map[int64]*store.User{}
			return out, nil
		}
		if err != nil {
			return nil, errs.Internalf(err, "qa: tag")
		}
		ids = ids.Where("id IN (?)", db.Model(&store.PostTag{}).Select("post_id").Where("tag_id = ?", tag.ID))
		out.Total = int64(tag.QuestionCount)
		if q.Sort == SortUnanswered {
			if err := ids.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
				return nil, errs.Internalf(err, "qa: count")
			}
		}
	} else {
		name := "questions"
		if q.Sort == SortUnanswered {
			name = "unanswered"
		}
		n, err := store.CounterValue(db, name)
		if err != nil {
			return nil, errs.Internalf(err, "qa: count")
		}
		out.Total = n
	}
	if q.Cursor != "" {
		var err error
		if ids, err = afterCursor(ids, q.Sort, q.Cursor); err != nil {
			return nil, err
		}
		ids = ids.Order(order).Limit(q.PageSize)
	} else {
		ids = ids.Order(order).Limit(q.PageSize).Offset((q.Page - 1) * q.PageSize)
	}
	if err := db.Select(listColumns).Where("id IN (?)", ids).Order(order).Find(&out.Items).Error; err != nil {
		return nil, errs.Internalf(err, "qa: list")
	}
	if len(out.Items) == q.PageSize {
		out.NextCursor = encodeCursor(q.Sort, out.Items[len(out.Items)-1])
	}
	owners := make([]int64, 0, len(out.Items))
	for _, p := range out.Items {
		if p.OwnerID != nil {
			owners = append(owners, *p.OwnerID)
		}
	}
	var err error
	out.Users, err = s.users(ctx, owners)
	return out, err
}
