package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketHoldOnClosedTicket: a Take over, Hand over or Take sent from a
// page opened before the ticket was resolved or withdrawn is refused (409),
// and the page it shows says why, though a closed ticket has no assignment
// block to hold the message.
func TestTicketHoldOnClosedTicket(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, empTok := env.SignUp(t, "emp")
			hotID, hotTok := env.SignUp(t, "hot")
			mateID, _ := env.SignUp(t, "mate")
			bossID, _ := env.SignUp(t, "boss")
			setRole(t, env, "boss", store.RoleAdmin)
			setRole(t, env, "hot", store.RoleHotline)
			setRole(t, env, "mate", store.RoleHotline)
			file := func(subject string) string {
				res := env.API(t, "POST", "/help-sessions", empTok, map[string]any{"query": "docking station gives no picture"})
				session := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
				res = env.API(t, "POST", session+"/outcome", empTok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
					"subject": subject, "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
				if res.Status != http.StatusOK {
					t.Fatalf("ticket: %d %s", res.Status, res.Body)
				}
				return "/tickets/" + itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			}
			resolved, withdrawn := file("Dock gives no picture"), file("Printer jams")
			hot, boss := newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			boss.logIn(t, "boss")
			for _, p := range []string{resolved, withdrawn} {
				if res := env.API(t, "POST", p+"/assignment", hotTok, nil); res.Status != http.StatusOK {
					t.Fatalf("take %s: %d %s", p, res.Status, res.Body)
				}
				// The pages are open before the ticket closes.
				hot.get(t, p)
				boss.get(t, p)
			}
			if res := env.API(t, "POST", resolved+"/resolution", hotTok, map[string]any{"answer": "Update the dock's firmware to 1.0.15, then replug it."}); res.Status != http.StatusOK {
				t.Fatalf("resolve: %d %s", res.Status, res.Body)
			}
			if res := env.API(t, "POST", withdrawn+"/withdraw", empTok, map[string]any{"reason": "It works again."}); res.Status != http.StatusOK {
				t.Fatalf("withdraw: %d %s", res.Status, res.Body)
			}
			for _, c := range []struct {
				name, page, action string
				b                  *browser
				form               url.Values
				says               string
			}{
				{"take over", resolved, "/handover", boss, url.Values{"to": {itoa(bossID)}}, "This ticket is already resolved."},
				{"hand over", resolved, "/handover", hot, url.Values{"to": {itoa(mateID)}, "note": {"Knows the docks."}}, "This ticket is already resolved."},
				{"take", resolved, "/take", boss, url.Values{}, "This ticket is already resolved."},
				{"take over withdrawn", withdrawn, "/handover", boss, url.Values{"to": {itoa(hotID)}}, "This ticket is withdrawn."},
				{"take withdrawn", withdrawn, "/take", boss, url.Values{}, "This ticket is withdrawn."},
			} {
				res := c.b.post(t, c.page, c.page+c.action, c.form)
				if res.Status != http.StatusConflict {
					t.Errorf("%s: %d", c.name, res.Status)
					continue
				}
				contains(t, res, `<div class="alert" role="alert" id="hold-error">`+c.says+`</div>`)
			}
		})
	}
}
