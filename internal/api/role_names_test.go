package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/importer"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestImportedRoleNamesCannotBeKept: accounts an import from before names
// were checked left as "Printer IT Support" (printer-it-support) and
// "admin_T2H" lose those names when claimed by password link, the audit log
// saying so; a member whose stored display name claims a role cannot send it
// back unchanged, while another field of theirs saves, and staff acting as
// members through a write token keep their own unchanged name.
func TestImportedRoleNamesCannotBeKept(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		st := env.App.Store
		if _, err := importer.Import(ctx, st, "../../testdata/se-role-names", importer.Options{}); err != nil {
			t.Fatal(err)
		}
		// What an import from before names were checked left.
		for id, names := range map[int64][2]string{1: {"printer-it-support", "Printer IT Support"}, 2: {"admin_t2h", "admin_T2H"}} {
			if err := st.DB.Exec("UPDATE users SET username = ?, display_name = ? WHERE id = ?", names[0], names[1], id).Error; err != nil {
				t.Fatal(err)
			}
		}
		if _, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: "root", Email: "root@example.com", Password: "correct horse battery"}, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		root := env.Token(t, "root")
		claim := func(id string) {
			t.Helper()
			res := env.API(t, "POST", "/users/"+id+"/password-link", root, nil)
			if res.Status != http.StatusCreated {
				t.Fatalf("link for %s: %d %s", id, res.Status, res.Body)
			}
			url, _ := res.Map(t)["url"].(string)
			if _, _, err := env.App.Auth.SetPasswordWithLink(ctx, strings.TrimPrefix(url, env.URL+"/password/"), "correct horse battery"); err != nil {
				t.Fatalf("claim %s: %v", id, err)
			}
		}

		claim("1")
		if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "printer-it-support", "password": "correct horse battery"}); res.Status != http.StatusUnauthorized {
			t.Errorf("the role-claiming username still logs in: %d", res.Status)
		}
		printer := env.Token(t, "user-1")
		if me := env.API(t, "GET", "/me", printer, nil).Map(t); me["username"] != "user-1" || me["display_name"] != "user1" {
			t.Errorf("claimed account 1: %v", me)
		}
		if got := env.API(t, "GET", "/questions/1", "", nil); !strings.Contains(string(got.Body), `"user1"`) || strings.Contains(string(got.Body), "Printer IT Support") {
			t.Errorf("the claimed account's question still shows its old name: %s", got.Body)
		}
		audit := env.API(t, "GET", "/audit?action=password_set", root, nil)
		if !strings.Contains(string(audit.Body), `imported account claimed; display name “Printer IT Support” → “user1”; username printer-it-support → user-1`) {
			t.Errorf("audit: %s", audit.Body)
		}

		// Account 2 was claimed before names were checked: it kept "admin_T2H".
		claim("2")
		if err := st.DB.Exec("UPDATE users SET display_name = ? WHERE id = 2", "admin_T2H").Error; err != nil {
			t.Fatal(err)
		}
		t2h := env.Token(t, "user-2")
		wantFields(t, "the stored role-claiming name sent unchanged", env.API(t, "PATCH", "/me", t2h, map[string]string{"display_name": "admin_T2H"}), "display_name")
		if res := env.API(t, "PATCH", "/me", t2h, map[string]string{"about": "Cardano tips"}); res.Status != http.StatusOK {
			t.Errorf("another field: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "PATCH", "/me", t2h, map[string]string{"display_name": "Tom Hughes"}); res.Status != http.StatusOK {
			t.Errorf("a name that claims nothing: %d %s", res.Status, res.Body)
		}
		_, ada := env.SignUp(t, "ada")
		wantFields(t, "another member asking for it", env.API(t, "PATCH", "/me", ada, map[string]string{"display_name": "admin_T2H"}), "display_name")

		// A moderator's write token acts as a member: the moderator's own
		// name, unchanged, is still theirs, while a new one claiming a role is not.
		if _, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: "momo", Email: "momo@example.com", Password: "correct horse battery",
			DisplayName: "Moderator Mo"}, store.RoleModerator); err != nil {
			t.Fatal(err)
		}
		res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "momo", "password": "correct horse battery", "scope": "write"})
		if res.Status != http.StatusCreated {
			t.Fatalf("write token: %d %s", res.Status, res.Body)
		}
		mo := res.Map(t)["token"].(string)
		if res := env.API(t, "PATCH", "/me", mo, map[string]string{"display_name": "Moderator Mo", "about": "Moderating"}); res.Status != http.StatusOK {
			t.Errorf("a moderator's unchanged name through a write token: %d %s", res.Status, res.Body)
		}
		wantFields(t, "a moderator's new role name through a write token", env.API(t, "PATCH", "/me", mo, map[string]string{"display_name": "Moderator Max"}), "display_name")
	})
}
