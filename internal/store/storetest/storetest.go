// Package storetest hands each test a fresh, migrated database: PostgreSQL and
// SQLite. PostgreSQL comes from STACKDESK_TEST_DATABASE_URL, else a server on
// 127.0.0.1:5432, else a throwaway cluster started from the local binaries.
// Under CI=true nothing is skipped: a missing database fails the test.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"stackdesk/internal/store"
)

// Main wraps testing.M.Run so that a throwaway cluster and the template
// databases started for the package are removed when its tests end. Packages
// whose tests use Postgres call it from TestMain.
func Main(m *testing.M) {
	inMain.Store(true)
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// Each runs fn as a subtest on PostgreSQL and on SQLite, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
}

// Open returns a fresh database of the given dialect.
func Open(t testing.TB, d store.Dialect) *store.Store {
	if d == store.Postgres {
		return Postgres(t)
	}
	return SQLite(t)
}

// InCI reports whether tests run under CI, where nothing real may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" }

// SkipOrFail skips the test, or fails it under CI.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true, cannot skip: "+format, args...)
	}
	t.Skipf(format, args...)
}

var (
	// inMain is set while Main runs the package's tests, whose end it
	// sees: only then may databases be made ahead and dropped later.
	inMain     atomic.Bool
	sqliteOnce sync.Once
	sqliteTmpl string
	sqliteErr  error
	tmpRoot    string
	tmpOnce    sync.Once
)

func tempRoot() string {
	tmpOnce.Do(func() {
		var err error
		tmpRoot, err = os.MkdirTemp("", "stackdesk-test-")
		if err != nil {
			panic(err)
		}
	})
	return tmpRoot
}

// SQLite returns a fresh migrated SQLite database in a temporary file.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	return openURL(t, SQLiteDatabaseURL(t))
}

// SQLiteDatabaseURL copies the migrated SQLite template into a temporary
// file and returns its URL: migrating a fresh file for every test is slow,
// most of all under the race detector.
func SQLiteDatabaseURL(t testing.TB) string {
	t.Helper()
	sqliteOnce.Do(func() {
		sqliteTmpl = filepath.Join(tempRoot(), "template.db")
		sqliteErr = migrateURL("sqlite://" + sqliteTmpl)
	})
	if sqliteErr != nil {
		t.Fatalf("storetest: sqlite template: %v", sqliteErr)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	if err := copyFile(sqliteTmpl, path); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return "sqlite://" + path
}

// Postgres returns a fresh migrated PostgreSQL database, dropped when the test ends.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	u := PostgresDatabaseURL(t)
	return openURL(t, u)
}

// PostgresDatabaseURL creates a fresh migrated PostgreSQL database and returns its URL.
func PostgresDatabaseURL(t testing.TB) string {
	t.Helper()
	srv, err := server()
	if err != nil {
		SkipOrFail(t, "storetest: no PostgreSQL: %v", err)
	}
	if srv.pool != nil {
		name, err := srv.pool.take()
		if err != nil {
			t.Fatalf("storetest: %v", err)
		}
		t.Cleanup(func() { srv.pool.release(name) })
		return fastCommits(withDatabase(srv.url, name))
	}
	name := "sdt_" + randomHex(6)
	if err := srv.createFromTemplate(name); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { srv.drop(name) })
	return fastCommits(withDatabase(srv.url, name))
}

// fastCommits asks the server not to wait for the disk on commit: test
// databases are thrown away, and the suite spends most of its time committing.
func fastCommits(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		panic(err)
	}
	q := parsed.Query()
	q.Set("options", "-c synchronous_commit=off")
	parsed.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return parsed.String()
}

func openURL(t testing.TB, u string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), u, store.Options{})
	if err != nil {
		t.Fatalf("storetest: open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func migrateURL(u string) error {
	st, err := store.Open(context.Background(), u, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.Migrate(context.Background())
	return err
}

func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func cleanup() {
	if srv != nil {
		srv.close()
	}
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
}
