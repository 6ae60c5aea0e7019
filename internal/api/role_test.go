package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/api"
	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestChangeRoleThroughAPI checks PUT /users/{id}/role: administrators give
// roles, which take effect at once (for tokens made after: a token keeps
// its scope); others are refused; bad input is a 422;
// the last administrator keeps the role.
func TestChangeRoleThroughAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		root, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
			Password: "correct horse battery"}, store.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		rootTok := env.API(t, "POST", "/tokens", "", map[string]string{"username": "root", "password": "correct horse battery"}).Map(t)["token"].(string)
		adaID, ada := env.SignUp(t, "ada")
		path := "/users/" + itoa(adaID) + "/role"

		refused(t, "no token", env.API(t, "PUT", path, "", map[string]string{"role": "analyst"}), http.StatusUnauthorized, "unauthorized")
		refused(t, "a member", env.API(t, "PUT", path, ada, map[string]string{"role": "admin"}), http.StatusForbidden, "forbidden")
		wantFields(t, "unknown role", env.API(t, "PUT", path, rootTok, map[string]string{"role": "king"}), "role")
		wantFields(t, "no role", env.API(t, "PUT", path, rootTok, map[string]string{}), "role")
		refused(t, "no such user", env.API(t, "PUT", "/users/999999/role", rootTok, map[string]string{"role": "analyst"}), http.StatusNotFound, "not_found")
		refused(t, "the only admin", env.API(t, "PUT", "/users/"+itoa(root.ID)+"/role", rootTok, map[string]string{"role": "user"}), http.StatusConflict, "conflict")

		if res := env.API(t, "GET", "/analytics/deflection", ada, nil); res.Status != http.StatusForbidden {
			t.Fatalf("a member on the dashboard API: %d", res.Status)
		}
		res := env.API(t, "PUT", path, rootTok, map[string]string{"role": "analyst"})
		if res.Status != http.StatusOK || res.Map(t)["role"] != "analyst" {
			t.Fatalf("make ada an analyst: %d %s", res.Status, res.Body)
		}
		// A token does not widen with its owner: the one ada had as a
		// member writes as a member; a token made now has the role.
		outOfScope(t, "the new analyst's token made before", env.API(t, "GET", "/analytics/deflection", ada, nil), "staff")
		analyst := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery"}).Map(t)["token"].(string)
		if res := env.API(t, "GET", "/analytics/deflection", analyst, nil); res.Status != http.StatusOK {
			t.Fatalf("the new analyst on the dashboard API: %d %s", res.Status, res.Body)
		}
		if got := env.API(t, "GET", "/users/"+itoa(adaID), "", nil).Map(t)["role"]; got != "analyst" {
			t.Fatalf("role read back = %v", got)
		}
	})
}

