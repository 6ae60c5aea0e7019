package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/seed"
	"stackdesk/internal/store/storetest"
)

// TestRebuildCancelledKeepsTheOldIndex: a rebuild stopped part-way (Ctrl-C
// during stackdesk reindex) returns the error and leaves the index in
// place as it was, rather than swapping in one that lacks questions.
func TestRebuildCancelledKeepsTheOldIndex(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	res, err := seed.SyntheticWith(ctx, st, seed.SyntheticOptions{Posts: 4000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "index")
	full, err := engine.Rebuild(ctx, st, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if full.Documents != res.Questions || full.Documents <= 1000 {
		t.Fatalf("rebuilt %d documents, seeded %d questions (want more than two chunks)", full.Documents, res.Questions)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err = engine.Rebuild(cctx, st, dir, func(done, total int) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled rebuild returned %v", err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != uint64(full.Documents) {
		t.Errorf("after a cancelled rebuild the index holds %d documents (%v), want the %d it had", n, err, full.Documents)
	}
}
