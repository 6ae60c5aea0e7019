package web_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPostOnlyAddressesAnswer405: a POST-only address whose path a GET
// route with a parameter also fits (/help/:id, /inbox/:id) answers GET and
// HEAD with 405 and Allow, as every other POST-only address does, and
// OPTIONS lists POST only; the GET routes beside it still answer.
func TestPostOnlyAddressesAnswer405(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	b.signUp(t, "ada")
	for _, path := range []string{"/help/solved", "/inbox/read", "/logout"} {
		for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodOptions} {
			req, _ := http.NewRequest(method, env.URL+path, nil)
			res := b.do(t, req)
			want := http.StatusMethodNotAllowed
			if method == http.MethodOptions {
				want = http.StatusNoContent
			}
			if res.Status != want || res.Header.Get("Allow") != "OPTIONS, POST" {
				t.Errorf("%s %s: %d, Allow %q, want %d, \"OPTIONS, POST\"", method, path, res.Status, res.Header.Get("Allow"), want)
			}
		}
	}
	if res := b.get(t, "/help/999999"); res.Status != http.StatusNotFound {
		t.Errorf("a help session that is none: %d", res.Status)
	}
	if res := b.get(t, "/inbox/999999"); res.Status != http.StatusNotFound {
		t.Errorf("a notification that is none: %d", res.Status)
	}
}