// TestAuditLogThroughAPI checks GET /audit: administrators read who changed
// what, newest first and filtered; others are refused; bad filters are 422s.
func TestAuditLogThroughAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
			Password: "correct horse battery"}, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		root := env.API(t, "POST", "/tokens", "", map[string]string{"username": "root", "password": "correct horse battery"}).Map(t)["token"].(string)
		adaID, ada := env.SignUp(t, "ada")
		for _, role := range []string{"analyst", "moderator"} {
			if res := env.API(t, "PUT", "/users/"+itoa(adaID)+"/role", root, map[string]string{"role": role}); res.Status != http.StatusOK {
				t.Fatalf("role %s: %d", role, res.Status)
			}
		}
		if res := env.API(t, "POST", "/users/"+itoa(adaID)+"/password-link", root, nil); res.Status != http.StatusCreated {
			t.Fatalf("password link: %d", res.Status)
		}
		var all api.ListJSON[api.AuditJSON]
		env.API(t, "GET", "/audit", root, nil).JSON(t, &all)
		// Before the three of root's entries, the tokens of ada and root were created.
		if all.Total != 5 || len(all.Items) != 5 || all.Items[0].Action != "password_link" || all.Items[1].Detail != "analyst → moderator" ||
			all.Items[2].Detail != "user → analyst" || all.Items[3].Action != "token.create" || all.Items[1].Actor == nil || all.Items[1].Actor.Username != "root" ||
			all.Items[1].Target == nil || all.Items[1].Target.Username != "ada" {
			t.Fatalf("audit log = %+v", all)
		}
		var roles api.ListJSON[api.AuditJSON]
		env.API(t, "GET", "/audit?action=role&target_type=user&target_id="+itoa(adaID), root, nil).JSON(t, &roles)
		if roles.Total != 2 || roles.Items[0].Action != "role" {
			t.Fatalf("ada's role changes = %+v", roles)
		}
		var byRoot api.ListJSON[api.AuditJSON]
		env.API(t, "GET", "/audit?user_id="+itoa(all.Items[0].Actor.ID), root, nil).JSON(t, &byRoot)
		if byRoot.Total != 4 {
			t.Fatalf("what root did = %+v, want the three entries and root's token", byRoot)
		}
		var none api.ListJSON[api.AuditJSON]
		env.API(t, "GET", "/audit?user_id=999999", root, nil).JSON(t, &none)
		if none.Total != 0 {
			t.Fatalf("nobody's entries = %+v", none)
		}
		refused(t, "a member", env.API(t, "GET", "/audit", ada, nil), http.StatusForbidden, "forbidden")
		refused(t, "a member with a bad filter", env.API(t, "GET", "/audit?user_id=abc", ada, nil), http.StatusForbidden, "forbidden")
		wantFields(t, "unknown action", env.API(t, "GET", "/audit?action=shred", root, nil), "action")
		wantFields(t, "target id", env.API(t, "GET", "/audit?target_id=x", root, nil), "target_id")
		for _, bad := range []string{"actor_id=-1", "actor_id=0"} {
			res := env.API(t, "GET", "/audit?"+bad, root, nil)
			wantFields(t, bad, res, "actor_id")
			if !strings.Contains(string(res.Body), "Use an id: a whole number from 1 up.") {
				t.Errorf("%s: %s", bad, res.Body)
			}
		}
	})
}

// TestDeactivateThroughAPI checks PUT /users/{id}/active: an administrator
// deactivates an account, whose token stops working and whose password
// gets no new one; its questions stay; it is reactivated.
func TestDeactivateThroughAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		root, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
			Password: "correct horse battery"}, store.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		rootTok := env.API(t, "POST", "/tokens", "", map[string]string{"username": "root", "password": "correct horse battery"}).Map(t)["token"].(string)
		adaID, ada := env.SignUp(t, "ada")
		qid := env.Ask(t, ada, "Printer prints blank pages", "printer")
		path := "/users/" + itoa(adaID) + "/active"

		refused(t, "a member", env.API(t, "PUT", path, ada, map[string]any{"active": false}), http.StatusForbidden, "forbidden")
		wantFields(t, "no active", env.API(t, "PUT", path, rootTok, map[string]any{}), "active")
		refused(t, "your own account", env.API(t, "PUT", "/users/"+itoa(root.ID)+"/active", rootTok, map[string]any{"active": false}), http.StatusConflict, "conflict")
		refused(t, "no such user", env.API(t, "PUT", "/users/999999/active", rootTok, map[string]any{"active": false}), http.StatusNotFound, "not_found")

		res := env.API(t, "PUT", path, rootTok, map[string]any{"active": false})
		if res.Status != http.StatusOK || res.Map(t)["deactivated_at"] == nil {
			t.Fatalf("deactivate ada: %d %s", res.Status, res.Body)
		}
		refused(t, "the deactivated account's token", env.API(t, "GET", "/me", ada, nil), http.StatusUnauthorized, "unauthorized")
		res = env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery"})
		if res.Status != http.StatusForbidden || res.ErrorCode() != "forbidden" || !strings.Contains(string(res.Body), "deactivated") {
			t.Fatalf("a new token for a deactivated account: %d %s", res.Status, res.Body)
		}
		if got := env.API(t, "GET", "/users/"+itoa(adaID), "", nil).Map(t)["deactivated_at"]; got == nil {
			t.Error("the user read back shows no deactivation")
		}
		if res := env.API(t, "GET", "/questions/"+itoa(qid), "", nil); res.Status != http.StatusOK {
			t.Errorf("the deactivated account's question: %d", res.Status)
		}

		res = env.API(t, "PUT", path, rootTok, map[string]any{"active": true})
		if res.Status != http.StatusOK || res.Map(t)["deactivated_at"] != nil {
			t.Fatalf("reactivate ada: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery"}); res.Status != http.StatusCreated {
			t.Fatalf("a reactivated account's new token: %d %s", res.Status, res.Body)
		}
	})
}

