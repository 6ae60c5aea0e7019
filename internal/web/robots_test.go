package web_test

import (
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
