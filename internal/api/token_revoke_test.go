package api_test

import (
	"context"
	"net/http"
	"testing"

	"stackdesk/internal/api"
	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAdminTokenRevocationIsAudited checks DELETE /tokens/{id} on another
// user's token: a member or a moderator finds no such token (404) and it
// keeps working; an administrator revokes it, and that is in the audit log,
// about the token's owner, once (a second click records nothing); one's own
// revocation is not an audit matter.
func TestAdminTokenRevocationIsAudited(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		for name, role := range map[string]string{"root": store.RoleAdmin, "mod": store.RoleModerator} {
			if _, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: name, Email: name + "@example.com",
				Password: "correct horse battery"}, role); err != nil {
				t.Fatal(err)
			}
		}
		token := func(username, name string) api.TokenJSON {
			t.Helper()
			var tok api.TokenJSON
			res := env.API(t, "POST", "/tokens", "", map[string]string{"username": username, "password": "correct horse battery", "name": name})
			if res.Status != http.StatusCreated {
				t.Fatalf("token for %s: %d %s", username, res.Status, res.Body)
			}
			res.JSON(t, &tok)
			return tok
		}
		root, mod := token("root", "").Token, token("mod", "").Token
		adaID, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		ci := token("ada", "CI build")
		works := func(what, tok string, want int) {
			t.Helper()
			if res := env.API(t, "GET", "/me", tok, nil); res.Status != want {
				t.Fatalf("%s: GET /me = %d %s, want %d", what, res.Status, res.Body, want)
			}
		}
		audited := func() []api.AuditJSON {
			t.Helper()
			var l api.ListJSON[api.AuditJSON]
			res := env.API(t, "GET", "/audit?action=token.revoke", root, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("audit log: %d %s", res.Status, res.Body)
			}
			res.JSON(t, &l)
			return l.Items
		}

		path := "/tokens/" + itoa(ci.ID)
		refused(t, "a member revokes ada's token", env.API(t, "DELETE", path, bob, nil), http.StatusNotFound, "not_found")
		refused(t, "a moderator revokes ada's token", env.API(t, "DELETE", path, mod, nil), http.StatusNotFound, "not_found")
		works("ada's token after the refusals", ci.Token, http.StatusOK)

		// Her own revocation is hers: not in the log.
		own := token("ada", "laptop")
		if res := env.API(t, "DELETE", "/tokens/"+itoa(own.ID), ada, nil); res.Status != http.StatusNoContent {
			t.Fatalf("ada revokes her own token: %d %s", res.Status, res.Body)
		}
		works("ada's revoked token", own.Token, http.StatusUnauthorized)
		if got := audited(); len(got) != 0 {
			t.Fatalf("one's own revocation is audited: %+v", got)
		}

		for range 2 { // the second click revokes nothing and records nothing
			if res := env.API(t, "DELETE", path, root, nil); res.Status != http.StatusNoContent {
				t.Fatalf("the admin revokes ada's token: %d %s", res.Status, res.Body)
			}
		}
		works("ada's token revoked by the admin", ci.Token, http.StatusUnauthorized)
		got := audited()
		if len(got) != 1 {
			t.Fatalf("token.revoke entries = %+v, want one", got)
		}
		e := got[0]
		if e.Actor == nil || e.Actor.Username != "root" || e.TargetType != "user" || e.TargetID == nil || *e.TargetID != adaID ||
			e.Target == nil || e.Target.Username != "ada" || e.Detail != "token #"+itoa(ci.ID)+" “CI build”, scope write" {
			t.Fatalf("audit entry = %+v", e)
		}
		// It is among what was done to ada's account, after her creating
		// the three tokens (on signing up, "CI build" and "laptop").
		var hers api.ListJSON[api.AuditJSON]
		env.API(t, "GET", "/audit?user_id="+itoa(adaID), root, nil).JSON(t, &hers)
		if hers.Total != 4 || hers.Items[0].Action != "token.revoke" || hers.Items[1].Action != "token.create" {
			t.Fatalf("ada's audit log = %+v", hers)
		}
	})
}
