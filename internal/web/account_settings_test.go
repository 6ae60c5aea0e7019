package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
)

var linkRE = regexp.MustCompile(`value="(http://[^"]*/password/(pwl_[A-Za-z0-9_-]+))"`)

// TestClaimImportedAccountThroughPasswordLink: an admin issues a link for an
// account without a password (as an import leaves it), its owner opens it,
// sets a password and is logged in; the link then is spent.
func TestClaimImportedAccountThroughPasswordLink(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		if _, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: "root", Email: "root@example.com", Password: "correct horse battery"}, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		imported := storetest.User(t, env.App.Store, "grace", store.RoleUser)
		profile := "/users/" + itoa(imported.ID)

		// Only admins see the button, and only admins may use it.
		bob := newBrowser(env)
		bob.signUp(t, "bob")
		if page := bob.get(t, profile); strings.Contains(string(page.Body), "/password-link") {
			t.Error("a user sees the password-link button")
		}
		if res := bob.post(t, profile, profile+"/password-link", url.Values{}); res.Status != http.StatusForbidden {
			t.Errorf("a user issued a link: %d", res.Status)
		}
		admin := newBrowser(env)
		admin.logIn(t, "root")
		contains(t, admin.get(t, profile), "No password yet", "Create a password link")
		res := admin.post(t, profile, profile+"/password-link", url.Values{})
		m := linkRE.FindSubmatch(res.Body)
		if res.Status != http.StatusOK || m == nil {
			t.Fatalf("link page: %d %s", res.Status, res.Body)
		}
		link, secret := string(m[1]), string(m[2])
		if !strings.HasPrefix(link, env.URL+"/password/") {
			t.Errorf("link %s is not on this site (%s)", link, env.URL)
		}
		path := "/password/" + secret

		grace := newBrowser(env)
		contains(t, grace.get(t, path), "@grace", `name="password_confirm"`)
		res = grace.post(t, path, path, url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse batterY"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("differing passwords: %d", res.Status)
		}
		contains(t, res, "The two passwords differ.")
		if strings.Contains(string(res.Body), "correct horse batter") {
			t.Error("the page echoes a typed password")
		}
		res = grace.post(t, path, path, url.Values{"password": {"short"}, "password_confirm": {"short"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short password: %d", res.Status)
		}
		contains(t, res, "Use at least 8 characters.")
		res = grace.post(t, path, path, url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
		// Her account's first password: she arrives on the questions, greeted.
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/?welcome=1" {
			t.Fatalf("set password: %d %s", res.Status, res.Header.Get("Location"))
		}
		checkSessionCookie(t, "password link", setCookie(t, res, "stackdesk_session"), false)
		contains(t, grace.get(t, "/settings?password=1"), "Your password is set.", `name="username" value="grace"`)

		// Spent: the link now says so, and the password logs in.
		if res := newBrowser(env).get(t, path); res.Status != http.StatusNotFound || !strings.Contains(string(res.Body), "not valid any more") ||
			!strings.Contains(string(res.Body), "<h1>This link is no longer valid</h1>") {
			t.Errorf("a used link: %d %s", res.Status, res.Body)
		}
		newBrowser(env).logIn(t, "grace")

		// Someone logged in who opens another's link is logged out of their
		// own account first.
		secret2, _, err := env.App.Auth.IssuePasswordLink(ctx, imported.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		path = "/password/" + secret2
		contains(t, bob.get(t, path), "You are logged in as @bob. Setting this password logs you out and in as @grace.")
		res = bob.post(t, path, path, url.Values{"password": {"battery staple horse"}, "password_confirm": {"battery staple horse"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("second link: %d", res.Status)
		}
		var bobSessions int64
		env.App.Store.DB.Table("sessions").Joins("JOIN users ON users.id = sessions.user_id").Where("users.username = ?", "bob").Count(&bobSessions)
		if bobSessions != 0 {
			t.Errorf("bob's session survived his opening grace's link: %d", bobSessions)
		}
		contains(t, bob.get(t, "/settings"), `name="username" value="grace"`)
	})
}

// TestChangePasswordInSettings: the current password is asked for, and a
// change ends the user's other sessions but not this one.
func TestChangePasswordInSettings(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		other := newBrowser(env)
		other.logIn(t, "ada")
		form := func(current, pw, confirm string) url.Values {
			return url.Values{"current_password": {current}, "password": {pw}, "password_confirm": {confirm}}
		}
		res := ada.post(t, "/settings", "/settings/password", form("wrong horse battery", "battery staple horse", "battery staple horse"))
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong current password: %d", res.Status)
		}
		contains(t, res, "This is not your current password.", `id="current_password-error"`)
		res = ada.post(t, "/settings", "/settings/password", form("correct horse battery", "battery staple horse", "battery staple horse"))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("change: %d %s", res.Status, res.Body)
		}
		contains(t, ada.get(t, "/settings?password=1"), "Your password is set.")
		if res := other.get(t, "/settings"); res.Status == http.StatusOK {
			t.Error("another session survived the password change")
		}
		if res := newBrowser(env).post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}}); res.Status == http.StatusSeeOther {
			t.Error("the old password still logs in")
		}
		if res := newBrowser(env).post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"battery staple horse"}}); res.Status != http.StatusSeeOther {
			t.Errorf("the new password does not log in: %d", res.Status)
		}
	})
}

