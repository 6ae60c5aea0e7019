package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestLoginLandsOnTheRolesPage: logging in with no page to return to leads
// to the first page of the person's role (the ticket queue for a hotline
// agent, the dashboard for an analyst, the questions for a member), as the
// header's "Log in" on the site's root does; a next on this site is still
// where it leads, and a next leading elsewhere goes to the role's page.
func TestLoginLandsOnTheRolesPage(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		for _, c := range []struct{ role, home, mark string }{
			{store.RoleHotline, "/tickets", "<h1>Hotline tickets</h1>"},
			{store.RoleAnalyst, "/analytics", "<h1>Deflection dashboard</h1>"},
			{store.RoleUser, "/", "<h1>All questions</h1>"},
		} {
			name := "login" + c.role
			if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp(name), c.role); err != nil {
				t.Fatal(err)
			}
			b := newBrowser(env)
			// The header's link on the root names no page to return to.
			root := b.get(t, "/")
			contains(t, root, `<a href="/login">`)
			res := b.post(t, "/login", "/login", url.Values{"login": {name}, "password": {"correct horse battery"}})
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != c.home {
				t.Fatalf("%s logs in: %d to %q, want %q", c.role, res.Status, res.Header.Get("Location"), c.home)
			}
			page := b.get(t, res.Header.Get("Location"))
			if page.Status != http.StatusOK {
				t.Fatalf("%s's page: %d", c.role, page.Status)
			}
			contains(t, page, c.mark)
			if strings.Contains(string(page.Body), "notice welcome") {
				t.Errorf("%s is greeted as new at log-in", c.role)
			}
			// Logged in, the log-in page without next leads there too.
			if res := b.get(t, "/login"); res.Status != http.StatusSeeOther || res.Header.Get("Location") != c.home {
				t.Errorf("%s opens /login: %d to %q", c.role, res.Status, res.Header.Get("Location"))
			}

			// From another page, back to it: next is honoured.
			o := newBrowser(env)
			contains(t, o.get(t, "/tags"), `<a href="/login?next=%2ftags">`)
			res = o.post(t, "/login?next=/tags", "/login", url.Values{"login": {name}, "password": {"correct horse battery"}, "next": {"/tags"}})
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/tags" {
				t.Fatalf("%s logs in with next=/tags: %d to %q", c.role, res.Status, res.Header.Get("Location"))
			}
			res = o.post(t, "/tags", "/login", url.Values{"login": {name}, "password": {"correct horse battery"}, "next": {"/"}})
			if res.Header.Get("Location") != "/" {
				t.Errorf("%s logs in with next=/: to %q", c.role, res.Header.Get("Location"))
			}
			// A next off the site is not followed.
			for _, next := range []string{"//evil.example.com", "/\\evil.example.com", "https://evil.example.com", "/\t/evil.example.com"} {
				res = o.post(t, "/tags", "/login", url.Values{"login": {name}, "password": {"correct horse battery"}, "next": {next}})
				if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != c.home {
					t.Errorf("%s, next %q: %d to %q, want %q", c.role, next, res.Status, loc, c.home)
				}
			}
			if res := o.get(t, "/login?next=//evil.example.com"); res.Header.Get("Location") != c.home {
				t.Errorf("%s logged in, an outside next: %q", c.role, res.Header.Get("Location"))
			}
		}
	})
}

// TestRequireLoginRootLandsOnTheRolesPage: where every page needs a
// log-in, the site's root sends a visitor to log in with no page to return
// to, so that a hotline agent arrives at the ticket queue; another page is
// returned to.
func TestRequireLoginRootLandsOnTheRolesPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.RequireLogin = true })
	if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp("agent"), store.RoleHotline); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(env)
	if res := b.get(t, "/tags"); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Ftags" {
		t.Fatalf("anonymous /tags: %d %q", res.Status, res.Header.Get("Location"))
	}
	res := b.get(t, "/")
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("anonymous root: %d %q", res.Status, res.Header.Get("Location"))
	}
	res = b.post(t, res.Header.Get("Location"), "/login", url.Values{"login": {"agent"}, "password": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/tickets" {
		t.Fatalf("agent logs in: %d to %q", res.Status, res.Header.Get("Location"))
	}
	contains(t, b.get(t, "/tickets"), "<h1>Hotline tickets</h1>")
}
