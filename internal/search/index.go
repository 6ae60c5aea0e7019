package search

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
)

// indexVersion names the mapping, analyzers and document layout. Bump it
// whenever any of them changes: Open then reports ErrRebuild and the
// caller rebuilds into a fresh folder (see SwapIn).
const indexVersion = "stackdesk-search-15" // 15: the words field holds titles' words only; 14: the words field (typos are read as words, not stems); 13: the English analysis spells ä, ö, ü as a, o, u; 12: "don’t" is indexed as "don't"; 11: tags keep frequencies and norms, so a tag match scores

// Keys of the values kept with SetInternal inside the index.
var (
	keyVersion = []byte("stackdesk:version")
	keyMark    = []byte("stackdesk:mark")
)

// Index is the question index. It wraps a bleve.Index and is safe for
// concurrent use.
type Index struct {
	idx   bleve.Index
	en    analysis.Analyzer
	de    analysis.Analyzer
	clock func() time.Time

	windowMin int          // windowMinMatches; tests lower it
	facetMax  int          // facetAllMax; tests lower it
	windowed  atomic.Int64 // sorted pages answered from a window (sorted.go)

	// unpersisted counts batches not yet on disk (see scorchConfig); Close
	// waits for them.
	unpersisted sync.WaitGroup
}

// Open opens the index in dir, creating a fresh one if dir is missing or
// empty. If the index is unreadable or was built with another
// indexVersion, the error wraps ErrRebuild.
func Open(dir string) (*Index, error) {
	empty, err := isEmptyDir(dir)
	if err != nil {
		return nil, fmt.Errorf("search: open: %w", err)
	}
	if empty {
		return Create(dir)
	}
	idx, err := bleve.OpenUsing(dir, scorchConfig())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("search: open %s: %w", dir, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("search: open: %w: %w", ErrRebuild, err)
	}
	got, err := idx.GetInternal(keyVersion)
	if err != nil || string(got) != indexVersion {
		_ = idx.Close()
		if err != nil {
			return nil, fmt.Errorf("search: open: read version: %w: %w", ErrRebuild, err)
		}
		return nil, fmt.Errorf("search: open: index version %q, want %q: %w", got, indexVersion, ErrRebuild)
	}
	ix, err := wrap(idx)
	if err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: open: %w: %w", ErrRebuild, err)
	}
	return ix, nil
}

// Create makes a fresh, empty index in dir, which must not exist or be an
// empty directory. Its Mark is 0.
func Create(dir string) (*Index, error) {
	empty, err := isEmptyDir(dir)
	if err != nil {
		return nil, fmt.Errorf("search: create: %w", err)
	}
	if !empty {
		return nil, fmt.Errorf("search: create: %s is not empty", dir)
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("search: create: %w", err)
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: create: mapping: %w", err)
	}
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("search: create: %w", err)
	}
	ix, err := wrap(idx)
	if err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: create: %w", err)
	}
	b := idx.NewBatch()
	b.SetInternal(keyVersion, []byte(indexVersion))
	if err := ix.write(b); err != nil {
		_ = ix.Close()
		return nil, fmt.Errorf("search: create: set version: %w", err)
	}
	return ix, nil
}

// scorchConfig is the runtime configuration of the Bleve index.
//
// unsafe_batch lets Batch return once a batch is searchable, before it is
// on disk. That is safe here because Apply stores the outbox mark in the
// same batch: after a crash, documents and mark are lost together and the
// indexer replays from the older mark (indexing is idempotent).
func scorchConfig() map[string]any {
	return map[string]any{"unsafe_batch": true, "bolt_timeout": lockWait.String()}
}

// wrap looks up the analyzers the queries need.
func wrap(idx bleve.Index) (*Index, error) {
	m := idx.Mapping()
	enA, deA := m.AnalyzerNamed(analyzerEN), m.AnalyzerNamed(analyzerDE)
	if enA == nil || deA == nil {
		return nil, errors.New("analyzers missing from mapping")
	}
	return &Index{idx: idx, en: enA, de: deA, windowMin: windowMinMatches, facetMax: facetAllMax}, nil
}

// persistWait bounds how long Close waits for batches to reach the disk.
const persistWait = time.Minute

// write applies a batch and counts it as unpersisted until Bleve reports
// it on disk.
func (ix *Index) write(b *bleve.Batch) error {
	ix.unpersisted.Add(1)
	var once sync.Once
	done := func(error) { once.Do(ix.unpersisted.Done) }
	b.SetPersistedCallback(done)
	if err := ix.idx.Batch(b); err != nil {
		done(err)
		return err
	}
	return nil
}

// Close waits until every applied batch is on disk, then releases the
// index files.
func (ix *Index) Close() error {
	persisted := make(chan struct{})
	go func() {
		ix.unpersisted.Wait()
		close(persisted)
	}()
	select {
	case <-persisted:
	case <-time.After(persistWait):
	}
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("search: close: %w", err)
	}
	return nil
}

// Count returns the number of questions in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// Mark returns the outbox high-water mark stored by the last Apply, or 0
// for a fresh index.
func (ix *Index) Mark() (int64, error) {
	v, err := ix.idx.GetInternal(keyMark)
	if err != nil {
		return 0, fmt.Errorf("search: mark: %w", err)
	}
	if len(v) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("search: mark: %w", err)
	}
	return n, nil
}

// isEmptyDir reports whether dir is missing or an empty directory.
func isEmptyDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return len(entries) == 0, nil
}
