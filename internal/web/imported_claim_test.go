package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/importer"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestClaimingAnImportedAccountIsNoArrival: the owner of an imported account
// (no password, its posts and reputation from the dump) claiming it with a
// password link is logged in on the settings page that says the password
// is set, as after a lost password, not greeted as newly joined nor sent
// to their role's first page; the audit log marks the entry "imported
// account claimed". An account an administrator added is still greeted.
func TestClaimingAnImportedAccountIsNoArrival(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := t.Context()
		if _, err := importer.Import(ctx, env.App.Store, "../../testdata/se-small", importer.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.Auth.CreateUser(ctx, authSignUp("root"), store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		adm := newBrowser(env)
		adm.logIn(t, "root")
		var ids []int64
		if err := env.App.Store.DB.Raw("SELECT target_id FROM import_ids WHERE kind = 'user' AND source_id IN (2, 5) ORDER BY source_id").
			Scan(&ids).Error; err != nil || len(ids) != 2 {
			t.Fatalf("imported users: %v %v", ids, err)
		}
		// One imported member stays a member; the other is made a hotline
		// agent before claiming the account: neither is sent to a role's page.
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", ids[1]).Update("role", store.RoleHotline).Error; err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			var u store.User
			if err := env.App.Store.DB.First(&u, id).Error; err != nil {
				t.Fatal(err)
			}
			if u.PasswordHash != nil {
				t.Fatalf("imported %s has a password", u.Username)
			}
			res := adm.post(t, "/users/"+itoa(id), "/users/"+itoa(id)+"/password-link", url.Values{})
			link := inviteLinkRE.FindStringSubmatch(string(res.Body))
			if link == nil {
				t.Fatalf("link for %s: %d", u.Username, res.Status)
			}
			b := newBrowser(env)
			set := b.post(t, link[1], link[1], url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
			if set.Status != http.StatusSeeOther || set.Header.Get("Location") != "/settings?password=1" {
				t.Fatalf("%s (%s) claims the account: %d to %q", u.Username, u.Role, set.Status, set.Header.Get("Location"))
			}
			page := b.get(t, set.Header.Get("Location"))
			contains(t, page, "Your password is set.")
			for _, p := range []string{"/settings?password=1", "/?welcome=1", "/tickets?welcome=1"} {
				if res := b.get(t, p); strings.Contains(string(res.Body), "notice welcome") {
					t.Errorf("%s, claiming an imported account, is greeted as new on %s", u.Username, p)
				}
			}
			var entry store.AuditEntry
			if err := env.App.Store.DB.Where("action = 'password_set' AND target_id = ?", id).First(&entry).Error; err != nil {
				t.Fatal(err)
			}
			if entry.Detail != auth.ImportedClaimed {
				t.Errorf("%s's claim on record as %q", u.Username, entry.Detail)
			}
			if _, err := env.App.Auth.Authenticate(ctx, u.Username, "correct horse battery"); err != nil {
				t.Errorf("%s cannot log in with the password chosen: %v", u.Username, err)
			}
		}

		// An account an administrator adds, days after the import, is
		// still an arrival: its role's page, greeted.
		res := adm.post(t, "/admin/users/new", "/admin/users/new", url.Values{"username": {"agent"}, "email": {"agent@example.com"}, "role": {store.RoleHotline}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("add a person: %d", res.Status)
		}
		res = adm.get(t, res.Header.Get("Location")) // the page that shows the link once
		link := inviteLinkRE.FindStringSubmatch(string(res.Body))
		if link == nil {
			t.Fatalf("no link on the page add a person leads to: %d", res.Status)
		}
		if err := env.App.Store.DB.Exec("UPDATE users SET created_at = ? WHERE username = 'agent'", time.Now().Add(-72*time.Hour).UTC()).Error; err != nil {
			t.Fatal(err)
		}
		b := newBrowser(env)
		set := b.post(t, link[1], link[1], url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
		if set.Status != http.StatusSeeOther || set.Header.Get("Location") != "/tickets?welcome=1" {
			t.Fatalf("an added agent: %d to %q", set.Status, set.Header.Get("Location"))
		}
		contains(t, b.get(t, set.Header.Get("Location")), `class="notice welcome" role="status"`)
	})
}
