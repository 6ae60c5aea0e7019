package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/consistency"
	"stackdesk/internal/store"
)

// cmdCheck recomputes every derived number and reports drift; --fix repairs it.
func cmdCheck(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fix := fs.Bool("fix", false, "repair the drift found")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	// Opening a SQLite file creates it: a mistyped path would check a new,
	// empty database and pass.
	if driver, path, _ := config.SplitDatabaseURL(cfg.DatabaseURL); driver == "sqlite" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no database at %s (STACKDESK_DATABASE_URL): nothing to check", path)
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
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
		fmt.Fprintf(stdout, "fixed %d drifts in %d checks\n", len(r.Drifts), len(r.Checks))
	default:
		return fmt.Errorf("%d drifts in %d checks (run with --fix to repair)", len(r.Drifts), len(r.Checks))
	}
	return nil
}
