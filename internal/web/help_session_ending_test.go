package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEndedHelpSessionSaysWhatCameOfIt: the page of a finished help
// session shows its own visitor what came of it: the question that solved
// the problem, the question they asked, or the ticket they filed, linked
// (a ticket filed without logging in has no page for them, so its number
// stands alone). Someone else does not see the session at all.
func TestEndedHelpSessionSaysWhatCameOfIt(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		qid := answeredQuestion(t, env)
		start := func(b *browser, problem string) string {
			t.Helper()
			res := b.post(t, "/help", "/help", url.Values{"query": {problem}})
			m := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))
			if m == nil {
				t.Fatalf("start: %d %s", res.Status, res.Header.Get("Location"))
			}
			return m[1]
		}
		lastTicket := func() string {
			t.Helper()
			var tk deflection.Ticket
			if err := env.App.Store.DB.Order("id DESC").Take(&tk).Error; err != nil {
				t.Fatal(err)
			}
			return itoa(tk.ID)
		}

		// Solved by a suggestion.
		anon := newBrowser(env)
		sid := start(anon, "my vpn drops all the time")
		anon.get(t, "/help/"+sid+"/open/"+qid)
		if res := anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}}); res.Status != http.StatusSeeOther {
			t.Fatalf("solved: %d", res.Status)
		}
		contains(t, anon.get(t, "/help/"+sid), `id="help-ended"`, "This help request is closed.",
			`Solved by: <a href="/questions/`+qid+`" dir="auto">VPN drops every ten minutes on Windows</a>`)
		contains(t, anon.get(t, "/help/"+sid, "Accept-Language", "de"), `Gelöst durch: <a href="/questions/`+qid+`"`)
		if res := newBrowser(env).get(t, "/help/"+sid); res.Status != http.StatusNotFound || strings.Contains(string(res.Body), "Solved by") {
			t.Errorf("another visitor opens the session: %d", res.Status)
		}

		// A ticket filed without logging in: its number, no link to a page they cannot open.
		sid = start(anon, "vpn certificate warning every morning")
		if res := anon.post(t, "/help/"+sid+"/ticket", "/help/"+sid+"/ticket", url.Values{"subject": {"VPN certificate warning"},
			"body": {"Every morning."}, "email": {"anon@example.com"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		tid := lastTicket()
		page := anon.get(t, "/help/"+sid)
		contains(t, page, "<li>Your ticket #"+tid+"</li>")
		if strings.Contains(string(page.Body), `href="/tickets/`+tid+`"`) {
			t.Error("a visitor who was not logged in is led to the ticket's page")
		}

		// Logged in: the ticket's page, and the question asked.
		emp := newBrowser(env)
		emp.signUp(t, "emma")
		sid = start(emp, "Monitor flickers on the docking station")
		if res := emp.post(t, "/help/"+sid+"/ticket", "/help/"+sid+"/ticket", url.Values{"subject": {"Monitor flickers on the docking station"},
			"body": {"Since this morning."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		tid = lastTicket()
		contains(t, emp.get(t, "/help/"+sid), `<a href="/tickets/`+tid+`">Your ticket #`+tid+`</a>`)
		contains(t, emp.get(t, "/help/"+sid, "Accept-Language", "de"), `<a href="/tickets/`+tid+`">Ihr Ticket #`+tid+`</a>`)

		sid = start(emp, "Teams background blur does not work")
		res := emp.post(t, "/help/"+sid+"/ask", "/help/"+sid+"/ask", url.Values{"title": {"Teams background blur does not work"},
			"body": {"The blur option is greyed out since the update."}, "tags": {"microsoft-teams"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		var q store.Post
		if err := env.App.Store.DB.Where("title = ?", "Teams background blur does not work").Take(&q).Error; err != nil {
			t.Fatal(err)
		}
		contains(t, emp.get(t, "/help/"+sid), `You asked: <a href="/questions/`+itoa(q.ID)+`" dir="auto">Teams background blur does not work</a>`)
		// The ask form opened again says the same.
		contains(t, emp.get(t, "/help/"+sid+"/ask"), "This search already ended with question "+itoa(q.ID)+".", `You asked: <a href="/questions/`+itoa(q.ID)+`"`)
	})
}
