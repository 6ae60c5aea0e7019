package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketQueueOpenOldestFirst: the hotline's list opens as a queue is
// worked, the open tickets oldest first; "All" and "Newest first" are a
// click away and keep each other. An employee's own list still shows all
// their tickets, newest first. An empty queue says so.
func TestTicketQueueOpenOldestFirst(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
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
	first, second, third := ticket("Dock one"), ticket("Dock two"), ticket("Dock three")
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	resolve := func(id string) {
		t.Helper()
		if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", map[string][]string{"answer": {"Update the dock's firmware with the vendor tool and restart."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("resolve %s: %d %s", id, res.Status, res.Body)
		}
	}
	resolve(second)
	at := func(page, id string) int { return strings.Index(page, `<td><a href="/tickets/`+id+`">`) }

	queue := string(hot.get(t, "/tickets").Body)
	if at(queue, first) < 0 || at(queue, third) < 0 || at(queue, first) > at(queue, third) {
		t.Errorf("the hotline's list is not the open tickets, oldest first:\n%s", queue)
	}
	if at(queue, second) >= 0 {
		t.Error("the hotline's list opens with a resolved ticket in it")
	}
	for _, part := range []string{`href="/tickets?status=all">All</a>`, `aria-current="true">Open</a>`,
		`href="/tickets?order=newest" id="tickets-newest">Newest first</a>`, `id="tickets-oldest" aria-current="true">Oldest first</a>`} {
		if !strings.Contains(queue, part) {
			t.Errorf("the hotline's list lacks %s", part)
		}
	}
	all := string(hot.get(t, "/tickets?status=all").Body)
	if at(all, second) < 0 || at(all, first) > at(all, second) || at(all, second) > at(all, third) ||
		!strings.Contains(all, `aria-current="true">All</a>`) || !strings.Contains(all, `href="/tickets?order=newest&amp;status=all"`) {
		t.Errorf("all tickets, oldest first:\n%s", all)
	}
	newest := string(hot.get(t, "/tickets?order=newest").Body)
	if at(newest, third) < 0 || at(newest, third) > at(newest, first) || at(newest, second) >= 0 {
		t.Errorf("open tickets, newest first:\n%s", newest)
	}

	emp := newBrowser(env)
	emp.logIn(t, "emp")
	own := string(emp.get(t, "/tickets").Body)
	if at(own, second) < 0 || at(own, third) > at(own, second) || at(own, second) > at(own, first) || !strings.Contains(own, `aria-current="true">All</a>`) {
		t.Errorf("the employee's own list is not all their tickets, newest first:\n%s", own)
	}

	contains(t, emp.get(t, "/tickets", "Accept-Language", "de"), "Die Tickets, die Sie mit Ihrem Konto an die Hotline geschickt haben")

	// A ticket's page leads the hotline on to the oldest other open ticket;
	// the employee is offered none.
	contains(t, hot.get(t, "/tickets/"+second), `<a href="/tickets/`+first+`" rel="next" title="Dock one">Next open ticket: #`+first+` →</a>`)
	contains(t, hot.get(t, "/tickets/"+first), `<a href="/tickets/`+third+`" rel="next"`)
	if strings.Contains(string(emp.get(t, "/tickets/"+second).Body), `rel="next"`) {
		t.Error("the employee's ticket page offers the next ticket of the queue")
	}
	resolve(first)
	page := hot.get(t, "/tickets/"+first)
	contains(t, page, `<a href="/tickets/`+third+`" rel="next"`)
	resolve(third)
	page = hot.get(t, "/tickets/"+third)
	contains(t, page, "No other ticket is open: the queue is done.")
	if strings.Contains(string(page.Body), `rel="next"`) {
		t.Error("the last ticket offers a next one")
	}
	contains(t, hot.get(t, "/tickets"), "No open tickets: the queue is empty.")
	contains(t, hot.get(t, "/tickets", "Accept-Language", "de"), "Keine offenen Tickets: Die Warteschlange ist leer.")
}
