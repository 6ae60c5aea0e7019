package importer

import (
	"context"
	"time"

	"stackdesk/internal/store"
)

// enqueueIndex adds search_outbox rows for the questions a batch changed, so
// that every search index following the outbox picks them up (see
// store.EnqueueIndex, which does the same for one question).
func enqueueIndex(ctx context.Context, t dbtx, ids map[int64]bool, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	rows := make([][]any, 0, len(ids))
	for _, id := range distinct(keys(ids)) {
		rows = append(rows, []any{id, now})
	}
	if err := t.copy(ctx, "search_outbox", []string{"post_id", "created_at"}, rows); err != nil {
		return err
	}
	if t.postgres() {
		_, err := t.exec(ctx, "SELECT pg_notify(?, '')", store.OutboxChannel)
		return err
	}
	return nil
}
