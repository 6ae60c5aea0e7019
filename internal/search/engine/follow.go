package engine

import (
	"context"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

const (
	batchSize = 1000
	// gapGrace is how long the mark waits at a gap in outbox ids: a transaction
	// that took the missing id may still commit. Older gaps are ids of
	// transactions that rolled back.
	gapGrace = 30 * time.Second
	// coalesce is how long a wake-up waits for more writes before applying them.
	coalesce = 50 * time.Millisecond
	// pruneAge is how old applied outbox rows get before they are deleted.
	pruneAge = 7 * 24 * time.Hour
)

// Run follows the outbox until ctx ends: it applies new rows at once when
// woken (PostgreSQL NOTIFY, or Wake) and polls as a fallback.
func (e *Engine) Run(ctx context.Context) {
	poll := 200 * time.Millisecond
	if e.Store.Dialect == store.Postgres {
		poll = time.Second
		go e.listen(ctx)
	}
	lastPrune := time.Time{}
	for {
		n, err := e.Step(ctx)
		if err != nil && ctx.Err() == nil {
			e.Log.Warn("search index: apply outbox", "err", err)
		}
		if time.Since(lastPrune) > time.Hour {
			e.prune(ctx)
			lastPrune = time.Now()
		}
		if n == batchSize && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
			// Let a burst of writes gather into one batch.
			select {
			case <-ctx.Done():
				return
			case <-time.After(coalesce):
			}
		case <-time.After(poll):
		}
		e.reopenIfSwapped()
	}
}

// listen wakes the follower on every NOTIFY of the outbox channel, reconnecting on error.
func (e *Engine) listen(ctx context.Context) {
	for ctx.Err() == nil {
		conn, err := pgx.Connect(ctx, e.Store.URL)
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+store.OutboxChannel)
			if err == nil {
				// Rows committed before the LISTEN took effect sent their
				// NOTIFY to nobody: catch up on them now, not at the next poll.
				e.Wake()
			}
			for err == nil {
				_, err = conn.WaitForNotification(ctx)
				if err == nil {
					e.Wake()
				}
			}
			conn.Close(context.Background())
		}
		if ctx.Err() != nil {
			return
		}
		e.Log.Warn("search index: listen for outbox notifications", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}

// Step applies the next batch of outbox rows and returns how many it read.
func (e *Engine) Step(ctx context.Context) (int, error) {
	e.stepMu.Lock()
	defer e.stepMu.Unlock()
	if !e.ready.Load() {
		return 0, nil
	}
	mark := e.mark.Load()
	var rows []store.SearchOutbox
	if err := e.Store.DB.WithContext(ctx).Where("id > ?", mark).Order("id").Limit(batchSize).Find(&rows).Error; err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, nil
	}
	e.head.Store(max(e.head.Load(), rows[len(rows)-1].ID))
	// The mark advances over contiguous ids, and over gaps old enough to be rollbacks.
	newMark, expected, stopped := mark, mark+1, false
	now := e.Now()
	seen := map[int64]bool{}
	var ids []int64
	for _, r := range rows {
		if !stopped {
			if r.ID != expected && now.Sub(r.CreatedAt) < gapGrace {
				stopped = true
			} else {
				newMark = r.ID
				expected = r.ID + 1
			}
		}
		if e.applied[r.ID] || seen[r.PostID] {
			continue
		}
		seen[r.PostID] = true
		ids = append(ids, r.PostID)
	}
	docs, deletes, err := loadDocs(ctx, e.Store.DB, ids)
	if err != nil {
		return 0, err
	}
	err = e.withIndex(func(ix *search.Index) error { return ix.Apply(docs, deletes, newMark) })
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		if r.ID > newMark {
			e.applied[r.ID] = true
		}
	}
	for id := range e.applied {
		if id <= newMark {
			delete(e.applied, id)
		}
	}
	e.mark.Store(newMark)
	return len(rows), nil
}

// CatchUp applies outbox rows until none are left (tests and the CLI use it).
func (e *Engine) CatchUp(ctx context.Context) error {
	for {
		before := e.mark.Load()
		n, err := e.Step(ctx)
		if err != nil {
			return err
		}
		if n == 0 || (n < batchSize && e.mark.Load() == before) {
			return nil
		}
	}
}

// prune deletes applied outbox rows older than pruneAge, keeping the newest
// row so that ids keep growing.
func (e *Engine) prune(ctx context.Context) {
	cutoff := e.Now().Add(-pruneAge)
	err := e.Store.DB.WithContext(ctx).Exec(
		"DELETE FROM search_outbox WHERE id <= ? AND created_at < ? AND id < (SELECT MAX(id) FROM search_outbox)",
		e.mark.Load(), cutoff).Error
	if err != nil && ctx.Err() == nil {
		e.Log.Warn("search index: prune outbox", "err", err)
	}
}

// reopenIfSwapped reopens the index when `stackdesk reindex` swapped in a new folder.
func (e *Engine) reopenIfSwapped() {
	st, err := os.Stat(e.dir)
	e.mu.RLock()
	old := e.stat
	e.mu.RUnlock()
	if err != nil || old == nil || os.SameFile(st, old) {
		return
	}
	ix, err := search.Open(e.dir)
	if err != nil {
		e.Log.Warn("search index: reopen after reindex", "err", err)
		return
	}
	mark, err := ix.Mark()
	if err != nil {
		ix.Close()
		return
	}
	e.Log.Info("search index: switched to the rebuilt index", "mark", mark)
	e.install(ix, mark)
}
