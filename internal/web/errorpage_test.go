package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestErrorPageLeadsBack: a link that led to an error page leads back to the
// page it was on, besides the questions, when that page is of this site;
// never to another site, nor to the failing page itself.
func TestErrorPageLeadsBack(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	const missing = "/questions/999999"
	for _, c := range []struct {
		referer, back string
	}{
		{env.URL + "/tags?page=2", `href="/tags?page=2"`},
		{env.URL + "/users/ada", `href="/users/ada"`},
		{"http://evil.example.com/tags", ""},
		{"https://evil.example.com" + strings.TrimPrefix(env.URL, "http://127.0.0.1"), ""},
		{env.URL + "//evil.example.com/tags", ""},
		{"javascript:alert(1)", ""},
		{env.URL + missing, ""},
		{env.URL + "/", ""},
		{"", ""},
	} {
		res := b.get(t, missing, "Referer", c.referer)
		if res.Status != http.StatusNotFound {
			t.Fatalf("%q: %d", c.referer, res.Status)
		}
		body := string(res.Body)
		if !strings.Contains(body, `<a href="/">Back to the questions</a>`) {
			t.Errorf("%q: no way to the questions", c.referer)
		}
		hasBack := strings.Contains(body, "Back to the page")
		if c.back != "" && (!hasBack || !strings.Contains(body, c.back)) || c.back == "" && hasBack || strings.Contains(body, "evil.example.com") {
			t.Errorf("Referer %q: back link %v, want %q:\n%s", c.referer, hasBack, c.back, body)
		}
	}
	contains(t, b.get(t, missing, "Referer", env.URL+"/tags", "Accept-Language", "de"), `<a href="/tags">Zurück zur Seite</a>`)
}
