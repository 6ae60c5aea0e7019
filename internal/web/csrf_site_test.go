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

// TestFormTokenFollowsTheSession: a logged-in browser's form token is its
// session's own. Forms left open in other tabs of the session keep sending;
// a token cookie planted beside the session does not pass even with a
// form that matches it (and the next page read puts the session's token
// back); log-out gives the browser a new token, so the session's no longer
// passes, for nobody who uses the browser next; and forms without a
// session (sign-up, log-in, Get help) work as before. All of it holds for
// browsers that say their requests are the site's own (Sec-Fetch-Site:
// same-origin, as every browser of today does), which pass Echo's token
// check without a token: their pages carry the session's token too, and
// a form from before the log-out is theirs as much.
func TestFormTokenFollowsTheSession(t *testing.T) {
	for _, site := range []string{"", "same-origin"} {
		t.Run("Sec-Fetch-Site="+site, func(t *testing.T) {
			env := testkit.Boot(t, store.SQLite)
			env.SignUp(t, "ada")
			env.SignUp(t, "bob")
			b := newBrowser(env)
			b.fetchSite = site
			formTokenFollowsTheSession(t, env, b)
		})
	}
}

func formTokenFollowsTheSession(t *testing.T, env *testkit.Env, b *browser) {
	u, _ := url.Parse(env.URL)
	language := func(token, lang string) int {
		t.Helper()
		return b.postForm(t, "/language", url.Values{"_csrf": {token}, "lang": {lang}, "next": {"/"}}).Status
	}
	formToken := func(path string) string {
		t.Helper()
		m := csrfRE.FindSubmatch(b.get(t, path).Body)
		if m == nil {
			t.Fatalf("no form token on %s", path)
		}
		return string(m[1])
	}
	// Log-in sets the token its pages then carry.
	res := b.logIn(t, "ada")
	var atLogIn string
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "stackdesk_csrf" {
			atLogIn = c.Value // the last one set wins
		}
	}
	tab1 := formToken("/settings")
	if tab1 != atLogIn {
		t.Fatalf("the log-in set the token %q, its pages carry %q", atLogIn, tab1)
	}
	// Forms open in two tabs of the session both send, in any order.
	tab2 := formToken("/questions/ask")
	if tab2 != tab1 {
		t.Fatalf("two pages of one session carry %q and %q", tab1, tab2)
	}
	for _, tok := range []string{tab2, tab1, tab2} {
		if got := language(tok, "en"); got != http.StatusSeeOther {
			t.Fatalf("a form of the session: %d, want 303", got)
		}
	}
	// A token cookie planted beside the session, with a form to match.
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "stackdesk_csrf", Value: "planted-token", Path: "/"}})
	if got := language("planted-token", "de"); got != http.StatusForbidden {
		t.Fatalf("a planted token with the session: %d, want 403", got)
	}
	if healed := formToken("/settings"); healed != tab1 {
		t.Fatalf("after a page read the form carries %q, want the session's %q", healed, tab1)
	}
	if got := language(tab1, "en"); got != http.StatusSeeOther {
		t.Fatalf("the session's token after a page read: %d, want 303", got)
	}
	contains(t, b.get(t, "/"), `lang="en"`) // the planted post changed nothing

	// Log-out: the session's token is spent, for the visitor and for the
	// next person to log in at this browser alike.
	if res := b.post(t, "/", "/logout", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("log out: %d", res.Status)
	}
	if got := language(tab1, "de"); got != http.StatusForbidden {
		t.Fatalf("the ended session's token, logged out: %d, want 403", got)
	}
	if anon := formToken("/login"); anon == tab1 {
		t.Fatal("the log-in page after log-out carries the ended session's token")
	}
	b.logIn(t, "bob") // an anonymous form
	if got := language(tab1, "de"); got != http.StatusForbidden {
		t.Fatalf("ada's ended session's token, with bob logged in: %d, want 403", got)
	}
	if bobs := formToken("/settings"); bobs == tab1 {
		t.Fatal("the next session has the ended one's token")
	} else if got := language(bobs, "de"); got != http.StatusSeeOther {
		t.Fatalf("bob's own token: %d, want 303", got)
	}
	contains(t, b.get(t, "/"), `lang="de"`)
	// A session that ended by itself (its cookie still sent) binds
	// nothing: its browser is a visitor, whose forms pass as before.
	b.post(t, "/", "/logout", url.Values{})
	b.logIn(t, "ada")
	if err := env.App.Store.DB.Where("1 = 1").Delete(&store.Session{}).Error; err != nil {
		t.Fatal(err)
	}
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "stackdesk_csrf", Value: "a-visitor-token", Path: "/"}})
	res = b.postForm(t, "/login", url.Values{"_csrf": {"a-visitor-token"}, "login": {"ada"}, "password": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("the log-in form beside an ended session's cookie: %d", res.Status)
	}
	// Sign-up and Get help, without a session.
	b.post(t, "/", "/logout", url.Values{})
	b.signUp(t, "cyd")
	b.post(t, "/", "/logout", url.Values{})
	if res := b.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("Get help without a session: %d %s", res.Status, res.Body)
	}
}
