package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/httpx"
	"stackdesk/internal/testkit"
)

// TestHelpSessionsEndWithLogOut: a help session begun without logging in is
// its browser's, also once someone logs in midway (they carry on with it);
// after logging out, the browser has a new visitor id, and the help
// sessions it began before are not readable (404), while a new one is.
func TestHelpSessionsEndWithLogOut(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		env.SignUp(t, "ben")
		b := newBrowser(env)
		start := func(query string) string {
			t.Helper()
			res := b.post(t, "/help", "/help", url.Values{"query": {query}})
			if res.Status != http.StatusSeeOther || !helpPathRE.MatchString(res.Header.Get("Location")) {
				t.Fatalf("start %q: %d %s", query, res.Status, res.Header.Get("Location"))
			}
			return res.Header.Get("Location")
		}
		earlier := start("my private mail stops syncing on the phone")
		midway := start("the docking station gives no picture")
		contains(t, b.get(t, earlier), "my private mail stops syncing on the phone")

		// Logging in midway keeps the session.
		b.logIn(t, "ben")
		contains(t, b.get(t, midway), "the docking station gives no picture")

		res := b.post(t, "/", "/logout", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("log out: %d", res.Status)
		}
		for _, path := range []string{earlier, midway} {
			if res := b.get(t, path); res.Status != http.StatusNotFound {
				t.Fatalf("after log-out, %s: %d", path, res.Status)
			}
		}
		if ck := setCookie(t, res, httpx.VisitorCookie); ck.Value == "" || ck.MaxAge < 0 {
			t.Fatalf("log-out sets the visitor cookie %+v", ck)
		}
		// The browser's next visitor begins their own.
		next := start("the printer on floor two jams")
		contains(t, b.get(t, next), "the printer on floor two jams")
	})
}
