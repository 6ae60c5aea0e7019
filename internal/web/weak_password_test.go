package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
)

// TestWeakPasswordSaidBesideTheField: a password too common or made of the
// account's names is refused on the sign-up, settings and password-link
// pages with the reason beside the field, in the reader's language; the
// other fields keep what was typed, and the password is not shown back.
func TestWeakPasswordSaidBesideTheField(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		noEcho := func(res *testkit.Response, pw string) {
			t.Helper()
			if strings.Contains(string(res.Body), pw) {
				t.Errorf("the page shows the typed password %q back", pw)
			}
		}
		b := newBrowser(env)
		typed := url.Values{"username": {"zorbexqua"}, "display_name": {"Quillon Ostravik"}, "email": {"tralvenkor.pim@example.com"}, "password": {"zorbexqua1"}}
		res := b.post(t, "/signup", "/signup", typed)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("sign-up with the username plus 1: %d", res.Status)
		}
		contains(t, res, `id="password-error"`, `aria-describedby="password-help password-error"`,
			"This password is too common or too easy to guess", "A few unrelated words make a strong password.",
			`value="zorbexqua"`, `value="Quillon Ostravik"`, `value="tralvenkor.pim@example.com"`)
		noEcho(res, "zorbexqua1")

		if res := b.post(t, "/", "/language", url.Values{"lang": {"de"}, "next": {"/"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("switch language: %d", res.Status)
		}
		typed.Set("password", "qwertyuiop")
		res = b.post(t, "/signup", "/signup", typed)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("sign-up with a keyboard row: %d", res.Status)
		}
		contains(t, res, `id="password-error"`, "Dieses Passwort ist zu verbreitet oder zu leicht zu erraten",
			`value="zorbexqua"`, `value="Quillon Ostravik"`, `value="tralvenkor.pim@example.com"`)
		noEcho(res, "qwertyuiop")

		// Settings: the new password of a member who knows the current one.
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		res = ada.post(t, "/settings", "/settings/password", url.Values{"current_password": {"correct horse battery"}, "password": {"12345678"}, "password_confirm": {"12345678"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("change to 12345678: %d", res.Status)
		}
		contains(t, res, `id="password-error"`, "This password is too common or too easy to guess")
		noEcho(res, "12345678")

		// A password link: an imported account's first password.
		ctx := context.Background()
		admin := storetest.User(t, env.App.Store, "root", store.RoleAdmin)
		grace := storetest.User(t, env.App.Store, "grace.hopkins", store.RoleUser)
		secret, _, err := env.App.Auth.CreatePasswordLink(ctx, admin, grace.ID)
		if err != nil {
			t.Fatal(err)
		}
		path := "/password/" + secret
		g := newBrowser(env)
		res = g.post(t, path, path, url.Values{"password": {"grace.hopkins"}, "password_confirm": {"grace.hopkins"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a link set the username as password: %d", res.Status)
		}
		contains(t, res, `id="password-error"`, "This password is too common or too easy to guess")
		res = g.post(t, path, path, url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("a strong password by the link: %d", res.Status)
		}
	})
}
