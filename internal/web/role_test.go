package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
)

// TestAdminChangesARoleOnTheProfile checks the role form on a user's page:
// only administrators see it, a change shows at once, a member's post is
// refused, and the only administrator stepping down is told why inline.
func TestAdminChangesARoleOnTheProfile(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	root, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
		Password: "correct horse battery"}, store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	adaID, _ := env.SignUp(t, "ada")
	profile := "/users/" + strconv.FormatInt(adaID, 10)

	member := newBrowser(env)
	member.logIn(t, "ada")
	if res := member.get(t, profile); res.Status != http.StatusOK || strings.Contains(string(res.Body), `action="`+profile+`/role"`) {
		t.Fatalf("a member sees the role form on a profile (%d)", res.Status)
	}
	if res := member.post(t, profile, profile+"/role", url.Values{"role": {"admin"}}); res.Status != http.StatusForbidden {
		t.Fatalf("a member giving themselves a role: %d", res.Status)
	}

	admin := newBrowser(env)
	admin.logIn(t, "root")
	contains(t, admin.get(t, profile), `action="`+profile+`/role"`, `<option value="user" selected>Member</option>`)
	res := admin.post(t, profile, profile+"/role", url.Values{"role": {"moderator"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("change role: %d %s", res.Status, res.Body)
	}
	contains(t, admin.get(t, res.Header.Get("Location")), "ada now has the role: Moderator.", `<option value="moderator" selected>Moderator</option>`)
	if u, _ := env.App.Auth.UserByID(context.Background(), adaID); u.Role != store.RoleModerator {
		t.Fatalf("stored role = %q", u.Role)
	}

	res = admin.post(t, profile, profile+"/role", url.Values{"role": {"superuser"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown role: %d", res.Status)
	}
	contains(t, res, `id="role-error"`, "Unknown role: use user, moderator, analyst, admin or hotline.")

	own := "/users/" + strconv.FormatInt(root.ID, 10)
	res = admin.post(t, own, own+"/role", url.Values{"role": {"user"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("the only admin stepping down: %d", res.Status)
	}
	contains(t, res, "This is the site&#39;s only administrator")

	// With another administrator, stepping down is told too, though the
	// page no longer offers the form.
	if res := admin.post(t, profile, profile+"/role", url.Values{"role": {"admin"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("make ada an admin: %d", res.Status)
	}
	res = admin.post(t, own, own+"/role", url.Values{"role": {"user"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("stepping down: %d", res.Status)
	}
	page := admin.get(t, res.Header.Get("Location"))
	contains(t, page, "root now has the role: Member.")
	if strings.Contains(string(page.Body), `action="`+own+`/role"`) {
		t.Error("a member still sees the role form")
	}
}

// TestAuditLogPage checks /admin/audit: an administrator sees who gave whom
// which role, also from the user's page; members are refused.
func TestAuditLogPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
		Password: "correct horse battery", DisplayName: "Root Admin"}, store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	adaID, adaTok := env.SignUp(t, "ada")
	profile := "/users/" + strconv.FormatInt(adaID, 10)
	admin := newBrowser(env)
	admin.logIn(t, "root")
	if res := admin.post(t, profile, profile+"/role", url.Values{"role": {"analyst"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("change role: %d", res.Status)
	}
	link := "/admin/audit?user=" + strconv.FormatInt(adaID, 10)
	contains(t, admin.get(t, profile), `href="`+link+`"`)
	res := admin.get(t, link)
	// The role change, and before it the API token signing up made.
	contains(t, res, "<h1>Audit log: ada</h1>", "2 entries", "Role changed", "API token created", ">Root Admin</a>", ">ada</a>", "Member → Support analyst")
	if res := admin.post(t, profile, profile+"/password-link", url.Values{}); res.Status != http.StatusOK {
		t.Fatalf("password link: %d", res.Status)
	}
	contains(t, admin.get(t, "/admin/audit?action=password_link"), "Password link issued", "valid until ")
	contains(t, admin.get(t, "/admin/audit?action=close"), "0 entries", "Nothing recorded yet.")
	// A moderator's closing shows under their name, in the reader's words.
	q := env.Ask(t, adaTok, "Which laptop should I buy for the team?", "laptop")
	a := env.Answer(t, adaTok, q, "Any laptop with 16 GB of memory will do for the team.")
	mod := storetest.User(t, env.App.Store, "mod", store.RoleModerator)
	if err := env.App.QA.Close(context.Background(), mod, q, qa.CloseInput{Reason: "opinion-based"}); err != nil {
		t.Fatal(err)
	}
	contains(t, admin.get(t, "/admin/audit?actor_id="+strconv.FormatInt(mod.ID, 10)), "1 entry", "Question closed", "opinion-based",
		">Which laptop should I buy for the team?</a>")
	// A deleted answer is named by its question.
	if err := env.App.QA.Delete(context.Background(), mod, a); err != nil {
		t.Fatal(err)
	}
	contains(t, admin.get(t, "/admin/audit?action=delete"), "Post deleted", ">an answer to: Which laptop should I buy for the team?</a>")
	for _, bad := range []string{"?target_id=abc", "?actor_id=-5", "?user=1e3", "?action=shred", "?target_type=comment"} {
		if res := admin.get(t, "/admin/audit"+bad); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("/admin/audit%s: %d, want 422", bad, res.Status)
		}
	}
	member := newBrowser(env)
	member.logIn(t, "ada")
	for _, query := range []string{"", "?user=abc"} {
		if res := member.get(t, "/admin/audit"+query); res.Status != http.StatusForbidden {
			t.Fatalf("a member on the audit log%s: %d", query, res.Status)
		}
	}
}

// TestAdminDeactivatesAnAccountOnTheProfile checks the deactivate button on
// a user's page: only administrators see it (not on their own page), the
// account's open session ends, its right password gets an inline message
// on the log-in page, the profile says so, and reactivating lets it in.
func TestAdminDeactivatesAnAccountOnTheProfile(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	root, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
		Password: "correct horse battery"}, store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	adaID, _ := env.SignUp(t, "ada")
	profile := "/users/" + strconv.FormatInt(adaID, 10)
	form := `action="` + profile + `/active"`

	member := newBrowser(env)
	member.logIn(t, "ada")
	if res := member.get(t, profile); strings.Contains(string(res.Body), form) {
		t.Fatal("a member sees the deactivate button")
	}
	if res := member.post(t, profile, profile+"/active", url.Values{"active": {"0"}}); res.Status != http.StatusForbidden {
		t.Fatalf("a member deactivating an account: %d", res.Status)
	}

	admin := newBrowser(env)
	admin.logIn(t, "root")
	own := "/users/" + strconv.FormatInt(root.ID, 10)
	if res := admin.get(t, own); strings.Contains(string(res.Body), `action="`+own+`/active"`) {
		t.Fatal("an administrator is offered to deactivate their own account")
	}
	contains(t, admin.get(t, profile), form, "Deactivate account")
	res := admin.post(t, profile, profile+"/active", url.Values{"active": {"0"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d %s", res.Status, res.Body)
	}
	contains(t, admin.get(t, res.Header.Get("Location")), "ada&#39;s account is deactivated.", "Account deactivated", "Reactivate account")
	contains(t, admin.get(t, "/users?filter=ada"), "Account deactivated")
	if res := admin.get(t, profile); strings.Contains(string(res.Body), `action="`+profile+`/password-link"`) {
		t.Error("a deactivated account's page offers a password link")
	}

	if res := member.get(t, "/settings"); res.Status == http.StatusOK {
		t.Fatal("the deactivated account's session still opens its settings")
	}
	again := newBrowser(env)
	res = again.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}})
	if res.Status != http.StatusForbidden {
		t.Fatalf("a deactivated account logging in: %d", res.Status)
	}
	contains(t, res, "This account is deactivated. Ask an administrator if you need it again.", `<form method="post" action="/login"`)

	res = admin.post(t, profile, profile+"/active", url.Values{"active": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("reactivate: %d %s", res.Status, res.Body)
	}
	contains(t, admin.get(t, res.Header.Get("Location")), "ada&#39;s account is active again.")
	again.logIn(t, "ada")
}
