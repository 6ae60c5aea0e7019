package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"stackdesk/internal/app"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// noAdminHint is what serve prints while the site has no active
// administrator, so whoever set it up knows how to make the first one.
const noAdminHint = `No administrator yet: nobody can give roles or name support staff until there is one. Create one with
  stackdesk user create --username NAME --email EMAIL --password PASS --role admin
or make someone who signed up one with
  stackdesk user role --username NAME --role admin
`

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
	var admins int64
	if err := a.Store.DB.WithContext(ctx).Model(&store.User{}).
		Where("role = ? AND deactivated_at IS NULL", store.RoleAdmin).Count(&admins).Error; err != nil {
		log.Warn("count administrators", "err", err)
		admins = -1
	}
	fmt.Fprintf(stdout, "Stackdesk is running at %s (database: %s)\n", a.URL(), a.Store.Dialect)
	if admins == 0 {
		// A fresh site without --demo: nobody can give roles until the
		// operator makes someone an administrator.
		fmt.Fprint(stdout, noAdminHint)
	}
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
