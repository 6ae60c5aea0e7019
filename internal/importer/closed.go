package importer

import (
	"context"
	"fmt"

	"stackdesk/internal/store"
)

// closeState is how a question is closed.
type closeState struct {
	Closed      bool
	Reason      string
	DuplicateOf int64 // 0 for none
	Unanswered  bool  // counted as unanswered (store.Unanswered)
}

// closeStates reads how the given questions (ids here) are closed, so that
// links and close events already applied are not applied again.
func closeStates(ctx context.Context, t dbtx, ids []int64) (map[int64]closeState, error) {
	ids = distinct(ids)
	out := make(map[int64]closeState, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inIDs(t, "id", ids)
	rows, err := t.query(ctx, `SELECT id, closed_at IS NOT NULL, closed_reason, COALESCE(duplicate_of_id, 0),
		`+store.Unanswered+` FROM posts WHERE `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("read close states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c closeState
		if err := rows.Scan(&id, &c.Closed, &c.Reason, &c.DuplicateOf, &c.Unanswered); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}
