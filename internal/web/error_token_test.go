package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var metaCSRFRE = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

// pageTokens is every form token a page carries: its forms' and the one
// its scripts read.
func pageTokens(t *testing.T, r *testkit.Response) []string {
	t.Helper()
	var out []string
	for _, m := range csrfRE.FindAllSubmatch(r.Body, -1) {
		out = append(out, string(m[1]))
	}
	if m := metaCSRFRE.FindSubmatch(r.Body); m != nil {
		out = append(out, string(m[1]))
	}
	if len(out) < 3 { // log-out, language, meta
		t.Fatalf("page (%d) carries %d form tokens, want log-out, language and meta:\n%s", r.Status, len(out), r.Body)
	}
	return out
}

// TestErrorPagesCarryTheSessionsToken: the pages of a refused form ("the
// form expired", 403) and of an address that takes no GET (405) carry the
// session's own form token in their forms, as every page does, whether
// the refused form came from a browser that says the request is the
// site's own (Sec-Fetch-Site: same-origin) or not; Log out there logs
// out, and a visitor's such page carries a token its forms send with.
// Tried as a new user would: a hotline agent's stale Take form, then Log
// out on the page that said the form had expired, which refused again.
func TestErrorPagesCarryTheSessionsToken(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, empTok := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	ticket := openTicket(t, env, empTok)
	refusals := []struct {
		name, site string
		refuse     func(b *browser) *testkit.Response
		status     int
		plant      bool // another token in the browser's token cookie
	}{
		{"stale form, same-origin", "same-origin", func(b *browser) *testkit.Response {
			return b.postForm(t, "/tickets/"+ticket+"/take", url.Values{"_csrf": {"stale"}})
		}, http.StatusForbidden, false},
		{"stale form, no Sec-Fetch-Site", "", func(b *browser) *testkit.Response {
			return b.postForm(t, "/tickets/"+ticket+"/take", url.Values{"_csrf": {"stale"}})
		}, http.StatusForbidden, false},
		{"form without a token, same-origin", "same-origin", func(b *browser) *testkit.Response {
			return b.postForm(t, "/tickets/"+ticket+"/take", url.Values{})
		}, http.StatusForbidden, false},
		{"GET of a form's address, same-origin", "same-origin", func(b *browser) *testkit.Response {
			return b.get(t, "/tickets/"+ticket+"/resolve")
		}, http.StatusMethodNotAllowed, false},
		{"GET of a form's address", "", func(b *browser) *testkit.Response {
			return b.get(t, "/tickets/"+ticket+"/resolve")
		}, http.StatusMethodNotAllowed, false},
		{"GET of a form's address, another token cookie", "", func(b *browser) *testkit.Response {
			return b.get(t, "/tickets/"+ticket+"/resolve")
		}, http.StatusMethodNotAllowed, true},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			b := newBrowser(env)
			b.fetchSite = r.site
			b.logIn(t, "hot")
			session := pageTokens(t, b.get(t, "/tickets/"+ticket))[0]
			if r.plant { // the page then puts the session's back, or its Log out is refused
				site, _ := url.Parse(env.URL)
				b.c.Jar.SetCookies(site, []*http.Cookie{{Name: "stackdesk_csrf", Value: "planted", Path: "/"}})
			}
			res := r.refuse(b)
			if res.Status != r.status {
				t.Fatalf("refusal: %d, want %d", res.Status, r.status)
			}
			for _, tok := range pageTokens(t, res) {
				if tok != session {
					t.Fatalf("the error page carries the form token %q, not the session's %q", tok, session)
				}
			}
			// Log out as the page's form sends it.
			if out := b.postForm(t, "/logout", url.Values{"_csrf": {session}}); out.Status != http.StatusSeeOther {
				t.Fatalf("Log out on the error page: %d\n%s", out.Status, out.Body)
			}
			if home := b.get(t, "/"); !strings.Contains(string(home.Body), `href="/login`) || strings.Contains(string(home.Body), `action="/logout"`) {
				t.Fatalf("still logged in after Log out (%d)", home.Status)
			}
		})
	}
	// A visitor's page, with no token cookie yet or with one: its forms
	// send with what it carries.
	for _, site := range []string{"", "same-origin"} {
		t.Run("visitor Sec-Fetch-Site="+site, func(t *testing.T) {
			b := newBrowser(env)
			b.fetchSite = site
			res := b.get(t, "/settings/password")
			if res.Status != http.StatusMethodNotAllowed {
				t.Fatalf("GET /settings/password: %d, want 405", res.Status)
			}
			tok := string(metaCSRFRE.FindSubmatch(res.Body)[1])
			for _, m := range csrfRE.FindAllSubmatch(res.Body, -1) {
				if string(m[1]) != tok {
					t.Fatalf("the page's tokens differ: %q, %q", m[1], tok)
				}
			}
			if tok == "" || strings.HasPrefix(tok, "_echo") {
				t.Fatalf("a visitor's 405 page carries %q", tok)
			}
			// The language form as it stands, sent without
			// Sec-Fetch-Site: the token must match the cookie's.
			b.fetchSite = ""
			if got := b.postForm(t, "/language", url.Values{"_csrf": {tok}, "lang": {"de"}, "next": {"/"}}); got.Status != http.StatusSeeOther {
				t.Fatalf("the language form of a visitor's 405 page: %d", got.Status)
			}
			refused := b.postForm(t, "/login", url.Values{"_csrf": {"stale"}, "login": {"emp"}, "password": {"x"}})
			if refused.Status != http.StatusForbidden {
				t.Fatalf("a stale log-in form: %d, want 403", refused.Status)
			}
			again := string(metaCSRFRE.FindSubmatch(refused.Body)[1])
			if again != tok {
				t.Fatalf("the visitor's 403 page carries %q, not the browser's token %q", again, tok)
			}
		})
	}
}

// openTicket files a ticket from a help session of the user with token,
// and returns its number.
func openTicket(t *testing.T, env *testkit.Env, token string) string {
	t.Helper()
	res := env.API(t, "POST", "/help-sessions", token, map[string]any{"query": "printer offline on floor 3"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", token, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "The printer on floor 3 is offline", "body": "It says offline since this morning.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
}
