package qa

import (
	"context"

	"stackdesk/internal/store"
)

// QuestionTitles reads the titles of the live questions among ids, in one
// query, for pages that link questions they know only by number (a
// duplicate's original, a /questions/N in a flag's note) so that a link
// reads as the question's title rather than its address. A deleted or
// missing question, or an answer's id, is left out.
func (s *Service) QuestionTitles(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID    int64
		Title string
	}
	err := s.Store.DB.WithContext(ctx).Table("posts").Select("id, title").
		Where("id IN ? AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), ids).Scan(&rows).Error
	if err != nil {
		return nil, wrap(err, "qa: question titles")
	}
	for _, r := range rows {
		out[r.ID] = r.Title
	}
	return out, nil
}
