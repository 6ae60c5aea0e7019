package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"stackdesk/internal/config"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
)

// cmdReindex rebuilds the search index from the database into a fresh folder
// and swaps it in; a running server switches to it on its own.
func cmdReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("reindex", "reindex\n\nRebuilds the search index from the database (no flags or arguments).\n", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.IndexDir, 0o755); err != nil {
		return err
	}
	bar := &countBar{w: stderr, desc: "indexing questions", unit: "docs"}
	stats, err := engine.Rebuild(ctx, st, filepath.Join(cfg.IndexDir, "questions"), bar.set)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexed %d questions in %.1f s (%.0f documents/s) into %s\n",
		stats.Documents, stats.Seconds, stats.PerSecond, cfg.IndexDir)
	return nil
}
