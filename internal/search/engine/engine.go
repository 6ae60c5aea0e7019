// Package engine keeps the Bleve search index in step with the database and
// answers searches from it. The database is the truth: every write that
// changes searchable content adds a search_outbox row in its transaction;
// the follower applies those rows in id order in batches and stores its
// high-water mark inside the index, so it resumes after a crash. A missing,
// unreadable or outdated index is rebuilt from the database into a fresh
// folder and swapped in. Hits are loaded back from the database by id, and
// anything no longer visible is dropped.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

// Engine owns the live index of one process.
type Engine struct {
	Store *store.Store
	Log   *slog.Logger
	Now   func() time.Time

	dir  string // the Bleve folder: IndexDir/questions
	mu   sync.RWMutex
	ix   *search.Index
	stat os.FileInfo // of dir when opened, to notice a swap by `stackdesk reindex`
	lock *os.File    // held while serving (Lock): one server per index folder

	ready   atomic.Bool  // a complete index is open
	mark    atomic.Int64 // last outbox id applied
	head    atomic.Int64 // newest outbox id seen
	wake    chan struct{}
	stepMu  sync.Mutex     // one Step at a time
	applied map[int64]bool // outbox ids above the mark already applied (the mark waits at a young gap)
	related relatedCache   // question pages' related questions (Related)
}

// New prepares an engine for the index folder under indexDir; Open or Run opens it.
func New(st *store.Store, indexDir string, log *slog.Logger, now func() time.Time) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{Store: st, Log: log, Now: now, dir: filepath.Join(indexDir, "questions"),
		wake: make(chan struct{}, 1), applied: map[int64]bool{}}
}

// Dir is the Bleve folder.
func (e *Engine) Dir() string { return e.dir }

// Open opens the index, rebuilding it from the database when it is missing,
// unreadable, of another version, or empty while the database is not.
func (e *Engine) Open(ctx context.Context) error {
	if err := os.MkdirAll(filepath.Dir(e.dir), 0o755); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	ix, err := search.Open(e.dir)
	if err == nil {
		mark, merr := ix.Mark()
		if merr == nil && mark > 0 {
			e.install(ix, mark)
			return nil
		}
		ix.Close()
		if merr == nil {
			// A fresh index that never followed the outbox: outbox rows may have
			// been pruned, so build it from the posts themselves.
			err = fmt.Errorf("empty index: %w", search.ErrRebuild)
		} else {
			err = merr
		}
	}
	if !errors.Is(err, search.ErrRebuild) {
		return fmt.Errorf("engine: open index: %w", err)
	}
	e.Log.Info("building the search index from the database", "reason", err.Error())
	if _, err := Rebuild(ctx, e.Store, e.dir, nil); err != nil {
		return err
	}
	ix, err = search.Open(e.dir)
	if err != nil {
		return fmt.Errorf("engine: open rebuilt index: %w", err)
	}
	mark, err := ix.Mark()
	if err != nil {
		ix.Close()
		return fmt.Errorf("engine: %w", err)
	}
	e.install(ix, mark)
	return nil
}

// install makes ix the live index.
func (e *Engine) install(ix *search.Index, mark int64) {
	st, _ := os.Stat(e.dir)
	e.stepMu.Lock()
	e.mu.Lock()
	old := e.ix
	e.ix, e.stat = ix, st
	e.applied = map[int64]bool{}
	e.mu.Unlock()
	e.stepMu.Unlock()
	if old != nil {
		old.Close()
	}
	e.mark.Store(mark)
	if e.head.Load() < mark {
		e.head.Store(mark)
	}
	e.ready.Store(true)
}

// Close closes the index.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ready.Store(false)
	if e.lock != nil {
		defer func() { e.lock.Close(); e.lock = nil }() // after the index: lets go of the folder
	}
	if e.ix == nil {
		return nil
	}
	err := e.ix.Close()
	e.ix = nil
	return err
}

// Status is what /readyz reports about the index.
type Status struct {
	Ready bool  `json:"ready"` // a complete index is open
	Mark  int64 `json:"mark"`  // last outbox id applied
	Lag   int64 `json:"lag"`   // outbox ids not yet applied
}

// Status reports readiness and how far the index is behind the outbox.
func (e *Engine) Status(ctx context.Context) Status {
	s := Status{Ready: e.ready.Load(), Mark: e.mark.Load()}
	var head int64
	if err := e.Store.DB.WithContext(ctx).Raw("SELECT COALESCE(MAX(id), 0) FROM search_outbox").Scan(&head).Error; err == nil {
		s.Lag = max(head-s.Mark, 0)
	}
	return s
}

// Wake asks the follower to look at the outbox now.
func (e *Engine) Wake() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// withIndex runs fn with the live index held against a swap.
func (e *Engine) withIndex(fn func(ix *search.Index) error) error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.ix == nil || !e.ready.Load() {
		return ErrNotReady
	}
	return fn(e.ix)
}

// ErrNotReady is returned while no complete index is open.
var ErrNotReady = errors.New("engine: the search index is being built")
