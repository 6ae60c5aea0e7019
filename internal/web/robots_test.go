package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestFaviconAndRobots: /favicon.ico, which browsers and tools ask for
// whatever a page declares, leads to the site's icon, and /robots.txt keeps
// search engines off the intranet site; both open to anyone, also where
// every page needs a log-in.
func TestFaviconAndRobots(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.RequireLogin = true })
	b := newBrowser(env)
	res := b.get(t, "/robots.txt")
	if res.Status != 200 || string(res.Body) != "User-agent: *\nDisallow: /\n" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %q %q", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	res = b.get(t, "/favicon.ico")
	icon := res.Header.Get("Location")
	if res.Status != 302 || !strings.HasPrefix(icon, "/static/logo.svg") {
		t.Fatalf("favicon.ico: %d → %q", res.Status, icon)
	}
	if res = b.get(t, icon); res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(string(res.Body), "<svg") {
		t.Fatalf("the icon: %d %q", res.Status, res.Header.Get("Content-Type"))
	}
	if res = b.get(t, "/favicon.ico", "Sec-Fetch-Dest", "image"); res.Status != 302 {
		t.Fatalf("favicon.ico as an image: %d", res.Status)
	}
}

// TestHeadOfFaviconAndRobots: HEAD of /robots.txt and /favicon.ico, as
// crawlers and link checkers send it, answers as GET does, without a body.
func TestHeadOfFaviconAndRobots(t *testing.T) {
	for _, requireLogin := range []bool{false, true} {
		env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.RequireLogin = requireLogin })
		b := newBrowser(env)
		head := func(path string) *testkit.Response {
			t.Helper()
			req, _ := http.NewRequest(http.MethodHead, env.URL+path, nil)
			return b.do(t, req)
		}
		res := head("/robots.txt")
		if res.Status != http.StatusOK || len(res.Body) != 0 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") ||
			res.Header.Get("Content-Length") != strconv.Itoa(len("User-agent: *\nDisallow: /\n")) {
			t.Fatalf("HEAD /robots.txt (log-in required: %v): %d %q %q %q", requireLogin, res.Status,
				res.Header.Get("Content-Type"), res.Header.Get("Content-Length"), res.Body)
		}
		res = head("/favicon.ico")
		if res.Status != http.StatusFound || len(res.Body) != 0 || !strings.HasPrefix(res.Header.Get("Location"), "/static/logo.svg") {
			t.Fatalf("HEAD /favicon.ico (log-in required: %v): %d → %q %q", requireLogin, res.Status, res.Header.Get("Location"), res.Body)
		}
	}
}
