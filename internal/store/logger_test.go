package store_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// records keeps the log records a store writes.
type records struct {
	mu   sync.Mutex
	msgs []string
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }
func (r *records) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, rec.Level.String()+" "+rec.Message)
	return nil
}
func (r *records) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *records) WithGroup(string) slog.Handler      { return r }

func (r *records) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.msgs {
		if strings.HasPrefix(m, "ERROR") {
			out = append(out, m)
		}
	}
	return out
}

// TestExpectedFailuresAreNotLoggedAsErrors: a unique-constraint violation is
// a failure the code expects and answers (a taken username is a 409), so the
// store does not log it as an error; a real SQL error it does log.
func TestExpectedFailuresAreNotLoggedAsErrors(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			url := "sqlite://" + t.TempDir() + "/db.sqlite"
			if d == store.Postgres {
				url = storetest.PostgresDatabaseURL(t)
			}
			rec := &records{}
			st, err := store.Open(context.Background(), url, store.Options{Logger: slog.New(rec)})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.DB.Exec("CREATE TABLE names (name TEXT UNIQUE)").Error; err != nil {
				t.Fatal(err)
			}
			st.DB.Exec("INSERT INTO names (name) VALUES (?)", "ada")
			if err := st.DB.Exec("INSERT INTO names (name) VALUES (?)", "ada").Error; !store.IsUniqueViolation(err) {
				t.Fatalf("second insert: %v, want a unique violation", err)
			}
			if errs := rec.errors(); len(errs) != 0 {
				t.Fatalf("a unique violation was logged as an error: %v", errs)
			}
			if err := st.DB.Exec("SELECT nope FROM names").Error; err == nil {
				t.Fatal("a bad query succeeded")
			}
			if errs := rec.errors(); len(errs) != 1 {
				t.Fatalf("a bad query logged %d errors, want 1: %v", len(errs), errs)
			}
		})
	}
}