// TestChangeAccountInSettings: display name and e-mail address change on
// the settings page; an error there is shown under its field and keeps
// what the other forms on the page hold.
func TestChangeAccountInSettings(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		newBrowser(env).signUp(t, "bob")
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		if res := ada.post(t, "/settings", "/settings", url.Values{"ask_me_about": {"VPN and printers"}, "tags": {""}, "email": {"off"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("profile: %d %s", res.Status, res.Body)
		}
		res := ada.post(t, "/settings", "/settings/account", url.Values{"display_name": {"Ada L."}, "email_address": {"bob@example.com"}, "account_password": {"correct horse battery"}})
		if res.Status != http.StatusConflict {
			t.Fatalf("taken address: %d", res.Status)
		}
		contains(t, res, `id="email_address-error"`, "An account with this e-mail address exists.", `value="VPN and printers"`, `value="off" checked`)
		res = ada.post(t, "/settings", "/settings/account", url.Values{"display_name": {"Ada L."}, "email_address": {"eve@example.com"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("new address without the password: %d", res.Status)
		}
		contains(t, res, `id="account_password-error"`, "Enter your current password to change your e-mail address.", `value="eve@example.com"`)
		res = ada.post(t, "/settings", "/settings/password", url.Values{"current_password": {"wrong"}, "password": {"x"}, "password_confirm": {"x"}})
		contains(t, res, `value="VPN and printers"`, `value="ada@example.com"`)
		res = ada.post(t, "/settings", "/settings/account", url.Values{"display_name": {"Ada Lovelace"}, "about": {"Controlling, Hamburg."},
			"email_address": {"Ada.L@example.com"}, "account_password": {"correct horse battery"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("change: %d %s", res.Status, res.Body)
		}
		page := ada.get(t, "/settings?saved=1")
		contains(t, page, "Your settings were saved.", `value="Ada Lovelace"`, `value="ada.l@example.com"`, `value="Controlling, Hamburg."`)
		if res := newBrowser(env).post(t, "/login", "/login", url.Values{"login": {"ada.l@example.com"}, "password": {"correct horse battery"}}); res.Status != http.StatusSeeOther {
			t.Errorf("cannot log in with the new address: %d", res.Status)
		}
	})
}

// TestDisplayNameOfNothingVisible: on the sign-up and settings pages a
// display name of only invisible characters (zero-width spaces, a Hangul
// filler, accents on no letter) is refused under its field, saying why.
func TestDisplayNameOfNothingVisible(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	res := b.post(t, "/signup", "/signup", url.Values{"username": {"eve"}, "email": {"eve@example.com"}, "password": {"correct horse battery"},
		"display_name": {"\u200b\u3164\u200b"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("sign-up: %d", res.Status)
	}
	contains(t, res, `id="display_name-error"`, "This text holds only invisible characters: use at least one letter, digit or symbol.")
	b.signUp(t, "ada")
	res = b.post(t, "/settings", "/settings/account", url.Values{"display_name": {"\u0301\u0301\u0301"}, "email_address": {"ada@example.com"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("settings: %d", res.Status)
	}
	contains(t, res, `id="display_name-error"`, "only invisible characters")
	contains(t, b.get(t, "/settings"), `value="ada"`)
}

// TestSettingsPasswordGuessesAreLimited: on the settings page too, wrong
// current passwords count as failed log-ins of the account; past the limit
// the form says so, with Retry-After.
func TestSettingsPasswordGuessesAreLimited(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	b := newBrowser(env)
	b.logIn(t, "ada")
	form := url.Values{"current_password": {"a wrong guess"}, "password": {"battery staple horse"}, "password_confirm": {"battery staple horse"}}
	for i := range 10 {
		if res := b.post(t, "/settings", "/settings/password", form); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d", i, res.Status)
		}
	}
	res := b.post(t, "/settings", "/settings/password", form)
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("past the limit: %d, Retry-After %q", res.Status, res.Header.Get("Retry-After"))
	}
	contains(t, res, "Too many failed log-ins for this account")
}
