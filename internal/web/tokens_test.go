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

var newTokenRE = regexp.MustCompile(`<code class="token" id="new-token">(sdk_[A-Za-z0-9_-]+)</code>`)
var revokeRE = regexp.MustCompile(`action="(/settings/tokens/\d+/revoke)"`)

// TestTokensInSettings creates an API token on the settings page, uses it,
// and revokes it there.
func TestTokensInSettings(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	b.signUp(t, "ada")
	contains(t, b.get(t, "/settings"), "You have no API tokens.")
	res := b.post(t, "/settings", "/settings/tokens", url.Values{"token_name": {"  "}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unnamed: %d", res.Status)
	}
	contains(t, res, `id="token_name-error"`)
	res = b.post(t, "/settings", "/settings/tokens", url.Values{"token_name": {strings.Repeat("ü", 101)}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("long name: %d", res.Status)
	}
	res = b.post(t, "/settings", "/settings/tokens", url.Values{"token_name": {"backup script"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/settings#tokens" {
		t.Fatalf("create: %d %q", res.Status, res.Header.Get("Location"))
	}
	// The page the redirect opens shows the token, once, and is not stored.
	res = b.get(t, "/settings")
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("shown with Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	m := newTokenRE.FindSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no token shown:\n%s", res.Body)
	}
	token := string(m[1])
	if got := env.API(t, "GET", "/me", token, nil); got.Status != http.StatusOK {
		t.Fatalf("the token does not work: %d", got.Status)
	}
	page := b.get(t, "/settings")
	contains(t, page, "backup script")
	if strings.Contains(string(page.Body), token) {
		t.Fatal("the token is shown again")
	}
	rv := revokeRE.FindSubmatch(page.Body)
	if rv == nil {
		t.Fatal("no revoke button")
	}
	if res := b.post(t, "/settings", string(rv[1]), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Status)
	}
	if got := env.API(t, "GET", "/me", token, nil); got.Status != http.StatusUnauthorized {
		t.Fatalf("a revoked token works: %d", got.Status)
	}
	contains(t, b.get(t, "/settings?revoked=1"), "The token was revoked.", "You have no API tokens.")
}
