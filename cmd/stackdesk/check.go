package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/consistency"
	"stackdesk/internal/store"
)

// cmdCheck recomputes every derived number and reports drift; --fix repairs it.
func cmdCheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [--fix]\n\nRecomputes every derived number (scores, counts, reputation, badges) from the\ntruth and reports drift; exits 1 when there is any. --fix repairs it.\n", stderr)
	fix := fs.Bool("fix", false, "repair the drift found")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	// A mistyped path would check a new, empty database and pass.
	st, err := openExisting(ctx, cfg, "nothing to check")
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := consistency.RunRules(ctx, st, cfg.Reputation, *fix, time.Now())
	if err != nil {
		return err
	}
	for _, d := range r.Drifts {
		fmt.Fprintln(stdout, "drift:", d)
	}
	switch {
	case len(r.Drifts) == 0:
		fmt.Fprintf(stdout, "ok: %d checks, no drift\n", len(r.Checks))
	case r.Fixed:
		fmt.Fprintf(stdout, "fixed %s in %d checks\n", drifts(len(r.Drifts)), len(r.Checks))
	default:
		return fmt.Errorf("%s in %d checks (run with --fix to repair)", drifts(len(r.Drifts)), len(r.Checks))
	}
	return nil
}

// drifts is "1 drift" or "N drifts".
func drifts(n int) string {
	if n == 1 {
		return "1 drift"
	}
	return fmt.Sprintf("%d drifts", n)
}

// openExisting opens and migrates the configured database, refusing a
// SQLite file that does not exist yet (opening it would create it); why
// says what the command then has to do nothing with.
func openExisting(ctx context.Context, cfg config.Config, why string) (*store.Store, error) {
	if driver, path, _ := config.SplitDatabaseURL(cfg.DatabaseURL); driver == "sqlite" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s (STACKDESK_DATABASE_URL): %s", path, why)
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}
