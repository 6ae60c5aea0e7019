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

// TestPublishedResolutionInTheInbox: when the hotline resolves a ticket by
// publishing it as a question, the employee who filed it logged in reads
// in their inbox that their ticket was answered, naming it and the
// question, in their language; the line leads to the ticket's page, which
// holds the answer and links the question. No separate "answered" line
// comes for the same answer.
func TestPublishedResolutionInTheInbox(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "emp")
		env.SignUp(t, "hot")
		setRole(t, env, "hot", store.RoleHotline)
		res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
		path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com", "consent_publish": true}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
		page := "/tickets/" + id
		hot, emp := newBrowser(env), newBrowser(env)
		hot.logIn(t, "hot")
		emp.logIn(t, "emp")
		if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {"Update the dock's firmware with the vendor tool and restart."},
			"publish": {"on"}, "title": {"Docking station shows no picture on external screens"}, "tags": {"docking"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}

		inbox := string(emp.get(t, "/inbox").Body)
		want := "Your ticket #" + id + ` was answered and published as a question: <span class="note-title" dir="auto">Docking station shows no picture on external screens</span>`
		if !strings.Contains(inbox, want) {
			t.Fatalf("the inbox does not say the ticket was answered:\n%s", inbox)
		}
		if n := strings.Count(inbox, `<li class="note`); n != 1 || strings.Contains(inbox, " answered: ") {
			t.Fatalf("%d notifications for one answer, want 1:\n%s", n, inbox)
		}
		contains(t, emp.get(t, "/inbox", "Accept-Language", "de"), "Ihr Ticket #"+id+" wurde beantwortet und als Frage veröffentlicht: ")
		note := regexp.MustCompile(`<a href="(/inbox/\d+)">Your ticket`).FindStringSubmatch(inbox)
		if note == nil {
			t.Fatal("the notification links nowhere")
		}
		if res := emp.get(t, note[1]); res.Status != http.StatusSeeOther || res.Header.Get("Location") != page {
			t.Fatalf("the notification leads to %d %q, want the ticket's page", res.Status, res.Header.Get("Location"))
		}
		contains(t, emp.get(t, page), `id="resolution">Update the dock&#39;s firmware`, `<a href="/questions/`)
	})
}
