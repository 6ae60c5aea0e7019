package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestScopedTokenKeepsOwnersRoleForHelpSessions: a Get-help session that a
// hotline agent or an analyst opens with a write token (which acts as a
// member) is still the support team's, left out of the figures; a
// member's is an employee's.
func TestScopedTokenKeepsOwnersRoleForHelpSessions(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		env.SignUp(t, "emp")
		staffUser(t, env, "hot", store.RoleHotline)
		staffUser(t, env, "ana", store.RoleAnalyst)
		for _, c := range []struct {
			user, scope string
			support     bool
		}{
			{"emp", store.ScopeWrite, false},
			{"hot", store.ScopeWrite, true},
			{"ana", store.ScopeWrite, true},
			{"hot", store.ScopeStaff, true},
		} {
			tok := scopedToken(t, env, c.user, c.scope)
			res := env.API(t, "POST", "/help-sessions", tok.Token, map[string]string{"query": "vpn drops every hour"})
			if res.Status != http.StatusCreated {
				t.Fatalf("%s's %s token starts a session: %d %s", c.user, c.scope, res.Status, res.Body)
			}
			id := int64(res.Map(t)["id"].(float64))
			var support bool
			if err := env.App.Store.DB.Raw("SELECT support_team FROM help_sessions WHERE id = ?", id).Scan(&support).Error; err != nil {
				t.Fatal(err)
			}
			if support != c.support {
				t.Errorf("%s's %s token: support_team %v, want %v", c.user, c.scope, support, c.support)
			}
		}
	})
}

// TestScopeRefusalTellsTheTruth: a write token refused what its owner's
// role would allow is told a staff token would do; refused what the
// owner's role does not allow either (the hotline's pages for an analyst,
// the analysts' for a hotline agent), it hears the role's refusal.
func TestScopeRefusalTellsTheTruth(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		staffUser(t, env, "hot", store.RoleHotline)
		staffUser(t, env, "ana", store.RoleAnalyst)
		hot, ana := scopedToken(t, env, "hot", store.ScopeWrite), scopedToken(t, env, "ana", store.ScopeWrite)
		hotRead := scopedToken(t, env, "hot", store.ScopeRead)

		outOfScope(t, "hotline's write token takes a ticket", env.API(t, "POST", "/tickets/999999/assignment", hot.Token, nil), store.ScopeStaff)
		outOfScope(t, "analyst's write token reads the figures", env.API(t, "GET", "/analytics/deflection", ana.Token, nil), store.ScopeStaff)
		for _, c := range []struct {
			what string
			res  *testkit.Response
		}{
			{"analyst's write token takes a ticket", env.API(t, "POST", "/tickets/999999/assignment", ana.Token, nil)},
			{"hotline's write token reads the figures", env.API(t, "GET", "/analytics/deflection", hot.Token, nil)},
			{"hotline's read token reads the figures", env.API(t, "GET", "/analytics/deflection", hotRead.Token, nil)},
		} {
			refused(t, c.what, c.res, http.StatusForbidden, "forbidden")
			if body := string(c.res.Body); strings.Contains(body, "scope") || !strings.Contains(body, "Your role does not allow this.") {
				t.Errorf("%s: %s", c.what, body)
			}
		}
		for _, who := range []string{"ana", "hot"} {
			staff := scopedToken(t, env, who, store.ScopeStaff)
			path, method := "/tickets/999999/assignment", "POST"
			if who == "hot" {
				path, method = "/analytics/deflection", "GET"
			}
			refused(t, who+"'s staff token where the role does not reach", env.API(t, method, path, staff.Token, nil), http.StatusForbidden, "forbidden")
		}
	})
}
