package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

func authSignUp(name string) auth.SignUp {
	return auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse battery"}
}

var inviteLinkRE = regexp.MustCompile(`value="http://[^"]*(/password/pwl_[A-Za-z0-9_-]+)"`)

// TestAdminAddsAPerson: where nobody signs up, an administrator adds a
// hotline agent on "Add a person" (linked from the users page): the account
// is created with its role and no password, the page gives the one-time link
// by which the agent chooses one, and both the role and the link are in the
// audit log. Mistakes are said beside their fields; a taken e-mail address
// too. Nobody else may open the form.
func TestAdminAddsAPerson(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, func(c *config.Config) { c.SignupClosed = true })
			if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp("root"), store.RoleAdmin); err != nil {
				t.Fatal(err)
			}
			if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp("ada"), store.RoleUser); err != nil {
				t.Fatal(err)
			}
			adm, ada := newBrowser(env), newBrowser(env)
			adm.logIn(t, "root")
			ada.logIn(t, "ada")
			contains(t, adm.get(t, "/users"), `<a class="button" href="/admin/users/new" id="invite">Add a person</a>`)
			if strings.Contains(string(ada.get(t, "/users").Body), "/admin/users/new") {
				t.Error("a member's users page offers to add a person")
			}
			if res := ada.get(t, "/admin/users/new"); res.Status != http.StatusForbidden {
				t.Fatalf("a member opens the form: %d", res.Status)
			}
			if res := ada.postForm(t, "/admin/users/new", url.Values{"username": {"sneaky"}, "email": {"s@example.com"}, "role": {"admin"}}); res.Status != http.StatusForbidden {
				t.Fatalf("a member sends the form: %d", res.Status)
			}
			if res := newBrowser(env).get(t, "/admin/users/new"); res.Status != http.StatusSeeOther {
				t.Fatalf("a visitor opens the form: %d", res.Status)
			}
			contains(t, adm.get(t, "/admin/users/new", "Accept-Language", "de"), "Person hinzufügen", `<option value="hotline">Hotline</option>`)

			bad := adm.post(t, "/admin/users/new", "/admin/users/new", url.Values{"username": {"x"}, "email": {"nope"}, "role": {"king"}})
			if bad.Status != http.StatusUnprocessableEntity {
				t.Fatalf("bad form: %d %s", bad.Status, bad.Body)
			}
			contains(t, bad, `id="username-error"`, `id="email-error"`, `id="role-error"`, `value="nope"`, `aria-describedby="username-error"`)
			taken := adm.post(t, "/admin/users/new", "/admin/users/new", url.Values{"username": {"agent"}, "email": {"ada@example.com"}, "role": {"hotline"}})
			if taken.Status != http.StatusConflict {
				t.Fatalf("a taken address: %d %s", taken.Status, taken.Body)
			}
			contains(t, taken, `id="email-error" role="alert">An account with this e-mail address exists.`)

			res := adm.post(t, "/admin/users/new", "/admin/users/new", url.Values{"username": {" Agent "}, "display_name": {"Hanna Agent"},
				"email": {"Hanna@Example.com"}, "role": {"hotline"}})
			// Post/redirect/get: the answer to the form is a redirect (a reload
			// of the page it opens sends nothing again), whose address holds
			// no secret; that page shows the link, once.
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users/added" {
				t.Fatalf("add a person: %d to %q %s", res.Status, res.Header.Get("Location"), res.Body)
			}
			res = adm.get(t, "/admin/users/added")
			if res.Status != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("the page after adding a person: %d, Cache-Control %q", res.Status, res.Header.Get("Cache-Control"))
			}
			contains(t, res, "Account created", "Hanna Agent", "with the role Hotline")
			again := adm.get(t, "/admin/users/added") // a reload
			if again.Status != http.StatusSeeOther || again.Header.Get("Location") != "/admin/users/new" || strings.Contains(string(again.Body), "/password/") {
				t.Fatalf("the link's page reloaded: %d to %q", again.Status, again.Header.Get("Location"))
			}
			if n := countUsers(t, env, "agent"); n != 1 {
				t.Fatalf("%d accounts named agent", n)
			}
			link := inviteLinkRE.FindStringSubmatch(string(res.Body))
			if link == nil {
				t.Fatalf("no password link on the page:\n%s", res.Body)
			}
			// The link is shown to the administrator who made it alone: another's
			// browser given it as the cookie shows nothing.
			if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp("root2"), store.RoleAdmin); err != nil {
				t.Fatal(err)
			}
			adm2 := newBrowser(env)
			adm2.logIn(t, "root2")
			req, _ := http.NewRequest("GET", env.URL+"/admin/users/added", nil)
			req.AddCookie(&http.Cookie{Name: "stackdesk_new_person", Value: strings.TrimPrefix(link[1], "/password/")})
			if res := adm2.do(t, req); res.Status != http.StatusSeeOther || strings.Contains(string(res.Body), "/password/") {
				t.Fatalf("another administrator given the link: %d %s", res.Status, res.Body)
			}
			var u store.User
			if err := env.App.Store.DB.Where("username = ?", "agent").First(&u).Error; err != nil {
				t.Fatal(err)
			}
			if u.Role != store.RoleHotline || u.PasswordHash != nil || u.Email == nil || *u.Email != "hanna@example.com" || u.DisplayName != "Hanna Agent" {
				t.Fatalf("the account: role %s, password %v, e-mail %v, name %s", u.Role, u.PasswordHash != nil, u.Email, u.DisplayName)
			}
			audit := string(adm.get(t, "/api/v1/audit?user_id="+itoa(u.ID)).Body)
			for _, want := range []string{`"action":"account.create"`, `"detail":"hotline"`, `"action":"password_link"`} {
				if !strings.Contains(audit, want) {
					t.Errorf("the audit log lacks %s:\n%s", want, audit)
				}
			}

			contains(t, adm.get(t, "/admin/audit?user="+itoa(u.ID)), `<th scope="row">Account created</th>`, `data-label="Detail">Hotline</td>`)
			contains(t, adm.get(t, "/admin/audit?user="+itoa(u.ID), "Accept-Language", "de"), `<th scope="row">Konto angelegt</th>`)

			// The agent sets a password with the link and works the queue.
			agent := newBrowser(env)
			set := agent.post(t, link[1], link[1], url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
			if set.Status != http.StatusSeeOther {
				t.Fatalf("set the password: %d %s", set.Status, set.Body)
			}
			agent = newBrowser(env)
			agent.logIn(t, "agent")
			contains(t, agent.get(t, "/tickets"), "Hotline tickets")
		})
	}
}

