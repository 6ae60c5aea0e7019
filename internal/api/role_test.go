package api_test

import (
	"context"
	"net/http"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestChangeRoleThroughAPI checks PUT /users/{id}/role: administrators give
// roles, which take effect at once; others are refused; bad input is a 422;
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
		if res := env.API(t, "GET", "/analytics/deflection", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("the new analyst on the dashboard API: %d %s", res.Status, res.Body)
		}
		if got := env.API(t, "GET", "/users/"+itoa(adaID), "", nil).Map(t)["role"]; got != "analyst" {
			t.Fatalf("role read back = %v", got)
		}
	})
}
