package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"stackdesk/internal/app"
	"stackdesk/internal/config"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	fs := newFlags("serve", "serve [--addr HOST:PORT] [--demo]\n", stderr)
	addr := fs.String("addr", cfg.Addr, "listen address (STACKDESK_ADDR)")
	demo := fs.Bool("demo", false, "seed the demo site when the database is empty")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg.Addr = *addr
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	a, err := app.New(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	if *demo {
		seeded, err := seedDemoIfEmpty(ctx, a, stdout)
		if err != nil {
			a.Shutdown(context.Background())
			return err
		}
		if seeded {
			printDemoLogins(stdout)
		}
	}
	if err := a.Listen(cfg.Addr); err != nil {
		a.Shutdown(context.Background())
		return err
	}
	fmt.Fprintf(stdout, "Stackdesk is running at %s (database: %s)\n", a.URL(), a.Store.Dialect)
	errc := make(chan error, 1)
	go func() { errc <- a.Serve() }()
	select {
	case err := <-errc:
		a.Shutdown(context.Background())
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return <-errc
}
