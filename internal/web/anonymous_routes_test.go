package web_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEveryPageAnswersAnonymousVisitors: every page of the site, asked for
// by someone not logged in (a bookmark, a session that ended), answers with
// the page, a way to log in, or a refusal: never a server error. Path
// parameters are filled with an existing question's id, and with a name.
func TestEveryPageAnswersAnonymousVisitors(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	q := env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	env.Answer(t, tok, q, "Replace the toner cartridge; the old one is empty.")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	seen := map[string]bool{}
	for _, r := range env.App.Web.Echo.Routes() {
		if r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/api/") || seen[r.Path] {
			continue
		}
		seen[r.Path] = true
	}
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) < 30 {
		t.Fatalf("only %d page routes found", len(paths))
	}
	for _, route := range paths {
		for _, fill := range []string{itoa(q), "ada"} {
			parts := strings.Split(route, "/")
			for i, p := range parts {
				if strings.HasPrefix(p, ":") || p == "*" {
					parts[i] = fill
				}
			}
			path := strings.Join(parts, "/")
			res, err := client.Get(env.URL + path)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			res.Body.Close()
			// The readiness probe's 503 says the index is not caught up yet:
			// that is its answer, not a failure.
			if res.StatusCode >= 500 && !(route == "/readyz" && res.StatusCode == http.StatusServiceUnavailable) {
				t.Errorf("GET %s (route %s) as an anonymous visitor: %d", path, route, res.StatusCode)
			}
		}
	}
	// The ticket list, for example, asks them to log in and comes back.
	res, err := client.Get(env.URL + "/tickets")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?") || !strings.Contains(loc, "next=%2Ftickets") {
		t.Fatalf("GET /tickets anonymously: %d to %q, want 303 to log in and back", res.StatusCode, loc)
	}
}
