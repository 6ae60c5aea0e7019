package qa

import (
	"context"
	"slices"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// LinkedShown bounds the questions closed as duplicates of a question that
// its page lists as linked (the best scored first).
const LinkedShown = 10

// RelatedShown is how many related questions a question's page (and its
// JSON) lists.
const RelatedShown = 8

// Brief is a question as a question page's sidebar lists it.
type Brief struct {
	ID               int64
	Title            string
	Score            int
	AnswerCount      int
	AcceptedAnswerID *int64
}

// Answered reports whether the question has an answer, as the similar
// questions on the ask page say.
func (b Brief) Answered() bool { return b.AnswerCount > 0 }

// Accepted reports whether the question has an accepted answer.
func (b Brief) Accepted() bool { return b.AcceptedAnswerID != nil }

// Sidebar is what a question's page lists beside it.
type Sidebar struct {
	// Linked: the question q duplicates, then the questions closed as
	// duplicates of q (up to LinkedShown, the best scored first); live
	// ones only.
	Linked []Brief
	// Related: the questions of related (search hits, in their order)
	// that are live and not linked (nor closed as duplicates of q), up to
	// the limit given.
	Related []Brief
}

// sidebarRow is a row of SidebarOf's query: Dups is 1 for the rows of
// its second part (the duplicates of the question).
type sidebarRow struct {
	Brief
	DuplicateOfID *int64
	Closed        int
	Dups          int
}

// SidebarOf loads the linked questions of q and the related ones (ids
// found by search, q and its original left out) in one query.
func (s *Service) SidebarOf(ctx context.Context, q *store.Post, related []int64, limit int) (Sidebar, error) {
	var original int64
	if q.DuplicateOfID != nil {
		original = *q.DuplicateOfID
	}
	ids := append(slices.Clone(related), original)
	cols := "id, title, score, answer_count, accepted_answer_id, duplicate_of_id, CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END AS closed"
	question := store.TypeIs("type", store.PostQuestion) + " AND deleted_at IS NULL"
	var rows []sidebarRow
	err := s.Store.DB.WithContext(ctx).Raw("SELECT "+cols+", 0 AS dups FROM posts WHERE id IN ? AND "+question+
		" UNION ALL SELECT * FROM (SELECT "+cols+", 1 AS dups FROM posts WHERE duplicate_of_id = ? AND closed_at IS NOT NULL AND "+question+
		" ORDER BY score DESC, id LIMIT ?) d", ids, q.ID, LinkedShown).Scan(&rows).Error
	if err != nil {
		return Sidebar{}, errs.Internalf(err, "qa: sidebar")
	}
	var out Sidebar
	candidates := make(map[int64]Brief, len(rows))
	for _, r := range rows {
		switch {
		case r.Dups == 1:
			out.Linked = append(out.Linked, r.Brief)
		case r.ID == original:
			out.Linked = append([]Brief{r.Brief}, out.Linked...)
		case r.ID == q.ID, r.Closed == 1 && r.DuplicateOfID != nil && *r.DuplicateOfID == q.ID:
			// Itself, or one that leads here: linked, if among the first.
		default:
			candidates[r.ID] = r.Brief
		}
	}
	for _, id := range related {
		if r, ok := candidates[id]; ok && len(out.Related) < limit {
			out.Related = append(out.Related, r)
			delete(candidates, id) // once
		}
	}
	return out, nil
}
