package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketConversationPages: on the ticket's page the hotline asks the
// employee for more and sets the ticket waiting, which the list shows and
// filters; the employee reads it from their inbox and answers on their
// ticket's page, which opens it again and tells the agent who holds it. A
// refused message says why beside the form and keeps what was typed.
// Someone else cannot write; an analyst sees no conversation; for a ticket
// filed without logging in the page says a message reaches the employee
// only by e-mail (here: no mail server, so not at all).
func TestTicketConversationPages(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d)
			_, tok := env.SignUp(t, "emp")
			for _, name := range []string{"hot", "ana", "other"} {
				env.SignUp(t, name)
			}
			setRole(t, env, "hot", store.RoleHotline)
			setRole(t, env, "ana", store.RoleAnalyst)
			file := func(token string) string {
				t.Helper()
				res := env.API(t, "POST", "/help-sessions", token, map[string]any{"query": "docking station gives no picture"})
				path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
				res = env.API(t, "POST", path+"/outcome", token, map[string]any{"outcome": "ticket", "ticket": map[string]any{
					"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
				if res.Status != http.StatusOK {
					t.Fatalf("ticket: %d %s", res.Status, res.Body)
				}
				return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			}
			id := file(tok)
			page := "/tickets/" + id
			hot, emp, ana, other := newBrowser(env), newBrowser(env), newBrowser(env), newBrowser(env)
			hot.logIn(t, "hot")
			emp.logIn(t, "emp")
			ana.logIn(t, "ana")
			other.logIn(t, "other")
			if res := hot.post(t, page, page+"/take", url.Values{}); res.Status != http.StatusSeeOther {
				t.Fatalf("take: %d", res.Status)
			}
			contains(t, hot.get(t, page), `<h2 id="messages-title">Messages</h2>`, `id="no-messages"`, `name="waiting" id="message-waiting" checked`)

			res := hot.post(t, page, page+"/messages", url.Values{"body": {"\u200b \u200b"}, "waiting": {"on"}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("an empty message: %d", res.Status)
			}
			contains(t, res, `<p class="field-error" id="body-error" role="alert">Write a message.</p>`)
			long := strings.Repeat("Which dock model is it? ", 900)
			res = hot.post(t, page, page+"/messages", url.Values{"body": {long}})
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), long+"</textarea>") || !strings.Contains(string(res.Body), `id="body-error"`) {
				t.Fatalf("a long message is not kept: %d", res.Status)
			}
			if res := hot.post(t, page, page+"/messages", url.Values{"body": {"Which dock model is it? The label is underneath."}, "waiting": {"on"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("message: %d %s", res.Status, res.Body)
			}
			contains(t, hot.get(t, page), "Which dock model is it? The label is underneath.", `<span class="status status-waiting">Waiting on the employee</span>`,
				`<span class="status status-hotline">Hotline</span>`)
			contains(t, hot.get(t, "/tickets?status=waiting"), `id="tickets-waiting" aria-current="true"`, `<td><a href="/tickets/`+id+`">`,
				`<span class="status status-waiting">Waiting on the employee</span>`)
			if strings.Contains(string(hot.get(t, "/tickets").Body), `<td><a href="/tickets/`+id+`">`) {
				t.Error("the queue of open tickets lists a waiting one")
			}

			contains(t, emp.get(t, "/inbox"), "from the hotline wrote about your ticket", "Dock gives no picture")
			own := emp.get(t, page)
			contains(t, own, `id="waiting-for-you"`, "Which dock model is it?", "Your message to the hotline",
				`<span class="status status-waiting">Waiting for your answer</span>`)
			contains(t, emp.get(t, "/tickets"), `<span class="status status-waiting">Waiting for your answer</span>`)
			if strings.Contains(string(own.Body), `name="waiting"`) {
				t.Error("the employee is offered to set their ticket waiting")
			}
			if res := emp.post(t, page, page+"/messages", url.Values{"body": {"A Dell WD19, serial 7Q2X."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("answer: %d %s", res.Status, res.Body)
			}
			contains(t, emp.get(t, page), `<span class="status status-open">`, "A Dell WD19, serial 7Q2X.")
			contains(t, hot.get(t, "/inbox"), "emp answered on a ticket you hold: <span class=\"note-title\" dir=\"auto\">Dock gives no picture</span>")

			if res := other.post(t, "/questions", page+"/messages", url.Values{"body": {"Mine too!"}}); res.Status != http.StatusNotFound {
				t.Errorf("someone else writes: %d", res.Status)
			}
			if res := ana.post(t, page, page+"/messages", url.Values{"body": {"Counting."}}); res.Status != http.StatusForbidden {
				t.Errorf("an analyst writes: %d", res.Status)
			}
			if res := ana.get(t, page); res.Status != http.StatusOK || !strings.Contains(string(res.Body), "Both screens stay black") {
				t.Errorf("an analyst's page of the ticket: %d", res.Status)
			} else if body := string(res.Body); strings.Contains(body, "messages-title") || strings.Contains(body, "A Dell WD19") {
				t.Error("an analyst reads the conversation")
			}

			anon := file("")
			contains(t, hot.get(t, "/tickets/"+anon), `id="message-by-mail"`, "no mail server is configured")
			res = hot.post(t, "/tickets/"+anon, "/tickets/"+anon+"/messages", url.Values{"body": {"Which dock model is it?"}, "waiting": {"on"}})
			if res.Status != http.StatusConflict {
				t.Fatalf("a message nothing delivers: %d", res.Status)
			}
			contains(t, res, `<div class="alert" role="alert">The employee was not logged in and no mail server is configured`, "Which dock model is it?</textarea>")
		})
	}
}
