package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketHandOverPage: the agent who holds a ticket hands it to a
// colleague from its page, with a word for them (of two lines); the colleague then holds
// it, finds it in their inbox, and the history shows who gave it to whom
// and the word; the employee sees none of it and has no such form. A
// choice nobody made is said beside its field, the word kept; another
// agent's hand-over of a ticket they do not hold is refused with who holds it.
// An administrator hands it from one agent to another, and takes it from
// its holder in one step (Take over), which other agents are not offered,
// and the holder is told; the history names who held it before, and the
// audit log whom it went to.
func TestTicketHandOverPage(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			hotUser, _ := env.SignUp(t, "hot")
			mateUser, _ := env.SignUp(t, "mate")
			env.SignUp(t, "boss")
			setRole(t, env, "boss", store.RoleAdmin)
			for _, name := range []string{"hot", "mate"} {
				setRole(t, env, name, store.RoleHotline)
			}
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			session := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", session+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			hot, mate, emp := newBrowser(env), newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			mate.logIn(t, "mate")
			emp.logIn(t, "emp")
			mateID := itoa(mateUser)

			if res := hot.post(t, page, page+"/take", url.Values{}); res.Status != http.StatusSeeOther {
				t.Fatalf("take: %d", res.Status)
			}
			body := string(hot.get(t, page).Body)
			if !strings.Contains(body, `<form method="post" action="/tickets/`+id+`/handover" id="handover-form" novalidate>`) ||
				!strings.Contains(body, `<option value="`+mateID+`">`) {
				t.Fatalf("the holder's page offers no hand-over to mate:\n%s", body)
			}
			// No colleague chosen: said beside the field, the word kept.
			res = hot.post(t, page, page+"/handover", url.Values{"to": {""}, "note": {"Knows the WD19 docks."}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("no colleague chosen: %d", res.Status)
			}
			contains(t, res, `<details class="handover" id="handover" open>`, `aria-invalid="true" aria-describedby="handover_to-error"`,
				`<p class="field-error" id="handover_to-error" role="alert">Choose the colleague to hand the ticket to.</p>`, `>Knows the WD19 docks.</textarea>`)
			// mate does not hold it: refused, saying who does.
			res = mate.post(t, page, page+"/handover", url.Values{"to": {mateID}})
			if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "only they or an administrator can hand it over") {
				t.Fatalf("mate hands over hot's ticket: %d", res.Status)
			}
			// The word runs over two lines, as typed into the textarea (a browser sends CRLF): kept, and escaped.
			if res := hot.post(t, page, page+"/handover", url.Values{"to": {mateID}, "note": {"Knows the <WD19> docks.\r\nCall before 10."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("hand over: %d %s", res.Status, res.Body)
			}
			contains(t, mate.get(t, page), `<form method="post" action="/tickets/`+id+`/release"`, `class="ticket-event event-handed_over"`,
				"hot handed the ticket to mate", `<p class="pre" dir="auto">Knows the &lt;WD19&gt; docks.`+"\n"+`Call before 10.</p>`)
			contains(t, mate.get(t, "/inbox"), "hot handed a ticket to you")
			b := string(emp.get(t, page).Body)
			for _, leak := range []string{"handover", "handed", "Call before 10."} {
				if strings.Contains(b, leak) {
					t.Errorf("the employee's page shows %q", leak)
				}
			}
			if res := emp.post(t, page, page+"/handover", url.Values{"to": {mateID}}); res.Status != http.StatusForbidden {
				t.Errorf("the employee hands over: %d", res.Status)
			}

			// Take over: offered to an administrator, not to another agent.
			takeOver := `id="take-over">Take over</button>`
			if strings.Contains(string(hot.get(t, page).Body), takeOver) {
				t.Errorf("an agent who does not hold the ticket is offered Take over")
			}
			boss := newBrowser(env)
			boss.logIn(t, "boss")
			contains(t, boss.get(t, page), takeOver)
			// An administrator hands mate's ticket to hot: the history names all three.
			if res := boss.post(t, page, page+"/handover", url.Values{"to": {itoa(hotUser)}}); res.Status != http.StatusSeeOther {
				t.Fatalf("the administrator hands over: %d %s", res.Status, res.Body)
			}
			contains(t, boss.get(t, page), "boss handed the ticket from mate to hot")
			// The form the button submits, as the page gives it.
			form := regexp.MustCompile(`<input type="hidden" name="to" value="(\d+)"><button type="submit" class="small" id="take-over">`).
				FindStringSubmatch(string(boss.get(t, page).Body))
			if form == nil {
				t.Fatal("no take-over form")
			}
			if res := boss.post(t, page, page+"/handover", url.Values{"to": {form[1]}}); res.Status != http.StatusSeeOther {
				t.Fatalf("take over: %d %s", res.Status, res.Body)
			}
			contains(t, boss.get(t, page), "You have held this ticket since", `id="release"`, "boss took over the ticket from hot",
				"boss handed the ticket from mate to hot", "hot handed the ticket to mate")
			if strings.Contains(string(boss.get(t, page).Body), "boss handed the ticket to boss") {
				t.Errorf("the take-over reads as a hand-over to oneself")
			}
			// The audit log names whom each went to.
			contains(t, boss.get(t, "/admin/audit"), "Ticket #"+id+", to @hot", "Ticket #"+id+", to @boss")
			if strings.Contains(string(boss.get(t, page).Body), takeOver) {
				t.Errorf("Take over is offered on a ticket the administrator holds")
			}
			contains(t, mate.get(t, "/inbox"), "</span> reassigned a ticket you held: <span class=\"note-title\" dir=\"auto\">Dock gives no picture</span>")
		})
	}
}
