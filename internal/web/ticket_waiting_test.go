package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestHeaderCountsTicketsNobodyTook: whoever works the ticket queue (the
// hotline, administrators) sees in the header's staff menu how many open
// tickets nobody has taken, as moderators see the flags waiting; a taken or
// resolved ticket no longer counts. Analysts, who answer none, and members
// see no such count.
func TestHeaderCountsTicketsNobodyTook(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			for _, name := range []string{"hot", "lead", "adm"} {
				env.SignUp(t, name)
			}
			setRole(t, env, "hot", store.RoleHotline)
			setRole(t, env, "lead", store.RoleAnalyst)
			setRole(t, env, "adm", store.RoleAdmin)
			ticket := func(subject string) string {
				t.Helper()
				res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
				path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
				res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
					"subject": subject, "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
				if res.Status != http.StatusOK {
					t.Fatalf("ticket: %d %s", res.Status, res.Body)
				}
				return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			}
			hot, lead, adm, emp := newBrowser(env), newBrowser(env), newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			lead.logIn(t, "lead")
			adm.logIn(t, "adm")
			emp.logIn(t, "emp")
			count := func(n string) string {
				return `>Hotline tickets <span class="unread-count">` + n + `<span class="sr-only"> open, nobody has taken them</span></span></a>`
			}
			if strings.Contains(string(hot.get(t, "/questions").Body), `<span class="sr-only"> open, nobody has taken them`) {
				t.Fatal("a count with no ticket open")
			}
			first, _ := ticket("Dock one"), ticket("Dock two")
			last := ticket("Dock three")
			contains(t, hot.get(t, "/questions"), count("3"), `<summary>Staff <span class="unread-count">3<span class="sr-only"> to handle</span></span></summary>`)
			contains(t, adm.get(t, "/questions"), count("3"))
			contains(t, hot.get(t, "/questions", "Accept-Language", "de"), `<span class="sr-only"> offen, noch von niemandem übernommen</span>`)

			if res := hot.post(t, "/tickets/"+first, "/tickets/"+first+"/take", url.Values{}); res.Status != http.StatusSeeOther {
				t.Fatalf("take: %d %s", res.Status, res.Body)
			}
			res := adm.post(t, "/tickets/"+last, "/tickets/"+last+"/resolve", url.Values{"answer": {"Swap the dock's USB-C cable, then update its firmware."}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("resolve: %d %s", res.Status, res.Body)
			}
			contains(t, hot.get(t, "/tickets"), count("1"))
			contains(t, adm.get(t, "/questions"), count("1"))
			for name, b := range map[string]*browser{"the analyst": lead, "the employee": emp} {
				if strings.Contains(string(b.get(t, "/questions").Body), "nobody has taken them") {
					t.Errorf("%s's header counts the tickets", name)
				}
			}
		})
	}
}
