// Package app assembles Stackdesk from its parts: configuration, database,
// domain services and the HTTP server. cmd/stackdesk and the end-to-end tests
// both boot the product through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/experts"
	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/uploads"
	"stackdesk/internal/web"
)

// App is one running Stackdesk process.
type App struct {
	Config  config.Config
	Log     *slog.Logger
	Store   *store.Store
	Auth    *auth.Service
	QA      *qa.Service
	Rep     *reputation.Service
	Views   *qa.ViewCounter
	Search  *engine.Engine
	Notify  *notify.Service
	Experts *experts.Service
	Mailer  *notify.Mailer // nil when notification e-mail is off
	Resets  *notify.Resets // password links by e-mail; nil when e-mail is off
	Help    *deflection.Service
	Uploads *uploads.Service
	Catalog *i18n.Catalog
	Web     *web.Server
	Now     func() time.Time

	srv    *http.Server
	ln     net.Listener
	ctx    context.Context // cancelled by Shutdown; background work stops with it
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Options tune New.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // the clock; time.Now when nil
}

// New opens the database, applies pending migrations and builds the services.
func New(ctx context.Context, cfg config.Config, opt Options) (*App, error) {
	a := &App{Config: cfg, Log: opt.Logger, Now: opt.Now}
	a.ctx, a.cancel = context.WithCancel(context.Background())
	if a.Log == nil {
		a.Log = slog.New(slog.DiscardHandler)
	}
	if a.Now == nil {
		// To the microsecond, as both databases keep times: what a write
		// returns is what later reads give.
		a.Now = func() time.Time { return time.Now().Truncate(time.Microsecond) }
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{Logger: a.Log, Now: a.Now})
	if err != nil {
		return nil, err
	}
	a.Store = st
	if st.Dialect == store.SQLite {
		a.Log.Info("using SQLite: one serve process only; set STACKDESK_DATABASE_URL=postgres://... to scale out")
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if a.Catalog, err = i18n.Load(); err != nil {
		st.Close()
		return nil, err
	}
	a.Auth = &auth.Service{Store: st, Now: a.Now, BcryptCost: cfg.BcryptCost, SessionTTL: cfg.SessionTTL, SessionMaxAge: cfg.SessionMaxAge}
	a.QA = &qa.Service{Store: st, Now: a.Now, Rep: cfg.Reputation, FlagsPerDay: cfg.FlagsPerDay, NewMembers: cfg.NewMembers}
	if n, err := a.QA.UpgradeRendered(ctx); err != nil {
		st.Close()
		return nil, err
	} else if n > 0 {
		a.Log.Info("stored comments and posts brought up to date with the current renderer", "rows", n)
	}
	a.Rep = &reputation.Service{Store: st, Now: a.Now, Rules: cfg.Reputation}
	a.Views = &qa.ViewCounter{Store: st, Now: a.Now, Log: a.Log}
	a.Search = engine.New(st, cfg.IndexDir, a.Log, a.Now)
	a.Notify = &notify.Service{Store: st, Now: a.Now, Config: cfg.Notify}
	a.Experts = &experts.Service{Store: st, Search: a.Search, Notify: a.Notify, Now: a.Now, Config: cfg.Experts}
	a.QA.Route = a.Experts.Route
	if cfg.Notify.Enabled() {
		a.Mailer = &notify.Mailer{Store: st, Now: a.Now, Config: cfg.Notify, BaseURL: cfg.BaseURL,
			T: a.Catalog.T, N: a.Catalog.N, Log: a.Log}
		a.Resets = notify.NewResets(a.Mailer, a.Auth)
		a.Auth.EmailChanged = a.Resets.EmailChanged
	}
	a.Help = &deflection.Service{Store: st, Now: a.Now, Rand: rand.Float64, Search: a.Search, QA: a.QA,
		Settings: cfg.Deflection, Rep: cfg.Reputation, BaseURL: cfg.BaseURL, Log: a.Log, T: a.Catalog.T}
	if n, err := a.Help.UpgradeNorms(ctx); err != nil {
		st.Close()
		return nil, err
	} else if n > 0 {
		a.Log.Info("stored help searches grouped again by today's content-gap rules", "searches", n)
	}
	if n, err := a.Help.UpgradeTicketFold(ctx); err != nil {
		st.Close()
		return nil, err
	} else if n > 0 {
		a.Log.Info("stored tickets made searchable by today's case folding", "tickets", n)
	}
	a.Uploads = &uploads.Service{Store: st, Dir: cfg.UploadDir, MaxBytes: cfg.UploadMax, Now: a.Now}
	a.Web, err = web.New(web.Deps{
		Config: cfg, Logger: a.Log, Auth: a.Auth, QA: a.QA, Rep: a.Rep, Views: a.Views, Search: a.Search, Help: a.Help,
		Notify: a.Notify, Resets: a.Resets, Experts: a.Experts, Uploads: a.Uploads, Catalog: a.Catalog, Now: a.Now, Ready: a.ready,
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// ready reports whether the process can take traffic: the database answers
// and a complete search index is open; it also tells the index's lag.
func (a *App) ready() (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := a.Store.Ping(ctx); err != nil {
		return nil, &web.NotReady{Reason: "database unavailable", Err: err}
	}
	st := a.Search.Status(ctx)
	info := map[string]any{"search_index": st}
	if !st.Ready {
		return info, &web.NotReady{Reason: "search index: being built"}
	}
	return info, nil
}

// Listen binds the HTTP address (use 127.0.0.1:0 for a free port), makes the
// server that Serve runs, and starts the background jobs (search index,
// view counts, routing, mail, help sessions), so that a Shutdown from another
// goroutine at any moment after Listen finds everything it must stop.
func (a *App) Listen(addr string) error {
	// One server per index folder, or two would write the same files.
	if err := a.Search.Lock(); err != nil {
		if errors.Is(err, search.ErrInUse) {
			return fmt.Errorf("%w: give each process its own STACKDESK_INDEX_DIR", err)
		}
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	a.ln = ln
	a.srv = &http.Server{
		Handler:           a.Web.Echo,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	a.Go(a.housekeeping)
	a.Go(a.followSearch)
	a.Go(func(ctx context.Context) { a.Views.Run(ctx, 5*time.Second) })
	a.Go(func(ctx context.Context) { a.Experts.Run(ctx, time.Minute, a.Log) })
	if a.Mailer != nil {
		a.Go(a.Mailer.Run)
		a.Go(a.Resets.Run)
	}
	a.Go(func(ctx context.Context) { a.Help.Run(ctx, 5*time.Second) })
	return nil
}

// URL is the base URL the server listens on.
func (a *App) URL() string { return "http://" + a.ln.Addr().String() }

// Serve answers HTTP requests on the address Listen bound until Shutdown; it
// returns nil after a clean shutdown.
func (a *App) Serve() error {
	err := a.srv.Serve(a.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// followSearch opens (or rebuilds) the search index, then keeps it in step with the outbox.
func (a *App) followSearch(ctx context.Context) {
	if err := a.Search.Open(ctx); err != nil {
		if ctx.Err() == nil {
			a.Log.Error("search index unavailable", "err", err)
		}
		return
	}
	a.Search.Run(ctx)
}

// Go runs fn in the background until Shutdown cancels its context.
func (a *App) Go(fn func(ctx context.Context)) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		fn(a.ctx)
	}()
}

// housekeeping prunes expired sessions every hour.
func (a *App) housekeeping(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := a.Auth.PruneSessions(ctx); err != nil {
			a.Log.Warn("prune sessions", "err", err)
		} else if n > 0 {
			a.Log.Info("pruned expired sessions", "count", n)
		}
	}
}

// Shutdown stops accepting requests, waits for those in flight, and closes the database.
func (a *App) Shutdown(ctx context.Context) error {
	var err error
	if a.srv != nil {
		err = a.srv.Shutdown(ctx)
	} else if a.ln != nil {
		a.ln.Close()
	}
	a.cancel()
	a.wg.Wait()
	a.Search.Close()
	if cerr := a.Store.Close(); err == nil {
		err = cerr
	}
	return err
}
