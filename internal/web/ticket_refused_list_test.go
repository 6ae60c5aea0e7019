package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketListRefusedFiltersShowTheDefaults: every refused filter of the
// ticket queue is said at once, the priority with the others, and the list
// below is the one the filter bar then highlights: the defaults in place of
// the refused values (the queue's open tickets, oldest first), counted, not
// an empty list of "0 tickets".
func TestTicketListRefusedFiltersShowTheDefaults(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, emp := env.SignUp(t, "emp")
	env.SignUp(t, "hot1")
	setRole(t, env, "hot1", store.RoleHotline)
	res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock gives no picture", "body": "It fails since Monday morning.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	b := newBrowser(env)
	b.logIn(t, "hot1")
	page := b.get(t, "/tickets?status=bogus&priority=x&order=y&assigned=z")
	if page.Status != http.StatusUnprocessableEntity {
		t.Fatalf("refused filters: %d", page.Status)
	}
	contains(t, page, `id="status-error"`, `id="priority-error"`, `id="order-error"`, `id="assigned-error"`,
		"The priority is low, normal, high or urgent.", `<a href="/tickets" aria-current="true">Open</a>`,
		"1 ticket", `<td><a href="/tickets/`+id+`">`)
	if strings.Contains(string(page.Body), "0 tickets") {
		t.Error("the refused filters list no ticket")
	}
	// A refused search alone: said, the list of the other filters shown.
	page = b.get(t, "/tickets?q="+strings.Repeat("x", 201))
	if page.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a search too long: %d", page.Status)
	}
	contains(t, page, `id="q-error"`, `<td><a href="/tickets/`+id+`">`)
	// The priority alone stays as the API documents it (400), with the list.
	page = b.get(t, "/tickets?priority=x")
	if page.Status != http.StatusBadRequest {
		t.Fatalf("priority=x: %d", page.Status)
	}
	contains(t, page, `id="priority-error"`, `<td><a href="/tickets/`+id+`">`)
}
