package main

import (
	"context"
	"fmt"
	"io"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
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
	case "status":
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
		return nil
	}
	return fmt.Errorf("migrate: unknown subcommand %q (want up or status)", sub)
}
