package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

const migrateUsage = `Usage: stackdesk migrate [up|status]
  up       apply the embedded migrations the database lacks (the default)
  status   list the migrations, applied or pending
`

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	switch {
	case sub == "-h" || sub == "-help" || sub == "--help":
		fmt.Fprint(stderr, migrateUsage)
		return flag.ErrHelp
	case sub != "up" && sub != "status":
		fmt.Fprint(stderr, migrateUsage)
		return usagef("migrate: unknown subcommand %q (want up or status)", sub)
	}
	// Each subcommand takes nothing more: a flag or an argument is refused
	// after its usage, as every command does.
	synopsis := map[string]string{
		"up":     "migrate up\n  apply the embedded migrations the database lacks\n",
		"status": "migrate status\n  list the migrations, applied or pending\n",
	}[sub]
	if len(args) > 1 {
		if err := parseFlags(newFlags("migrate "+sub, synopsis, stderr), args[1:]); err != nil {
			return err
		}
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	// Opening a SQLite file creates it: listing would make a new database.
	if driver, path, _ := config.SplitDatabaseURL(cfg.DatabaseURL); sub == "status" && driver == "sqlite" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no database at %s (STACKDESK_DATABASE_URL)", path)
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "up":
		applied, err := st.Migrate(ctx)
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(stdout, "database is up to date")
		}
		for _, v := range applied {
			fmt.Fprintf(stdout, "applied migration %05d\n", v)
		}
		return nil
	default: // status
		sts, err := st.MigrationStatuses(ctx)
		if err != nil {
			return err
		}
		for _, s := range sts {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", s.Version, state, s.Name)
		}
	}
	return nil
}
