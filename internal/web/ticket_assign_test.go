package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketQueueAssignment: several agents work the queue. One takes a
// ticket from the queue or its page; the others see who holds it, are
// told so (409) when they try to take it, may still resolve it, and their
// "Next" skips it. "Mine", "Unassigned" and a search narrow the queue; a
// search too long is refused beside its field. An administrator releases
// anyone's ticket. The employee sees none of it.
func TestTicketQueueAssignment(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	for _, name := range []string{"hot1", "hot2", "adm"} {
		env.SignUp(t, name)
	}
	setRole(t, env, "hot1", store.RoleHotline)
	setRole(t, env, "hot2", store.RoleHotline)
	setRole(t, env, "adm", store.RoleAdmin)
	ticket := func(subject, body string) string {
		t.Helper()
		res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
		path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": subject, "body": body, "email": "emp@example.com"}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	}
	first := ticket("Dock one", "Both screens stay black since Monday.")
	second := ticket("Dock two", "Only the left screen shows a PICTURE.")
	third := ticket("Printer three", "Blank pages from the printer on floor 3.")
	hot1, hot2, adm := newBrowser(env), newBrowser(env), newBrowser(env)
	hot1.logIn(t, "hot1")
	hot2.logIn(t, "hot2")
	adm.logIn(t, "adm")
	take := `<form method="post" action="/tickets/` + first + `/take"`
	at := func(page, id string) int { return strings.Index(page, `<td><a href="/tickets/`+id+`">`) }

	contains(t, hot1.get(t, "/tickets"), take, `aria-label="Take ticket #`+first+`">Take</button>`, `>Held by</th>`)
	contains(t, hot1.get(t, "/tickets?assigned=me"), "No tickets match these filters.")
	if res := hot1.post(t, "/tickets", "/tickets/"+first+"/take", url.Values{}); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/tickets/"+first {
		t.Fatalf("hot1 takes from the queue: %d %s", res.Status, res.Body)
	}
	contains(t, hot1.get(t, "/tickets/"+first), "You have held this ticket since", `id="release"`)

	// hot2 sees who holds it, in the queue and on its page, with no Take.
	queue := string(hot2.get(t, "/tickets").Body)
	if strings.Contains(queue, take) || !strings.Contains(queue[at(queue, first):], `>hot1</a>`) {
		t.Errorf("hot2's queue does not show hot1 holding #%s:\n%s", first, queue)
	}
	page := hot2.get(t, "/tickets/"+first)
	contains(t, page, "hot1 has held this ticket since", `id="resolve-held"`, "hot1 holds this ticket; you can still resolve it, which releases it.")
	if strings.Contains(string(page.Body), `id="take"`) || strings.Contains(string(page.Body), `id="release"`) {
		t.Errorf("hot2 is offered to take or release hot1's ticket:\n%s", page.Body)
	}
	res := hot2.post(t, "/tickets/"+second, "/tickets/"+first+"/take", url.Values{})
	if res.Status != http.StatusConflict || !strings.Contains(string(res.Body), `<div class="alert" role="alert">hot1 has held this ticket since `) ||
		!strings.Contains(string(res.Body), `: take it once they or an administrator release it.</div>`) || strings.Count(string(res.Body), "hot1 has held") != 1 {
		t.Fatalf("hot2 takes hot1's ticket: %d %s", res.Status, res.Body)
	}
	res = hot2.post(t, "/tickets/"+second, "/tickets/"+first+"/release", url.Values{})
	if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), ": only they or an administrator can release it.") || strings.Count(string(res.Body), "hot1 has held") != 1 {
		t.Fatalf("hot2 releases hot1's ticket: %d %s", res.Status, res.Body)
	}
	contains(t, hot2.get(t, "/tickets/"+first, "Accept-Language", "de"), "hot1 bearbeitet dieses Ticket seit", "Sie können es trotzdem lösen")

	// Next skips what another agent holds.
	contains(t, hot2.get(t, "/tickets/"+first), `<a href="/tickets/`+second+`" rel="next"`)
	contains(t, hot2.get(t, "/tickets/"+second), `<a href="/tickets/`+third+`" rel="next"`)
	contains(t, hot1.get(t, "/tickets/"+second), `<a href="/tickets/`+first+`" rel="next"`)

	// Mine, Unassigned and the search.
	mine := string(hot1.get(t, "/tickets?assigned=me").Body)
	if at(mine, first) < 0 || at(mine, second) >= 0 || !strings.Contains(mine, `id="tickets-mine" aria-current="true"`) {
		t.Errorf("hot1's own:\n%s", mine)
	}
	free := string(hot1.get(t, "/tickets?assigned=none").Body)
	if at(free, first) >= 0 || at(free, second) < 0 || at(free, third) < 0 || !strings.Contains(free, `href="/tickets?assigned=none&amp;status=all"`) {
		t.Errorf("unassigned (the status links keep the filter):\n%s", free)
	}
	found := string(hot1.get(t, "/tickets?q=picture").Body)
	if at(found, first) >= 0 || at(found, second) < 0 || at(found, third) >= 0 || !strings.Contains(found, `value="picture"`) ||
		!strings.Contains(found, `href="/tickets?assigned=me&amp;q=picture"`) {
		t.Errorf("search picture (in the text, any case; the filters keep it):\n%s", found)
	}
	long := hot1.get(t, "/tickets?q="+strings.Repeat("x", 201))
	// Refused, the search is left out of the list shown: the queue's.
	if long.Status != http.StatusUnprocessableEntity || at(string(long.Body), first) < 0 {
		t.Errorf("an over-long search: %d", long.Status)
	}
	contains(t, long, `<p class="field-error" id="q-error" role="alert">Use at most 200 characters.</p>`, `aria-invalid="true"`)
	contains(t, hot1.get(t, "/tickets?assigned=them"), "The assignment is me or none.")
	contains(t, hot1.get(t, "/tickets?q="+url.QueryEscape(strings.Repeat("x", 201)), "Accept-Language", "de"), "Verwenden Sie höchstens 200 Zeichen.")

	// An administrator releases hot1's ticket; hot2 takes it from its page.
	if res := adm.post(t, "/tickets/"+first, "/tickets/"+first+"/release", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("adm releases: %d %s", res.Status, res.Body)
	}
	contains(t, hot2.get(t, "/tickets/"+first), "Nobody has taken this ticket yet.", `id="take"`)
	if res := hot2.post(t, "/tickets/"+first, "/tickets/"+first+"/take", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("hot2 takes: %d %s", res.Status, res.Body)
	}
	// hot1 resolves it anyway; nobody holds it any more.
	if res := hot1.post(t, "/tickets/"+first, "/tickets/"+first+"/resolve", url.Values{"answer": {"Update the dock's firmware with the vendor tool and restart."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("hot1 resolves hot2's ticket: %d %s", res.Status, res.Body)
	}
	// A second resolution is a conflict, whatever its answer.
	for _, answer := range []string{"Restart it.", "Restart the dock, then update its firmware with the vendor tool."} {
		res := hot2.post(t, "/tickets/"+first, "/tickets/"+first+"/resolve", url.Values{"answer": {answer}})
		if res.Status != http.StatusConflict {
			t.Fatalf("second resolution with %q: %d", answer, res.Status)
		}
		contains(t, res, "This ticket is already resolved.")
	}
	if body := string(hot2.get(t, "/tickets?assigned=me").Body); at(body, first) >= 0 {
		t.Errorf("the resolved ticket is still hot2's:\n%s", body)
	}
	if body := string(hot2.get(t, "/tickets?status=all").Body); at(body, first) < 0 || strings.Contains(body, take) {
		t.Errorf("the resolved ticket is offered to take:\n%s", body)
	}
	// An analyst sees who holds what, and takes nothing.
	env.SignUp(t, "ana")
	setRole(t, env, "ana", store.RoleAnalyst)
	ana := newBrowser(env)
	ana.logIn(t, "ana")
	if body := string(ana.get(t, "/tickets").Body); !strings.Contains(body, `>Held by</th>`) || strings.Contains(body, "/take") || strings.Contains(body, `id="tickets-mine"`) {
		t.Errorf("the analyst's queue:\n%s", body)
	}

	// The employee sees none of it.
	emp := newBrowser(env)
	emp.logIn(t, "emp")
	if res := hot2.post(t, "/tickets/"+second, "/tickets/"+second+"/take", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatal(res.Status)
	}
	for _, path := range []string{"/tickets", "/tickets/" + second} {
		body := string(emp.get(t, path).Body)
		if strings.Contains(body, "hot2") || strings.Contains(body, "/take") || strings.Contains(body, "Held by") {
			t.Errorf("the employee's %s shows the assignment:\n%s", path, body)
		}
	}
	if res := emp.post(t, "/tickets/"+second, "/tickets/"+third+"/take", url.Values{}); res.Status != http.StatusForbidden {
		t.Errorf("the employee takes a ticket: %d", res.Status)
	}
}
