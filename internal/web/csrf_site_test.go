package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSameSiteWritesAreRefused: a browser's form post from a sibling host
// of the same site (Sec-Fetch-Site: same-site) is refused even with a token
// that matches its cookie, which such a host could have planted; the site's
// own pages (same-origin), a browser that sends no such header, and API
// clients with a token still write.
func TestSameSiteWritesAreRefused(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	b := newBrowser(env)
	b.logIn(t, "ada")
	token := string(csrfRE.FindSubmatch(b.get(t, "/settings").Body)[1])
	language := func(lang, site string) int {
		req, _ := http.NewRequest("POST", env.URL+"/language", strings.NewReader(url.Values{"_csrf": {token}, "lang": {lang}, "next": {"/"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if site != "" {
			req.Header.Set("Sec-Fetch-Site", site)
		}
		return b.do(t, req).Status
	}
	if got := language("de", "same-site"); got != http.StatusForbidden {
		t.Fatalf("a same-site post: %d, want 403", got)
	}
	contains(t, b.get(t, "/"), `lang="en"`) // the same-site post changed nothing
	for _, site := range []string{"same-origin", "none", ""} {
		if got := language("de", site); got != http.StatusSeeOther {
			t.Fatalf("a post with Sec-Fetch-Site %q: %d, want 303", site, got)
		}
	}
	contains(t, b.get(t, "/"), `lang="de"`)
	req, _ := http.NewRequest("PATCH", env.URL+"/api/v1/me", strings.NewReader(`{"about":"Printers, mostly."}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Sec-Fetch-Site", "same-site")
	if res := newBrowser(env).do(t, req); res.Status != http.StatusOK {
		t.Fatalf("an API client with a token: %d %s", res.Status, res.Body)
	}
}

// TestLogInGivesANewFormToken: the form token a browser held before logging
// in (which someone else may know) is not the one of the session, and no
// longer passes; the new one does.
func TestLogInGivesANewFormToken(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	b := newBrowser(env)
	before := string(csrfRE.FindSubmatch(b.get(t, "/login").Body)[1])
	b.logIn(t, "ada")
	after := string(csrfRE.FindSubmatch(b.get(t, "/settings").Body)[1])
	if after == before {
		t.Fatalf("the form token stayed %q across the log-in", before)
	}
	post := func(token string) int {
		return b.postForm(t, "/language", url.Values{"_csrf": {token}, "lang": {"de"}, "next": {"/"}}).Status
	}
	if got := post(before); got != http.StatusForbidden {
		t.Fatalf("the token from before the log-in: %d, want 403", got)
	}
	if got := post(after); got != http.StatusSeeOther {
		t.Fatalf("the session's token: %d, want 303", got)
	}
}
