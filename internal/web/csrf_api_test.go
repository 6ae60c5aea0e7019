package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAPIWithTheSessionCookieNeedsTheCSRFHeader checks an API write with the
// web session's cookie: refused without X-CSRF-Token, with a message that
// names the header (no form to reload); accepted with it.
func TestAPIWithTheSessionCookieNeedsTheCSRFHeader(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	b := newBrowser(env)
	b.logIn(t, "ada")
	patch := func(token string) *testkit.Response {
		req, _ := http.NewRequest("PATCH", env.URL+"/api/v1/me", strings.NewReader(`{"about":"Printers, mostly."}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		return b.do(t, req)
	}
	res := patch("")
	if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "X-CSRF-Token") || strings.Contains(string(res.Body), "form expired") {
		t.Fatalf("without the header: %d %s", res.Status, res.Body)
	}
	token := csrfRE.FindSubmatch(b.get(t, "/settings").Body)[1]
	if res := patch(string(token)); res.Status != http.StatusOK {
		t.Fatalf("with the header: %d %s", res.Status, res.Body)
	}
}
