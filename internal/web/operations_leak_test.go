package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// logBuffer is a log the server writes while the test reads it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAPIAnswersToUsersAreNotStored: what the API answers a logged-in user,
// by token or session, says no-store, as the pages do; every API answer
// varies by who asks.
func TestAPIAnswersToUsersAreNotStored(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	b := newBrowser(env)
	b.logIn(t, "ada")
	for name, res := range map[string]*testkit.Response{
		"token":   env.API(t, "GET", "/me", tok, nil),
		"session": b.get(t, "/api/v1/me"),
		"list":    env.API(t, "GET", "/questions", tok, nil),
	} {
		if res.Status != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d, Cache-Control %q", name, res.Status, res.Header.Get("Cache-Control"))
		}
	}
	anon := env.API(t, "GET", "/questions", "", nil)
	if vary := strings.Join(anon.Header.Values("Vary"), ","); !strings.Contains(vary, "Authorization") || !strings.Contains(vary, "Cookie") {
		t.Errorf("anonymous list: Vary %q", vary)
	}
}

// TestNotReadyNamesNoDatabaseError: with the database gone, /readyz says
// only "database unavailable" (its error, which can name the host, user
// and database, goes to the log), and an internal error on a password link
// is logged without the link's secret.
func TestNotReadyNamesNoDatabaseError(t *testing.T) {
	var logs logBuffer
	env := testkit.BootLogged(t, store.SQLite, slog.New(slog.NewTextHandler(&logs, nil)))
	b := newBrowser(env)
	env.Searchable(t)
	if res := b.get(t, "/readyz"); res.Status != http.StatusOK {
		t.Fatalf("readyz before: %d %s", res.Status, res.Body)
	}
	db, err := env.App.Store.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	res := b.get(t, "/readyz")
	var body map[string]any
	if err := json.Unmarshal(res.Body, &body); err != nil {
		t.Fatal(err)
	}
	if res.Status != http.StatusServiceUnavailable || body["reason"] != "database unavailable" || strings.Contains(string(res.Body), "closed") {
		t.Fatalf("readyz without a database: %d %s", res.Status, res.Body)
	}
	if !strings.Contains(logs.String(), "database is closed") {
		t.Fatalf("the database's error is not logged:\n%s", logs.String())
	}
	secret := "SECRETSECRET" + strings.Repeat("x", 31) // as long as a link's
	for _, path := range []string{"/password/pwl_" + secret, "/unsubscribe/SECRETSECRET" + strings.Repeat("y", 36)} {
		if res := b.get(t, path); res.Status != http.StatusInternalServerError {
			t.Fatalf("%s without a database: %d", path, res.Status)
		}
	}
	if l := logs.String(); strings.Contains(l, "SECRETSECRET") || !strings.Contains(l, `msg="request failed"`) {
		t.Fatalf("the log shows a link's secret, or no failure:\n%s", l)
	}
}
