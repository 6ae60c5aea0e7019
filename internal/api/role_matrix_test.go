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

// TestRolesBelowTheOneARouteNeedsAreRefused walks the API's role-bound
// routes with every role that lacks the one each needs: staff of other
// kinds too, not only members. Administrators' routes refuse moderators,
// analysts and the hotline (a moderator cannot make themselves an
// administrator, nor deactivate, claim or name anyone); moderators' routes
// refuse analysts and the hotline; the dashboard refuses moderators and the
// hotline; the hotline's routes refuse moderators and analysts. Each
// refusal is a 403, and nothing changed: roles, accounts, subject-matter
// experts, the ticket, the flag, the deleted comment and the audit log are
// as they were.
func TestRolesBelowTheOneARouteNeedsAreRefused(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		ids, toks := map[string]int64{}, map[string]string{}
		for _, r := range []string{store.RoleAdmin, store.RoleModerator, store.RoleAnalyst, store.RoleHotline} {
			u, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: r + "1", Email: r + "1@example.com",
				Password: "correct horse battery"}, r)
			if err != nil {
				t.Fatal(err)
			}
			res := env.API(t, "POST", "/tokens", "", map[string]string{"username": r + "1", "password": "correct horse battery"})
			if res.Status != http.StatusCreated {
				t.Fatalf("token for %s: %d %s", r, res.Status, res.Body)
			}
			ids[r], toks[r] = u.ID, res.Map(t)["token"].(string)
		}
		ids[store.RoleUser], toks[store.RoleUser] = env.SignUp(t, "ada")
		bobID, bob := env.SignUp(t, "bob")

		// Something for each route to act on: a question with a flagged
		// answer, a comment a moderator deleted, a ticket.
		q := env.Ask(t, toks[store.RoleUser], "VPN drops every ten minutes", "vpn")
		a := env.Answer(t, bob, q, "Turn off the power saving of the network adapter in the device manager.")
		if res := env.API(t, "POST", "/posts/"+itoa(a)+"/flags", toks[store.RoleUser], map[string]string{"reason": "spam"}); res.Status != http.StatusCreated {
			t.Fatalf("flag: %d %s", res.Status, res.Body)
		}
		res := env.API(t, "POST", "/posts/"+itoa(q)+"/comments", bob, map[string]string{"body": "Which VPN client do you use?"})
		if res.Status != http.StatusCreated {
			t.Fatalf("comment: %d %s", res.Status, res.Body)
		}
		comment := int64(res.Map(t)["id"].(float64))
		if res := env.API(t, "DELETE", "/comments/"+itoa(comment), toks[store.RoleModerator], nil); res.Status != http.StatusNoContent {
			t.Fatalf("a moderator deletes the comment: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", "/help-sessions", toks[store.RoleUser], map[string]string{"query": "vpn drops"})
		if res.Status != http.StatusCreated {
			t.Fatalf("help session: %d %s", res.Status, res.Body)
		}
		sess := int64(res.Map(t)["id"].(float64))
		res = env.API(t, "POST", "/help-sessions/"+itoa(sess)+"/outcome", toks[store.RoleUser], map[string]any{"outcome": "ticket",
			"ticket": map[string]any{"subject": "VPN drops every ten minutes", "body": "Since the update."}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		ticket := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
		auditTotal := func() int64 {
			t.Helper()
			var l api.ListJSON[api.AuditJSON]
			env.API(t, "GET", "/audit", toks[store.RoleAdmin], nil).JSON(t, &l)
			return l.Total
		}
		before := auditTotal()

		type call struct {
			method, path string
			body         any
		}
		adminOnly := func(self int64) []call {
			return []call{
				{"PUT", "/users/" + itoa(self) + "/role", map[string]string{"role": "admin"}},
				{"PUT", "/users/" + itoa(ids[store.RoleAdmin]) + "/role", map[string]string{"role": "user"}},
				{"PUT", "/users/" + itoa(ids[store.RoleAdmin]) + "/active", map[string]any{"active": false}},
				{"PUT", "/users/" + itoa(bobID) + "/active", map[string]any{"active": false}},
				{"PUT", "/users/" + itoa(bobID) + "/active", map[string]any{}}, // refused before the missing field is told
				{"POST", "/users/" + itoa(ids[store.RoleAdmin]) + "/password-link", nil},
				{"GET", "/audit", nil},
				{"PUT", "/tags/vpn/smes/" + itoa(self), nil},
				{"GET", "/deliveries", nil},
				{"POST", "/deliveries/1/retry", nil},
			}
		}
		moderatorsOnly := []call{
			{"GET", "/flags", nil},
			{"POST", "/flags/resolve", map[string]any{"post_id": a, "outcome": "helpful"}},
			{"GET", "/uploads", nil},
			{"DELETE", "/uploads/" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png", nil},
			{"POST", "/comments/" + itoa(comment) + "/undelete", nil},
		}
		analystsOnly := []call{{"GET", "/analytics/deflection", nil}}
		hotlineOnly := []call{
			{"POST", "/tickets/" + ticket + "/assignment", nil},
			{"POST", "/tickets/" + ticket + "/resolution", map[string]any{"answer": "Turn off the adapter's power saving, then restart."}},
			{"GET", "/tickets/" + ticket + "/notes", nil},
			{"POST", "/tickets/" + ticket + "/notes", map[string]any{"body": "Seen this before."}},
			{"POST", "/tickets/" + ticket + "/priority", map[string]any{"priority": "urgent"}},
		}
		refusedTo := map[string][]call{
			store.RoleModerator: append(append(adminOnly(ids[store.RoleModerator]), analystsOnly...), hotlineOnly...),
			store.RoleAnalyst:   append(append(adminOnly(ids[store.RoleAnalyst]), moderatorsOnly...), hotlineOnly...),
			store.RoleHotline:   append(append(adminOnly(ids[store.RoleHotline]), moderatorsOnly...), analystsOnly...),
			store.RoleUser:      append(append(append(adminOnly(ids[store.RoleUser]), moderatorsOnly...), analystsOnly...), hotlineOnly...),
		}
		for role, calls := range refusedTo {
			for _, c := range calls {
				if res := env.API(t, c.method, c.path, toks[role], c.body); res.Status != http.StatusForbidden || res.ErrorCode() != "forbidden" {
					t.Errorf("%s: %s %s = %d %s, want 403", role, c.method, c.path, res.Status, res.Body)
				}
			}
		}

		// Nothing changed.
		for role, id := range ids {
			u, err := env.App.Auth.UserByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != role || !u.Active() {
				t.Errorf("%s1 is now %s (active %v)", role, u.Role, u.Active())
			}
		}
		if u, _ := env.App.Auth.UserByID(ctx, bobID); !u.Active() {
			t.Error("bob was deactivated")
		}
		var smes api.ListJSON[api.AuthorJSON]
		env.API(t, "GET", "/tags/vpn/smes", "", nil).JSON(t, &smes)
		if len(smes.Items) != 0 {
			t.Errorf("vpn's subject-matter experts = %+v", smes.Items)
		}
		var tk map[string]any
		env.API(t, "GET", "/tickets/"+ticket, toks[store.RoleAdmin], nil).JSON(t, &tk)
		if tk["status"] != "open" || tk["assigned_to"] != nil || tk["priority"] != "normal" {
			t.Errorf("the ticket = %v", tk)
		}
		var flags api.ListJSON[api.FlaggedJSON]
		env.API(t, "GET", "/flags", toks[store.RoleModerator], nil).JSON(t, &flags)
		if flags.Total != 1 {
			t.Errorf("waiting flags = %+v", flags)
		}
		var cs api.ListJSON[api.CommentJSON]
		env.API(t, "GET", "/posts/"+itoa(q)+"/comments", "", nil).JSON(t, &cs)
		if len(cs.Items) != 0 {
			t.Errorf("the deleted comment is back: %+v", cs.Items)
		}
		if after := auditTotal(); after != before {
			t.Errorf("the audit log grew from %d to %d entries", before, after)
		}
	})
}
