package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSessionEndsAtItsMaximumAge: a web session kept busy slides past its
// idle lifetime, but not past its absolute one: then its user is sent to
// log in (pages) or told to (API), while the same user's API token goes on
// working, and the housekeeping prunes the ended session.
func TestSessionEndsAtItsMaximumAge(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			start := time.Now().UTC().Truncate(time.Second)
			clk := testkit.NewClock(start)
			env := testkit.BootStill(t, d, clk, func(c *config.Config) {
				c.SessionTTL, c.SessionMaxAge = time.Hour, 3*time.Hour
			})
			b := newBrowser(env)
			b.signUp(t, "ada")
			api := token(t, env, "ada")
			// The cookie is set at log-in only, so the browser must keep it
			// as long as the session can live, not its idle hour: else a
			// session each use moves on would end in the browser anyway.
			other := newBrowser(env)
			if ck := setCookie(t, other.logIn(t, "ada"), httpx.SessionCookie); ck.MaxAge != int((3 * time.Hour).Seconds()) {
				t.Fatalf("the session cookie's Max-Age %d, want the maximum age %d", ck.MaxAge, int((3 * time.Hour).Seconds()))
			}
			if res := other.post(t, "/questions", "/logout", url.Values{}); res.Status != http.StatusSeeOther {
				t.Fatalf("log out: %d", res.Status)
			}
			loggedIn := func() bool {
				t.Helper()
				res := b.get(t, "/questions/ask")
				if res.Status == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login") {
					return false
				}
				if res.Status != http.StatusOK {
					t.Fatalf("ask page: %d", res.Status)
				}
				return true
			}
			// Used every 40 minutes, the session outlives its idle hour.
			for i := 1; i <= 4; i++ {
				clk.Advance(40 * time.Minute)
				if !loggedIn() {
					t.Fatalf("logged out %v after log-in, though used every 40 minutes", time.Duration(i)*40*time.Minute)
				}
			}
			clk.Set(start.Add(3*time.Hour - time.Minute))
			if !loggedIn() {
				t.Fatal("logged out a minute before the maximum age")
			}
			clk.Set(start.Add(3*time.Hour + time.Second))
			if loggedIn() {
				t.Fatal("still logged in past the session's maximum age, however active")
			}
			req, _ := http.NewRequest("GET", env.URL+"/api/v1/me", nil)
			if res := b.do(t, req); res.Status != http.StatusUnauthorized {
				t.Fatalf("the API with the ended session's cookie: %d %s", res.Status, res.Body)
			}
			if res := env.API(t, "GET", "/me", api, nil); res.Status != http.StatusOK {
				t.Fatalf("the API token after the session's maximum age: %d %s", res.Status, res.Body)
			}
			// Logging in again starts a new session, with a full lifetime.
			b.logIn(t, "ada")
			if !loggedIn() {
				t.Fatal("not logged in after logging in again")
			}
			sessions := func() int64 {
				t.Helper()
				var n int64
				if err := env.App.Store.DB.Model(&store.Session{}).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := sessions(); n != 2 {
				t.Fatalf("%d sessions before pruning, want 2", n)
			}
			if _, err := env.App.Auth.PruneSessions(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := sessions(); n != 1 {
				t.Fatalf("%d sessions after pruning, want 1 (the ended one gone)", n)
			}
			if !loggedIn() {
				t.Fatal("pruning ended the live session")
			}
		})
	}
}
