package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/auth"
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
	res = b.post(t, "/settings", "/settings/tokens", url.Values{"token_name": {strings.Repeat("ü", 101)}, "token_password": {"correct horse battery"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("long name: %d", res.Status)
	}
	res = b.post(t, "/settings", "/settings/tokens", url.Values{"token_name": {"backup script"}, "token_password": {"correct horse battery"}})
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

// TestCreatingATokenNeedsTheCurrentPassword: a token outlives a password
// change, so the settings page creates one only with the current password:
// without it, or with a wrong one, the form says so beside the field (in the
// reader's language), keeps the name but not the password, and no token is
// made; the right one creates it.
func TestCreatingATokenNeedsTheCurrentPassword(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			b := newBrowser(env)
			b.signUp(t, "ada")
			tokens := func() int64 {
				t.Helper()
				var n int64
				if err := env.App.Store.DB.Model(&store.APIToken{}).Count(&n).Error; err != nil {
					t.Fatal(err)
				}
				return n
			}
			for _, c := range []struct {
				password, lang, want string
			}{
				{"", "en", "Enter your current password to create a token."},
				{"wrong horse battery", "en", "This is not your current password."},
				{"", "de", "Geben Sie Ihr aktuelles Passwort ein, um ein Token zu erstellen."},
				{"wrong horse battery", "de", "Das ist nicht Ihr aktuelles Passwort."},
			} {
				page := b.get(t, "/settings", "Accept-Language", c.lang)
				m := csrfRE.FindSubmatch(page.Body)
				if m == nil {
					t.Fatalf("no CSRF token on /settings (%d)", page.Status)
				}
				form := url.Values{"_csrf": {string(m[1])}, "token_name": {"deploy bot"}, "token_password": {c.password}}
				req, _ := http.NewRequest("POST", env.URL+"/settings/tokens", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Accept-Language", c.lang)
				res := b.do(t, req)
				if res.Status != http.StatusUnprocessableEntity {
					t.Fatalf("password %q (%s): %d", c.password, c.lang, res.Status)
				}
				contains(t, res, `<p class="field-error" id="token_password-error"`, c.want, `name="token_name" maxlength="100" required value="deploy bot"`)
				if c.password != "" && strings.Contains(string(res.Body), c.password) {
					t.Errorf("the page shows the password typed")
				}
				if n := tokens(); n != 0 {
					t.Fatalf("password %q (%s): %d tokens made", c.password, c.lang, n)
				}
			}
			res := b.post(t, "/settings", "/settings/tokens", url.Values{"token_name": {"deploy bot"}, "token_password": {"correct horse battery"}})
			if res.Status != http.StatusSeeOther || tokens() != 1 {
				t.Fatalf("with the right password: %d, %d tokens", res.Status, tokens())
			}
			m := newTokenRE.FindSubmatch(b.get(t, "/settings").Body)
			if m == nil {
				t.Fatal("no token shown")
			}
			if got := env.API(t, "GET", "/me", string(m[1]), nil); got.Status != http.StatusOK {
				t.Fatalf("the token does not work: %d", got.Status)
			}
		})
	}
}

// TestAdminRevokingAnothersTokenIsOnTheAuditPage: an administrator revokes a
// member's API token with the settings form's address (a member or a
// moderator is told there is no such token, and it keeps working), and the
// audit page names it and its scope, about the member, in the reader's
// language.
func TestAdminRevokingAnothersTokenIsOnTheAuditPage(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		for name, role := range map[string]string{"root": store.RoleAdmin, "mod": store.RoleModerator} {
			if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: name, Email: name + "@example.com",
				Password: "correct horse battery"}, role); err != nil {
				t.Fatal(err)
			}
		}
		adaID, _ := env.SignUp(t, "ada")
		res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery", "name": "CI build"})
		if res.Status != http.StatusCreated {
			t.Fatalf("ada's token: %d %s", res.Status, res.Body)
		}
		var tok struct {
			ID    int64
			Token string
		}
		res.JSON(t, &tok)
		revoke := "/settings/tokens/" + strconv.FormatInt(tok.ID, 10) + "/revoke"
		for _, name := range []string{"bob", "mod"} {
			b := newBrowser(env)
			if name == "bob" {
				b.signUp(t, name)
			} else {
				b.logIn(t, name)
			}
			if res := b.post(t, "/settings", revoke, url.Values{}); res.Status != http.StatusNotFound {
				t.Fatalf("%s revokes ada's token: %d", name, res.Status)
			}
		}
		if got := env.API(t, "GET", "/me", tok.Token, nil); got.Status != http.StatusOK {
			t.Fatalf("ada's token after the refusals: %d", got.Status)
		}
		admin := newBrowser(env)
		admin.logIn(t, "root")
		if res := admin.post(t, "/settings", revoke, url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("the admin revokes ada's token: %d %s", res.Status, res.Body)
		}
		if got := env.API(t, "GET", "/me", tok.Token, nil); got.Status != http.StatusUnauthorized {
			t.Fatalf("ada's token revoked by the admin: %d", got.Status)
		}
		log := "/admin/audit?user=" + strconv.FormatInt(adaID, 10)
		// ada's log: her two tokens made (on signing up, and "CI build"), and the revocation.
		signUpToken := strconv.FormatInt(tok.ID-1, 10) // made by signing up, named by default
		contains(t, admin.get(t, log), "3 entries", "Someone else&#39;s API token revoked", "API token created", "API token #"+signUpToken+" “API token”, scope write", "API token #"+strconv.FormatInt(tok.ID, 10)+" “CI build”, scope write")
		contains(t, admin.get(t, log, "Accept-Language", "de"), "API-Token eines anderen widerrufen", "API-Token erstellt", "API-Token #"+signUpToken+" „API token“, Bereich write", "API-Token #"+strconv.FormatInt(tok.ID, 10)+" „CI build“, Bereich write")
	})
}
