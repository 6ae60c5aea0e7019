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

// TestTokenCreationIsAudited checks POST /tokens: each token made is in the
// audit log as token.create, by its owner and about them, naming the token
// and its scope and never its secret; a refused creation (a member asking
// for the staff scope) records nothing.
func TestTokenCreationIsAudited(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
			Password: "correct horse battery"}, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		root := env.API(t, "POST", "/tokens", "", map[string]string{"username": "root", "password": "correct horse battery"}).Map(t)["token"].(string)
		adaID, _ := env.SignUp(t, "ada")
		created := func() []api.AuditJSON {
			t.Helper()
			var l api.ListJSON[api.AuditJSON]
			res := env.API(t, "GET", "/audit?action=token.create&user_id="+itoa(adaID), root, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("audit log: %d %s", res.Status, res.Body)
			}
			res.JSON(t, &l)
			return l.Items
		}
		before := len(created()) // the token SignUp made
		if before != 1 {
			t.Fatalf("ada's sign-up token: %d entries, want 1", before)
		}

		res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery",
			"name": "Nightly report", "scope": "read"})
		if res.Status != http.StatusCreated {
			t.Fatalf("ada's read token: %d %s", res.Status, res.Body)
		}
		var tok api.TokenJSON
		res.JSON(t, &tok)
		got := created()
		if len(got) != 2 {
			t.Fatalf("token.create entries = %+v, want two", got)
		}
		e := got[0]
		if e.Actor == nil || e.Actor.Username != "ada" || e.Target == nil || e.Target.ID != adaID || e.TargetType != "user" ||
			e.Detail != "token #"+itoa(tok.ID)+" “Nightly report”, scope read" {
			t.Fatalf("audit entry = %+v", e)
		}
		// The secret is nowhere in the log, whole or in part.
		log := string(env.API(t, "GET", "/audit", root, nil).Body)
		if tok.Token == "" || strings.Contains(log, tok.Token) || strings.Contains(log, strings.TrimPrefix(tok.Token, auth.TokenPrefix)[:16]) {
			t.Fatalf("the audit log holds the token's secret:\n%s", log)
		}

		refused(t, "a member's staff token", env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada",
			"password": "correct horse battery", "scope": "staff"}), http.StatusUnprocessableEntity, "invalid")
		if got := created(); len(got) != 2 {
			t.Fatalf("a refused token is audited: %+v", got)
		}
	})
}