// TestDemotionTakesARoleClaimingName: a moderator may call themselves
// "Emma Moderator", a member may not; made a member again, the name goes
// with the role (it becomes the username: lists, answers and the page's
// address no longer claim the role), the audit log says so, and the name
// cannot be taken back. A name that claims nothing stays.
func TestDemotionTakesARoleClaimingName(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
			Password: "correct horse battery"}, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		root := env.API(t, "POST", "/tokens", "", map[string]string{"username": "root", "password": "correct horse battery"}).Map(t)["token"].(string)
		emmaID, emma := env.SignUp(t, "emma.k")
		benID, ben := env.SignUp(t, "ben")
		for _, id := range []int64{emmaID, benID} {
			if res := env.API(t, "PUT", "/users/"+itoa(id)+"/role", root, map[string]string{"role": "moderator"}); res.Status != http.StatusOK {
				t.Fatalf("make a moderator: %d %s", res.Status, res.Body)
			}
		}
		emma, ben = env.Token(t, "emma.k"), env.Token(t, "ben") // ones with the role: a name that claims it is the role's
		for tok, name := range map[string]string{emma: "Emma Moderator", ben: "Ben Miller"} {
			if res := env.API(t, "PATCH", "/me", tok, map[string]string{"display_name": name}); res.Status != http.StatusOK {
				t.Fatalf("display name %q: %d %s", name, res.Status, res.Body)
			}
		}
		for _, id := range []int64{emmaID, benID} {
			if res := env.API(t, "PUT", "/users/"+itoa(id)+"/role", root, map[string]string{"role": "user"}); res.Status != http.StatusOK {
				t.Fatalf("make a member again: %d %s", res.Status, res.Body)
			}
		}
		if got := env.API(t, "GET", "/users/"+itoa(emmaID), "", nil).Map(t); got["display_name"] != "emma.k" || got["role"] != "user" {
			t.Fatalf("the demoted moderator: %v", got)
		}
		if got := env.API(t, "GET", "/users/"+itoa(benID), "", nil).Map(t); got["display_name"] != "Ben Miller" {
			t.Fatalf("a name claiming nothing: %v", got["display_name"])
		}
		wantFields(t, "the name taken back", env.API(t, "PATCH", "/me", emma, map[string]string{"display_name": "Emma Moderator"}), "display_name")
		audit := env.API(t, "GET", "/audit?action=role", root, nil)
		if !strings.Contains(string(audit.Body), `moderator → user; display name “Emma Moderator” → “emma.k”`) {
			t.Fatalf("audit: %s", audit.Body)
		}
	})
}

