package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

// RebuildStats summarises a rebuild.
type RebuildStats struct {
	Documents int
	Seconds   float64
	PerSecond float64
}

// rebuildChunk is how many questions are read and indexed at a time.
const rebuildChunk = 500

// Rebuild builds a complete index of every live question into a fresh folder
// and swaps it in at dir. The outbox mark is read before the posts, so that
// changes made during the rebuild are applied again afterwards. progress, if
// set, is called with (done, total) as questions are indexed.
func Rebuild(ctx context.Context, st *store.Store, dir string, progress func(done, total int)) (RebuildStats, error) {
	start := time.Now()
	db := st.DB.WithContext(ctx)
	var mark, total int64
	if err := db.Raw("SELECT COALESCE(MAX(id), 0) FROM search_outbox").Scan(&mark).Error; err != nil {
		return RebuildStats{}, fmt.Errorf("engine: rebuild: %w", err)
	}
	if err := db.Model(&store.Post{}).Where(store.TypeIs("type", store.PostQuestion) + " AND deleted_at IS NULL").Count(&total).Error; err != nil {
		return RebuildStats{}, fmt.Errorf("engine: rebuild: %w", err)
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	tmp := dir + ".tmp-" + hex.EncodeToString(suffix)
	ix, err := search.Create(tmp)
	if err != nil {
		return RebuildStats{}, fmt.Errorf("engine: rebuild: %w", err)
	}
	fail := func(err error) (RebuildStats, error) {
		ix.Close()
		os.RemoveAll(tmp)
		return RebuildStats{}, fmt.Errorf("engine: rebuild: %w", err)
	}
	if progress != nil {
		progress(0, int(total)) // a bar starts when the work does, so its rate is true
	}
	done, err := indexAll(ctx, st, ix, int(total), progress)
	if err != nil {
		return fail(err)
	}
	if err := ix.Apply(nil, nil, mark); err != nil {
		return fail(err)
	}
	// One segment: searches read one dictionary per field, and no merging
	// is left to compete with them once the index serves.
	if err := ix.Compact(ctx); err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err) // Compact does not stop when cancelled
	}
	if err := ix.Close(); err != nil {
		os.RemoveAll(tmp)
		return RebuildStats{}, fmt.Errorf("engine: rebuild: %w", err)
	}
	if err := search.SwapIn(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return RebuildStats{}, err
	}
	secs := time.Since(start).Seconds()
	return RebuildStats{Documents: done, Seconds: secs, PerSecond: float64(done) / max(secs, 1e-9)}, nil
}

// indexAll reads every live question in chunks and indexes them. Reading
// from the database and each chunk's indexing run side by side, one
// chunk per core: Bleve analyses a batch on every core, but builds its
// segment on one.
func indexAll(ctx context.Context, st *store.Store, ix *search.Index, total int, progress func(done, total int)) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	db := st.DB.WithContext(ctx)
	chunks := make(chan []search.Document, 1)
	var readErr error
	go func() {
		defer close(chunks)
		var after int64
		for {
			var ids []int64
			if err := db.Model(&store.Post{}).Where(store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL AND id > ?", after).
				Order("id").Limit(rebuildChunk).Pluck("id", &ids).Error; err != nil {
				readErr = err
				return
			}
			if len(ids) == 0 {
				return
			}
			docs, _, err := loadDocs(ctx, st.DB, ids)
			if err != nil {
				readErr = err
				return
			}
			select {
			case chunks <- docs:
			case <-ctx.Done():
				readErr = ctx.Err()
				return
			}
			after = ids[len(ids)-1]
		}
	}()
	var (
		mu       sync.Mutex
		done     int
		applyErr error
		wg       sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for docs := range chunks {
				if ctx.Err() != nil {
					continue // drain: another chunk failed
				}
				err := ix.Apply(docs, nil, 0)
				mu.Lock()
				if err != nil && applyErr == nil {
					applyErr = err
					cancel()
				}
				done += len(docs)
				if err == nil && progress != nil {
					progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	switch {
	case applyErr != nil:
		return done, applyErr
	case readErr != nil:
		return done, readErr
	}
	// Cancelled after the last chunk was read: chunks may have been
	// passed over, and the index must not be swapped in without them.
	return done, ctx.Err()
}
