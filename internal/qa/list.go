package qa

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
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

// maxPage bounds page numbers, so that no offset computed from one can
// overflow; no list is that long.
const maxPage = 1 << 20

// ValidSort reports whether sort names a list order ("" is the default).
func ValidSort(sort string) bool {
	switch sort {
	case "", SortNewest, SortActive, SortUnanswered, SortVotes:
		return true
	}
	return false
}

// Normalize fills defaults and clamps the page size.
func (q *ListQuery) Normalize() {
	switch q.Sort {
	case SortNewest, SortActive, SortUnanswered, SortVotes:
	default:
		q.Sort = SortNewest
	}
	q.Tag = text.NormalizeTag(q.Tag)
	q.Page = min(max(q.Page, 1), maxPage)
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
	// Answered holds the questions with a live answer of positive score
	// (with an accepted answer, what makes a question "answered", the ✓ of the lists).
	Answered map[int64]bool
}

// listSelect is what a list shows of a question (posts as p): no bodies.
const listSelect = `p.id, p.type, p.owner_id, p.owner_name, p.title, p.tags, p.score, p.answer_count,
	p.comment_count, COALESCE(vc.views, 0) AS view_count, p.accepted_answer_id, p.closed_at,
	p.closed_reason, p.duplicate_of_id, p.created_at, p.last_activity_at`

// Questions returns a page of live questions. Pages are found with a deferred
// join (ids from the matching partial index first, then the rows), or after a
// cursor (keyset pagination, as cheap on page 1,000 as on page 1); totals come
// from counters, so counts do not scan the table.
func (s *Service) Questions(ctx context.Context, q ListQuery) (*QuestionList, error) {
	q.Normalize()
	db := s.Store.DB.WithContext(ctx)
	order := map[string]string{
		SortNewest: "created_at DESC, id DESC", SortUnanswered: "created_at DESC, id DESC",
		SortActive: "last_activity_at DESC, id DESC", SortVotes: "score DESC, id DESC",
	}[q.Sort]
	ids := db.Model(&store.Post{}).Select("id").Where(store.TypeIs("type", store.PostQuestion) + " AND deleted_at IS NULL")
	if q.Sort == SortUnanswered {
		ids = db.Model(&store.Post{}).Select("id").Where(store.Unanswered)
	}
	out := &QuestionList{}
	if q.Tag != "" {
		var tag store.Tag
		if !text.ValidTag(q.Tag) {
			return nil, ErrNoTag(q.Tag)
		}
		err := db.Where("name = ?", q.Tag).Take(&tag).Error
		if store.IsNotFound(err) {
			return nil, ErrNoTag(q.Tag)
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
	// The rows and their authors in one query.
	var rows []struct {
		store.Post
		JoinedAuthor
	}
	err := db.Table("posts AS p").Select(listSelect+", "+authorJoinColumns).
		Joins("LEFT JOIN users u ON u.id = p.owner_id").Joins(store.ViewCountsJoin).
		Where("p.id IN (?)", ids).Order(qualify(order)).Find(&rows).Error
	if err != nil {
		return nil, errs.Internalf(err, "qa: list")
	}
	out.Items = make([]*store.Post, len(rows))
	out.Users = make(map[int64]*store.User, len(rows))
	for i := range rows {
		p := &rows[i].Post
		out.Items[i] = p
		if u := rows[i].author(p.OwnerID); u != nil {
			out.Users[u.ID] = u
		}
	}
	if len(out.Items) == q.PageSize {
		out.NextCursor = encodeCursor(q.Sort, out.Items[len(out.Items)-1])
	}
	pageIDs := make([]int64, 0, len(out.Items))
	for _, p := range out.Items {
		if p.AcceptedAnswerID == nil && p.AnswerCount > 0 {
			pageIDs = append(pageIDs, p.ID)
		}
	}
	if out.Answered, err = s.PositiveAnswered(ctx, pageIDs); err != nil {
		return nil, err
	}
	return out, nil
}

// qualify prefixes each column of an ORDER BY list with the posts alias p.
func qualify(order string) string {
	parts := strings.Split(order, ", ")
	for i, part := range parts {
		parts[i] = "p." + part
	}
	return strings.Join(parts, ", ")
}
