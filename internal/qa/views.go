package qa

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/store"
)

// ViewCounter counts question views: one per viewer (a user, or an anonymous
// visitor) per question per hour. Page views are collected in memory and
// written in one batch every few seconds, so reading a page never waits for a
// write; the post_views table makes the one-per-hour rule hold across
// processes and flushes.
type ViewCounter struct {
	Store *store.Store
	Now   func() time.Time
	Log   *slog.Logger

	mu      sync.Mutex
	pending map[viewKey]struct{}
}

type viewKey struct {
	post   int64
	viewer string
	hour   int64
}

// maxPendingViews bounds the memory a burst of views can take before a flush.
const maxPendingViews = 100000

// Record notes that viewer saw the question.
func (v *ViewCounter) Record(questionID int64, viewer string) {
	hour := v.Now().Unix() / 3600
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.pending == nil {
		v.pending = map[viewKey]struct{}{}
	}
	if len(v.pending) < maxPendingViews {
		v.pending[viewKey{questionID, viewer, hour}] = struct{}{}
	}
}

// Flush writes the recorded views: new (post, viewer, hour) rows count one
// view each. It also forgets rows older than the previous hour.
func (v *ViewCounter) Flush(ctx context.Context) error {
	v.mu.Lock()
	batch := v.pending
	v.pending = nil
	v.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	rows := make([]viewKey, 0, len(batch))
	for k := range batch {
		rows = append(rows, k)
	}
	slices.SortFunc(rows, func(a, b viewKey) int { // a fixed lock order, as in addViews
		return cmp.Or(cmp.Compare(a.post, b.post), strings.Compare(a.viewer, b.viewer), cmp.Compare(a.hour, b.hour))
	})
	return v.Store.Tx(ctx, func(tx *gorm.DB) error {
		counts := map[int64]int{}
		for start := 0; start < len(rows); start += 500 {
			end := min(start+500, len(rows))
			var inserted []int64
			err := tx.Raw(insertViewsSQL(end-start), flatten(rows[start:end])...).Scan(&inserted).Error
			if err != nil {
				return err
			}
			for _, id := range inserted {
				counts[id]++
			}
		}
		if err := addViews(tx, counts); err != nil {
			return err
		}
		return tx.Exec("DELETE FROM post_views WHERE hour < ?", v.Now().Unix()/3600-1).Error
	})
}

// addViews adds counts to the questions' totals in view_counts, 500 at a time.
func addViews(tx *gorm.DB, counts map[int64]int) error {
	args := make([]any, 0, 2*min(len(counts), 500))
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		sql := "INSERT INTO view_counts (post_id, views) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?),", len(args)/2), ",") +
			" ON CONFLICT (post_id) DO UPDATE SET views = view_counts.views + excluded.views"
		err := tx.Exec(sql, args...).Error
		args = args[:0]
		return err
	}
	// In id order, so that two processes flushing at once take their row
	// locks in the same order and cannot deadlock.
	ids := make([]int64, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		args = append(args, id, counts[id])
		if len(args) == 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func insertViewsSQL(n int) string {
	b := make([]byte, 0, 64+n*10)
	b = append(b, "INSERT INTO post_views (post_id, viewer, hour) VALUES "...)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "(?,?,?)"...)
	}
	b = append(b, " ON CONFLICT DO NOTHING RETURNING post_id"...)
	return string(b)
}

func flatten(rows []viewKey) []any {
	out := make([]any, 0, len(rows)*3)
	for _, r := range rows {
		out = append(out, r.post, r.viewer, r.hour)
	}
	return out
}

// Run flushes every interval until ctx ends, then once more.
func (v *ViewCounter) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if err := v.Flush(context.Background()); err != nil {
				v.Log.Warn("flush views", "err", err)
			}
			return
		case <-t.C:
			if err := v.Flush(ctx); err != nil {
				v.Log.Warn("flush views", "err", err)
			}
		}
	}
}
