//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"stackdesk/internal/store"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSIGTERMFinishesRequestsInFlight starts `stackdesk serve`, begins a
// request whose body is still arriving, sends the process SIGTERM, and
// checks that the server stops taking connections but still answers the
// request in flight, which is written, before serve returns cleanly.
func TestSIGTERMFinishesRequestsInFlight(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"),
		"STACKDESK_INDEX_DIR":    filepath.Join(dir, "index"),
		"STACKDESK_BCRYPT_COST":  "4",
		"STACKDESK_ADDR":         "127.0.0.1:0",
	}
	if out, err := cli(t, dir, "user", "create", "--username", "ada", "--email", "ada@example.com", "--password", "long enough pw"); err != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}

	// As main does: SIGTERM cancels the context instead of killing the process.
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, &stdout, &stderr) }()
	urlRE := regexp.MustCompile(`running at (http://\S+)`)
	var base string
	waitFor(t, "serve to print its URL", func() bool {
		if m := urlRE.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
			return true
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
		default:
		}
		return false
	})

	res, err := http.Post(base+"/api/v1/tokens", "application/json", strings.NewReader(`{"username":"ada","password":"long enough pw"}`))
	if err != nil {
		t.Fatal(err)
	}
	var tok struct{ Token string }
	json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	if tok.Token == "" {
		t.Fatalf("no token: %d", res.StatusCode)
	}

	// A request in flight: headers and half the body sent. Its headers ask
	// the server to confirm it reads the body (Expect: 100-continue), which
	// it does once the handler runs: only then is the request surely taken
	// (a connection the server has not accepted yet dies with the listener).
	body := `{"title":"Does the VPN survive a server restart?","body":"Asking while the server shuts down, to see that my question is kept.","tags":["vpn"]}`
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	fmt.Fprintf(conn, "POST /api/v1/questions HTTP/1.1\r\nHost: stackdesk\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
		tok.Token, len(body))
	if cont, err := http.ReadResponse(br, nil); err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("no 100 Continue: %v %v", cont, err)
	}
	fmt.Fprint(conn, body[:len(body)/2])

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the listener to close", func() bool {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	default:
	}

	if _, err := conn.Write([]byte(body[len(body)/2:])); err != nil {
		t.Fatalf("finish the body: %v", err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("request in flight: %d, want 201", resp.StatusCode)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after the request in flight finished")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown log line:\n%s", stderr.String())
	}

	st, err := store.Open(context.Background(), env["STACKDESK_DATABASE_URL"], store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n int64
	st.DB.Model(&store.Post{}).Where("title = ?", "Does the VPN survive a server restart?").Count(&n)
	if n != 1 {
		t.Fatalf("the question asked during shutdown was not kept (%d rows)", n)
	}
}

// TestSecondServeOnAnIndexInUse starts `stackdesk serve`, then a second one
// on the same index folder: the second stops at once with an error that
// says so (it used to wait for the folder forever, deaf to SIGTERM).
func TestSecondServeOnAnIndexInUse(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"),
		"STACKDESK_INDEX_DIR":    filepath.Join(dir, "index"),
		"STACKDESK_ADDR":         "127.0.0.1:0",
	}
	getenv := func(k string) string { return env[k] }
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, &stdout, &stderr) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("first serve: %v", err)
		}
	}()
	urlRE := regexp.MustCompile(`running at (http://\S+)`)
	waitFor(t, "the first serve to open its index", func() bool {
		m := urlRE.FindStringSubmatch(stdout.String())
		if m == nil {
			return false
		}
		res, err := http.Get(m[1] + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})

	start := time.Now()
	var out2, err2 bytes.Buffer
	err := run(context.Background(), []string{"serve"}, getenv, &out2, &err2)
	if err == nil || !strings.Contains(err.Error(), "in use by another process") || !strings.Contains(err.Error(), "STACKDESK_INDEX_DIR") {
		t.Fatalf("second serve: %v\n%s", err, err2.String())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("the second serve took %v to give up", took)
	}
}

// TestServeSaysWhenThereIsNoAdministrator: a site started without --demo on
// an empty database has no administrator, and nobody could give roles on it:
// serve says how to make the first one. Once there is one it says nothing of
// it.
func TestServeSaysWhenThereIsNoAdministrator(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"),
		"STACKDESK_INDEX_DIR":    filepath.Join(dir, "index"),
		"STACKDESK_BCRYPT_COST":  "4",
		"STACKDESK_ADDR":         "127.0.0.1:0",
	}
	serve := func() string {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, &stdout, &stderr) }()
		waitFor(t, "serve to print its URL", func() bool { return strings.Contains(stdout.String(), "running at") })
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		}
		return stdout.String()
	}
	hint := "No administrator yet"
	if out := serve(); !strings.Contains(out, hint) || !strings.Contains(out, "stackdesk user create --username NAME --email EMAIL --password PASS --role admin") {
		t.Fatalf("a site without an administrator:\n%s", out)
	}
	// A member who signed up is no administrator.
	if out, err := cli(t, dir, "user", "create", "--username", "ada", "--email", "ada@example.com", "--password", "long enough pw"); err != nil {
		t.Fatalf("create ada: %v\n%s", err, out)
	}
	if out := serve(); !strings.Contains(out, hint) {
		t.Fatalf("a site with a member and no administrator:\n%s", out)
	}
	if out, err := cli(t, dir, "user", "role", "--username", "ada", "--role", "admin"); err != nil {
		t.Fatalf("make ada an administrator: %v\n%s", err, out)
	}
	if out := serve(); strings.Contains(out, hint) {
		t.Fatalf("a site with an administrator:\n%s", out)
	}
}