// TestAddedPersonLandsOnTheirRolesPage: a person an administrator added
// (days ago, say) chooses a password with the link and arrives, logged in,
// on the first page of their role, greeted there: the ticket queue for a
// hotline agent, the dashboard for an analyst, the questions for a
// moderator or a member. A later link (a lost password) leads to the
// settings page that says the password is set, with no greeting.
func TestAddedPersonLandsOnTheirRolesPage(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp("root"), store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		adm := newBrowser(env)
		adm.logIn(t, "root")
		for _, c := range []struct{ role, home, mark string }{
			{store.RoleHotline, "/tickets", "<h1>Hotline tickets</h1>"},
			{store.RoleAnalyst, "/analytics", "<h1>Deflection dashboard</h1>"},
			{store.RoleModerator, "/", "<h1>All questions</h1>"},
			{store.RoleUser, "/", "<h1>All questions</h1>"},
		} {
			name := "new" + c.role
			res := adm.post(t, "/admin/users/new", "/admin/users/new", url.Values{"username": {name}, "email": {name + "@example.com"}, "role": {c.role}})
			if res.Status == http.StatusSeeOther {
				res = adm.get(t, res.Header.Get("Location"))
			}
			link := inviteLinkRE.FindStringSubmatch(string(res.Body))
			if res.Status != http.StatusOK || link == nil {
				t.Fatalf("add a %s: %d", c.role, res.Status)
			}
			// Added three days ago: the greeting does not hang on the account's age.
			if err := env.App.Store.DB.Exec("UPDATE users SET created_at = ? WHERE username = ?", time.Now().Add(-72*time.Hour).UTC(), name).Error; err != nil {
				t.Fatal(err)
			}
			b := newBrowser(env)
			set := b.post(t, link[1], link[1], url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
			if want := c.home + "?welcome=1"; set.Status != http.StatusSeeOther || set.Header.Get("Location") != want {
				t.Fatalf("%s set the password: %d to %q, want %q", c.role, set.Status, set.Header.Get("Location"), want)
			}
			page := b.get(t, set.Header.Get("Location"))
			if page.Status != http.StatusOK {
				t.Fatalf("%s's first page: %d", c.role, page.Status)
			}
			contains(t, page, c.mark, `class="notice welcome" role="status"`, "Welcome, "+name+": your account is ready.")
			if strings.Contains(string(b.get(t, c.home).Body), "notice welcome") {
				t.Errorf("%s is greeted on every page", c.role)
			}
		}

		// A password link for an account that has a password (its first
		// set an hour ago): the settings page, ungreeted, and a marked
		// address greets no one either: a lost password set anew is no arrival.
		var u store.User
		if err := env.App.Store.DB.Where("username = ?", "newhotline").First(&u).Error; err != nil {
			t.Fatal(err)
		}
		if err := env.App.Store.DB.Exec("UPDATE audit_log SET created_at = ? WHERE target_id = ? AND action = 'password_set'", time.Now().Add(-time.Hour).UTC(), u.ID).Error; err != nil {
			t.Fatal(err)
		}
		res := adm.post(t, "/users/"+itoa(u.ID), "/users/"+itoa(u.ID)+"/password-link", url.Values{})
		link := inviteLinkRE.FindStringSubmatch(string(res.Body))
		if link == nil {
			t.Fatalf("second link: %d", res.Status)
		}
		b := newBrowser(env)
		set := b.post(t, link[1], link[1], url.Values{"password": {"battery staple horse"}, "password_confirm": {"battery staple horse"}})
		if set.Status != http.StatusSeeOther || set.Header.Get("Location") != "/settings?password=1" {
			t.Fatalf("a later link: %d to %q", set.Status, set.Header.Get("Location"))
		}
		if page := b.get(t, "/tickets?welcome=1"); page.Status != http.StatusOK || strings.Contains(string(page.Body), "notice welcome") {
			t.Errorf("a password set anew greets as new: %d", page.Status)
		}
	})
}

// countUsers counts the accounts of a username.
func countUsers(t *testing.T, env *testkit.Env, username string) int64 {
	t.Helper()
	var n int64
	if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", username).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
