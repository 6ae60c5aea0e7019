package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/deflection"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPagesRefuseTheOtherStaffRoles walks the pages' role-bound forms and
// pages with every role that lacks the one each needs, staff of other kinds
// too: a moderator cannot make themselves an administrator on their own
// profile, nor deactivate, claim or name anyone, nor read the audit log;
// analysts and the hotline cannot work the moderators' queues; moderators
// and the hotline cannot open the dashboard; moderators and analysts cannot
// take or answer tickets. Each is refused (403, before the form's fields
// are looked at; taking, resolving, releasing or writing to another's
// ticket is a 404 to those who may not see it, as its page is) and changes
// nothing.
func TestPagesRefuseTheOtherStaffRoles(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ctx := context.Background()
		users := map[string]*store.User{}
		for _, r := range []string{store.RoleAdmin, store.RoleModerator, store.RoleAnalyst, store.RoleHotline, store.RoleUser} {
			u, err := env.App.Auth.CreateUser(ctx, auth.SignUp{Username: r + "1", Email: r + "1@example.com",
				Password: "correct horse battery"}, r)
			if err != nil {
				t.Fatal(err)
			}
			users[r] = u
		}
		bobID, bob := env.SignUp(t, "bob")
		bobUser, _ := env.App.Auth.UserByID(ctx, bobID)
		q := env.Ask(t, bob, "VPN drops every ten minutes", "vpn")
		a := env.Answer(t, bob, q, "Turn off the power saving of the network adapter in the device manager.")
		if _, err := env.App.QA.FlagPost(ctx, users[store.RoleUser], a, qa.FlagInput{Reason: "spam"}); err != nil {
			t.Fatal(err)
		}
		cm, err := env.App.QA.AddComment(ctx, bobUser, q, "Which VPN client do you use?")
		if err != nil {
			t.Fatal(err)
		}
		if err := env.App.QA.DeleteComment(ctx, users[store.RoleModerator], cm.ID); err != nil {
			t.Fatal(err)
		}
		who := deflection.Who{User: bobUser}
		v, err := env.App.Help.Start(ctx, who, "vpn drops")
		if err != nil {
			t.Fatal(err)
		}
		out, err := env.App.Help.SetOutcome(ctx, who, v.Session.ID, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket,
			Ticket: &deflection.TicketInput{Subject: "VPN drops every ten minutes", Body: "Since the update."}})
		if err != nil {
			t.Fatal(err)
		}
		ticket := "/tickets/" + strconv.FormatInt(out.Ticket.ID, 10)

		type call struct {
			path string
			form url.Values // nil: a GET
		}
		id := func(u *store.User) string { return "/users/" + strconv.FormatInt(u.ID, 10) }
		adminOnly := func(self *store.User) []call {
			return []call{
				{id(self) + "/role", url.Values{"role": {"admin"}}},
				{id(users[store.RoleAdmin]) + "/role", url.Values{"role": {"user"}}},
				{id(users[store.RoleAdmin]) + "/active", url.Values{"active": {"0"}}},
				{id(bobUser) + "/active", url.Values{"active": {"0"}}},
				{id(bobUser) + "/active", url.Values{}}, // refused before the missing choice is told
				{id(bobUser) + "/active", url.Values{"active": {"maybe"}}},
				{id(users[store.RoleAdmin]) + "/password-link", url.Values{}},
				{"/admin/audit", nil},
				{"/tags/vpn/smes", url.Values{"username": {self.Username}, "sme": {"true"}}},
				{"/tickets/deliveries/1/retry", url.Values{}},
			}
		}
		moderatorsOnly := []call{
			{"/admin/flags", nil},
			{"/admin/flags/resolve", url.Values{"post_id": {strconv.FormatInt(a, 10)}, "outcome": {"helpful"}, "up_to": {"1000"}}},
			{"/admin/uploads", nil},
			{"/admin/uploads/remove", url.Values{"name": {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png"}}},
			{"/comments/" + strconv.FormatInt(cm.ID, 10) + "/undelete", url.Values{}},
		}
		analystsOnly := []call{{"/analytics", nil}, {"/analytics.csv", nil}, {"/analytics/sessions", nil}}
		hotlineOnly := []call{
			{ticket + "/take", url.Values{}},
			{ticket + "/resolve", url.Values{"answer": {"Turn off the adapter's power saving, then restart."}}},
		}
		refusedTo := map[string][]call{
			store.RoleModerator: append(append(adminOnly(users[store.RoleModerator]), analystsOnly...), hotlineOnly...),
			store.RoleAnalyst:   append(append(adminOnly(users[store.RoleAnalyst]), moderatorsOnly...), hotlineOnly...),
			store.RoleHotline:   append(append(adminOnly(users[store.RoleHotline]), moderatorsOnly...), analystsOnly...),
			store.RoleUser: append(append(append(append(adminOnly(users[store.RoleUser]), moderatorsOnly...), analystsOnly...), hotlineOnly...),
				call{ticket + "/messages", url.Values{"body": {"Any news on this?"}}}, call{ticket + "/release", url.Values{}}),
		}
		for role, calls := range refusedTo {
			b := newBrowser(env)
			b.logIn(t, role+"1")
			for _, c := range calls {
				var res *testkit.Response
				if c.form == nil {
					res = b.get(t, c.path)
				} else {
					res = b.post(t, "/", c.path, c.form)
				}
				want := http.StatusForbidden
				if strings.HasPrefix(c.path, ticket+"/") && !deflection.CanSeeTickets(users[role]) {
					want = http.StatusNotFound // another's ticket, to whoever may not see it: as if there were none
				}
				if res.Status != want {
					t.Errorf("%s: %s = %d, want %d", role, c.path, res.Status, want)
				}
			}
		}

		// Nothing changed.
		for role, u := range users {
			now, err := env.App.Auth.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if now.Role != role || !now.Active() {
				t.Errorf("%s is now %s (active %v)", u.Username, now.Role, now.Active())
			}
		}
		if now, _ := env.App.Auth.UserByID(ctx, bobID); !now.Active() {
			t.Error("bob was deactivated")
		}
		if smes, err := env.App.Experts.SMEs(ctx, "vpn"); err != nil || len(smes) != 0 {
			t.Errorf("vpn's subject-matter experts = %v %v", smes, err)
		}
		row, err := env.App.Help.TicketByID(ctx, users[store.RoleAdmin], out.Ticket.ID)
		if err != nil || row.Status != deflection.TicketOpen || row.AssignedTo != nil {
			t.Errorf("the ticket = %+v %v", row, err)
		}
		if n, err := env.App.QA.PendingFlags(ctx); err != nil || n != 1 {
			t.Errorf("waiting flags = %d %v", n, err)
		}
		if _, err := env.App.QA.Comment(ctx, cm.ID); err == nil {
			t.Error("the deleted comment is back")
		}
		recs, _, err := env.App.Auth.AuditLog(ctx, users[store.RoleAdmin], auth.AuditFilter{}, 1, 50)
		var done []string // besides the API tokens the test made
		for _, r := range recs {
			if r.Action != "token.create" {
				done = append(done, r.Action)
			}
		}
		if err != nil || len(done) != 1 { // the moderator's deletion of bob's comment
			t.Errorf("audit log entries = %v %v, want one", done, err)
		}
	})
}
