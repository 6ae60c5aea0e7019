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

// TestAnotherTicketFromAnEndedHelpSession: a help session ends with one
// ticket. The same ticket sent again (a double click, a reload) leads to
// the done page; a different one sent from the same form (the browser's
// back button) is neither lost behind the first one's confirmation nor
// filed under this search: it is refused on the form, its text kept,
// naming the ticket the search ended with and offering a new search for
// the new problem. The form opened again says so instead of itself.
func TestAnotherTicketFromAnEndedHelpSession(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		emp := newBrowser(env)
		emp.signUp(t, "emma")
		res := emp.post(t, "/help", "/help", url.Values{"query": {"Monitor flickers on the docking station"}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		page := "/help/" + sid + "/ticket"
		first := url.Values{"subject": {"Monitor flickers on the docking station"}, "body": {"Since this morning."}}
		if res := emp.post(t, page, page, first); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
			t.Fatalf("first ticket: %d %s", res.Status, res.Body)
		}
		var tk deflection.Ticket
		if err := env.App.Store.DB.Take(&tk).Error; err != nil {
			t.Fatal(err)
		}
		tid := itoa(tk.ID)

		// The same ticket again: its done page, nothing new.
		if res := emp.post(t, page, page, first); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
			t.Fatalf("the same ticket again: %d %s", res.Status, res.Header.Get("Location"))
		}

		// A different ticket: refused inline, its text kept.
		second := url.Values{"subject": {"Second problem: headset crackles"}, "body": {"The headset crackles loudly."}}
		res = emp.post(t, page, page, second)
		if res.Status != http.StatusConflict {
			t.Fatalf("a different ticket: %d %s, want 409", res.Status, res.Header.Get("Location"))
		}
		contains(t, res, `id="help-ended" role="alert"`, "This search already ended with ticket #"+tid+".",
			`href="/tickets/`+tid+`"`, `href="/help?query=Second%20problem%3a%20headset%20crackles"`,
			`value="Second problem: headset crackles"`, ">The headset crackles loudly.</textarea>")
		var subjects []string
		if err := env.App.Store.DB.Model(&deflection.Ticket{}).Order("id").Pluck("subject", &subjects).Error; err != nil {
			t.Fatal(err)
		}
		if len(subjects) != 1 || subjects[0] != "Monitor flickers on the docking station" {
			t.Fatalf("tickets %q, want the first one alone", subjects)
		}
		// The API says the same.
		tok := env.API(t, "POST", "/tokens", "", map[string]any{"username": "emma", "password": "correct horse battery"}).Map(t)["token"].(string)
		r := env.API(t, "POST", "/help-sessions/"+sid+"/outcome", tok, map[string]any{"outcome": "ticket",
			"ticket": map[string]any{"subject": "Second problem: headset crackles", "body": "x"}})
		if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "already ended with ticket #"+tid) {
			t.Fatalf("API: %d %s", r.Status, r.Body)
		}

		// The form opened again says how the search ended, not offering itself.
		form := emp.get(t, page)
		contains(t, form, `id="help-ended"`, "This search already ended with ticket #"+tid+".", `<a href="/help">`)
		if strings.Contains(string(form.Body), `action="/help/`+sid+`/ticket"`) {
			t.Fatalf("the form of an ended search is offered again:\n%s", form.Body)
		}
		// In German too.
		contains(t, emp.get(t, page, "Accept-Language", "de"), "Diese Suche endete bereits mit Ticket #"+tid+".")
	})
}

// TestAnotherQuestionFromAnEndedHelpSession: the same for a question asked
// from a help session: the question sent again leads to it; a different
// one is refused on the form with its text kept, not thrown away behind
// the first question.
func TestAnotherQuestionFromAnEndedHelpSession(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		emp := newBrowser(env)
		emp.signUp(t, "anna")
		res := emp.post(t, "/help", "/help", url.Values{"query": {"Teams background blur does not work"}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		page := "/help/" + sid + "/ask"
		first := url.Values{"title": {"Teams background blur does not work"}, "body": {"The blur option is greyed out since the update."},
			"tags": {"microsoft-teams"}}
		res = emp.post(t, page, page, first)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/questions/") {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		asked := res.Header.Get("Location")
		var q store.Post
		if err := env.App.Store.DB.Where("type = ?", store.PostQuestion).Take(&q).Error; err != nil {
			t.Fatal(err)
		}
		qid := itoa(q.ID)

		// The same question again (tags in another order, a space at the end): that question.
		again := url.Values{"title": {"Teams background blur does not work"}, "body": {"The blur option is greyed out since the update.\n"},
			"tags": {"microsoft-teams"}}
		if res := emp.post(t, page, page, again); res.Status != http.StatusSeeOther || res.Header.Get("Location") != asked {
			t.Fatalf("the same question again: %d %s, want %s", res.Status, res.Header.Get("Location"), asked)
		}

		// A different question: refused inline, its text kept.
		second := url.Values{"title": {"Outlook search finds no old mails any more"}, "body": {"Searching for mails older than a month finds nothing."},
			"tags": {"outlook"}}
		res = emp.post(t, page, page, second)
		if res.Status != http.StatusConflict {
			t.Fatalf("a different question: %d %s, want 409", res.Status, res.Header.Get("Location"))
		}
		contains(t, res, `id="help-ended" role="alert"`, "This search already ended with question "+qid+".",
			`href="/questions/`+qid+`"`, `href="/help?query=Outlook%20search%20finds%20no%20old%20mails%20any%20more"`,
			`value="Outlook search finds no old mails any more"`, ">Searching for mails older than a month finds nothing.</textarea>", `value="outlook"`)
		var n int64
		if err := env.App.Store.DB.Model(&store.Post{}).Where("type = ?", store.PostQuestion).Count(&n).Error; err != nil || n != 1 {
			t.Fatalf("%d questions (%v), want 1", n, err)
		}

		// The form opened again says how the search ended.
		form := emp.get(t, page)
		contains(t, form, "This search already ended with question "+qid+".")
		if strings.Contains(string(form.Body), `action="/help/`+sid+`/ask"`) {
			t.Fatalf("the form of an ended search is offered again:\n%s", form.Body)
		}
	})
}