// TestDemotionRenamesARoleClaimingUsername: a staff account may be named
// kai.hotline2; made a member again, it would post and be @mentioned as the
// hotline. So the username goes with the role as when an imported account
// is claimed: it becomes user-ID (and a display name that claims a role
// too, userID), the audit entry of the role change names both, the old name
// no longer logs in, and mentions linked before keep linking to the account,
// also when the post holding them is edited. A staff username that claims
// nothing stays.
func TestDemotionRenamesARoleClaimingUsername(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		for _, u := range []struct{ name, display, role string }{
			{"root", "", store.RoleAdmin}, {"kai.hotline2", "Kai Lange", store.RoleHotline},
			{"mod.admin7", "Moderator Mia", store.RoleModerator}, {"lena.k", "Lena Koch", store.RoleModerator},
		} {
			if _, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: u.name, Email: u.name + "@example.com",
				Password: "correct horse battery", DisplayName: u.display}, u.role); err != nil {
				t.Fatal(err)
			}
		}
		root := env.Token(t, "root")
		kai := env.Token(t, "kai.hotline2")
		id := func(name string) int64 {
			var u store.User
			if err := env.App.Store.DB.Where("username = ?", name).Take(&u).Error; err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		kaiID, miaID, lenaID := id("kai.hotline2"), id("mod.admin7"), id("lena.k")
		_, ada := env.SignUp(t, "ada")
		q := env.Ask(t, ada, "VPN drops every ten minutes at home", "vpn")
		body := "Same here; @kai.hotline2 from the hotline said a new VPN profile fixes it."
		a := env.Answer(t, ada, q, body)
		link := `<a href="/users/` + itoa(kaiID) + `" class="mention">@kai.hotline2</a>`
		html := func(res *testkit.Response) string {
			t.Helper()
			s, _ := res.Map(t)["body_html"].(string)
			return s
		}
		if got := html(env.API(t, "GET", "/answers/"+itoa(a), "", nil)); !strings.Contains(got, link) {
			t.Fatalf("the mention before: %s", got)
		}

		for _, who := range []int64{kaiID, miaID, lenaID} {
			if res := env.API(t, "PUT", "/users/"+itoa(who)+"/role", root, map[string]string{"role": "user"}); res.Status != http.StatusOK {
				t.Fatalf("make %d a member: %d %s", who, res.Status, res.Body)
			}
		}
		for who, want := range map[int64][2]string{
			kaiID:  {"user-" + itoa(kaiID), "Kai Lange"},
			miaID:  {"user-" + itoa(miaID), "user" + itoa(miaID)},
			lenaID: {"lena.k", "Lena Koch"},
		} {
			if got := env.API(t, "GET", "/users/"+itoa(who), "", nil).Map(t); got["username"] != want[0] || got["display_name"] != want[1] || got["role"] != "user" {
				t.Errorf("user %d made a member: %v, want %v", who, got, want)
			}
		}
		audit := string(env.API(t, "GET", "/audit?action=role", root, nil).Body)
		for _, want := range []string{
			`hotline → user; username kai.hotline2 → user-` + itoa(kaiID),
			`moderator → user; display name “Moderator Mia” → “user` + itoa(miaID) + `”; username mod.admin7 → user-` + itoa(miaID),
		} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit lacks %q: %s", want, audit)
			}
		}
		if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "kai.hotline2", "password": "correct horse battery"}); res.Status != http.StatusUnauthorized {
			t.Errorf("the old username still logs in: %d", res.Status)
		}
		if me := env.API(t, "GET", "/me", kai, nil).Map(t); me["username"] != "user-"+itoa(kaiID) {
			t.Errorf("the member's own token reads: %v", me)
		}
		// The mention still links to the account, also after an edit.
		if got := html(env.API(t, "GET", "/answers/"+itoa(a), "", nil)); !strings.Contains(got, link) {
			t.Errorf("the mention after: %s", got)
		}
		if res := env.API(t, "PATCH", "/answers/"+itoa(a), ada, map[string]any{"body": body + " It did for me."}); res.Status != http.StatusOK {
			t.Fatalf("edit: %d %s", res.Status, res.Body)
		}
		if got := html(env.API(t, "GET", "/answers/"+itoa(a), "", nil)); !strings.Contains(got, link) || !strings.Contains(got, "It did for me.") {
			t.Errorf("the mention after an edit: %s", got)
		}
	})
}
