// Package testkit boots a real Stackdesk (database, HTTP server on a free
// port) for end-to-end tests, and gives them a small HTTP client for its API.
package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/app"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// Env is one running Stackdesk under test.
type Env struct {
	App    *app.App
	URL    string
	Client *http.Client
}

// Option changes the configuration before boot.
type Option func(*config.Config)

// testConfig is the configuration of a Stackdesk under test on a fresh
// database of the given dialect: fast password hashing, no rate limits.
func testConfig(t testing.TB, d store.Dialect, opts []Option) config.Config {
	t.Helper()
	cfg := config.Defaults()
	if d == store.Postgres {
		cfg.DatabaseURL = storetest.PostgresDatabaseURL(t)
	} else {
		cfg.DatabaseURL = storetest.SQLiteDatabaseURL(t)
	}
	cfg.IndexDir = t.TempDir() + "/index"
	cfg.UploadDir = t.TempDir() + "/uploads"
	cfg.BcryptCost = 4
	cfg.WriteRate = 100000
	cfg.WriteBurst = 100000
	cfg.SearchRate = 0
	cfg.LoginRate = 100000
	cfg.LoginBurst = 100000
	cfg.NewMembers.Below = 0      // no throttles on new members, unless a test sets them
	cfg.Reputation.VoteUp = 0     // fresh accounts vote up, unless a test sets the privilege
	cfg.Deflection.MessageGap = 0 // nor on employees' messages on their tickets
	cfg.Addr = "127.0.0.1:0"
	for _, o := range opts {
		o(&cfg)
	}
	return cfg
}

// Boot starts Stackdesk on a fresh database of the given dialect and stops it when the test ends.
func Boot(t testing.TB, d store.Dialect, opts ...Option) *Env {
	t.Helper()
	var log *slog.Logger
	if os.Getenv("STACKDESK_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return BootLogged(t, d, log, opts...)
}

// BootLogged starts Stackdesk like Boot, logging to log.
func BootLogged(t testing.TB, d store.Dialect, log *slog.Logger, opts ...Option) *Env {
	t.Helper()
	cfg := testConfig(t, d, opts)
	a, err := app.New(context.Background(), cfg, app.Options{Logger: log})
	if err != nil {
		t.Fatalf("testkit: boot: %v", err)
	}
	if err := a.Listen(cfg.Addr); err != nil {
		t.Fatalf("testkit: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Errorf("testkit: shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("testkit: serve: %v", err)
		}
	})
	return &Env{App: a, URL: a.URL(), Client: NewClient()}
}

// Clock is a time a test sets and the app under test reads.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// BootStill starts Stackdesk like Boot, with its clock at clk and without
// its background jobs (search indexing, view counts, deliveries, routing,
// mail, idle help sessions), which the test runs itself when it needs them:
// the app's router behind a real local HTTP server.
func BootStill(t testing.TB, d store.Dialect, clk *Clock, opts ...Option) *Env {
	t.Helper()
	return BootStillLogged(t, d, clk, nil, opts...)
}

// BootStillLogged starts Stackdesk like BootStill, logging to log (nil:
// nowhere).
func BootStillLogged(t testing.TB, d store.Dialect, clk *Clock, log *slog.Logger, opts ...Option) *Env {
	t.Helper()
	cfg := testConfig(t, d, opts)
	a, err := app.New(context.Background(), cfg, app.Options{Now: clk.Now, Logger: log})
	if err != nil {
		t.Fatalf("testkit: boot: %v", err)
	}
	srv := httptest.NewServer(a.Web.Echo)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Errorf("testkit: shutdown: %v", err)
		}
	})
	return &Env{App: a, URL: srv.URL, Client: NewClient()}
}

// NewClient returns an HTTP client with its own cookie jar that does not follow redirects.
func NewClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:     jar,
		Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Response is a finished request: status, headers and the body.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// ErrorCode returns error.code of an API error body ("" if none).
func (r *Response) ErrorCode() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Request sends a request with a raw body; token, when set, is sent as Bearer.
func (e *Env) Request(t testing.TB, method, path, token, contentType string, body io.Reader) *Response {
	t.Helper()
	req, err := http.NewRequest(method, e.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.Client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// API sends a JSON request to the API (path relative to /api/v1); body nil sends none.
func (e *Env) API(t testing.TB, method, path, token string, body any) *Response {
	t.Helper()
	var r io.Reader
	ct := ""
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r, ct = bytes.NewReader(b), "application/json"
	}
	return e.Request(t, method, "/api/v1"+path, token, ct, r)
}

// SignUp creates a user through the API and returns its id and an API token.
func (e *Env) SignUp(t testing.TB, username string) (int64, string) {
	t.Helper()
	res := e.API(t, "POST", "/users", "", map[string]string{"username": username, "email": username + "@example.com", "password": "correct horse battery"})
	if res.Status != http.StatusCreated {
		t.Fatalf("sign up %s: %d %s", username, res.Status, res.Body)
	}
	var u struct{ ID int64 }
	res.JSON(t, &u)
	res = e.API(t, "POST", "/tokens", "", map[string]string{"username": username, "password": "correct horse battery"})
	if res.Status != http.StatusCreated {
		t.Fatalf("token %s: %d %s", username, res.Status, res.Body)
	}
	var tok struct{ Token string }
	res.JSON(t, &tok)
	return u.ID, tok.Token
}

// Token makes another API token for a user (signed up with SignUp's
// password) through the API, without a scope: the widest the user's role
// allows now. A token keeps the scope it was made with, so a user given a
// role after SignUp needs one made after to act with the role.
func (e *Env) Token(t testing.TB, username string) string {
	t.Helper()
	res := e.API(t, "POST", "/tokens", "", map[string]string{"username": username, "password": "correct horse battery"})
	if res.Status != http.StatusCreated {
		t.Fatalf("token %s: %d %s", username, res.Status, res.Body)
	}
	var tok struct{ Token string }
	res.JSON(t, &tok)
	return tok.Token
}

// Ask posts a question through the API and returns its id; with no tags it is tagged "general".
func (e *Env) Ask(t testing.TB, token, title string, tags ...string) int64 {
	t.Helper()
	if len(tags) == 0 {
		tags = []string{"general"}
	}
	res := e.API(t, "POST", "/questions", token, map[string]any{"title": title,
		"body": "Since this morning this does not work at all. " + strings.Repeat("Details follow. ", 3), "tags": tags})
	if res.Status != http.StatusCreated && res.Status != http.StatusOK { // (200: the same sent again, the first given back)
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	var q struct{ ID int64 }
	res.JSON(t, &q)
	return q.ID
}

// Answer posts an answer through the API and returns its id.
func (e *Env) Answer(t testing.TB, token string, questionID int64, body string) int64 {
	t.Helper()
	res := e.API(t, "POST", "/questions/"+itoa(questionID)+"/answers", token, map[string]any{"body": body})
	if res.Status != http.StatusCreated && res.Status != http.StatusOK { // (200: the same sent again, the first given back)
		t.Fatalf("answer: %d %s", res.Status, res.Body)
	}
	var a struct{ ID int64 }
	res.JSON(t, &a)
	return a.ID
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Searchable waits until the search index is open, then applies every
// pending outbox row, so that what was written so far can be found.
func (e *Env) Searchable(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !e.App.Search.Status(context.Background()).Ready {
		if time.Now().After(deadline) {
			t.Fatal("testkit: the search index did not open within 60s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := e.App.Search.CatchUp(context.Background()); err != nil {
		t.Fatalf("testkit: catch up: %v", err)
	}
}
