package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketMineListsWaiting: an agent's own tickets ("Mine") are those
// open or waiting on the employee unless another status is chosen; the
// queue's Mine link opens that view (not the queue's open ones), and
// Anyone from there the queue again. Resolved ones are not held.
func TestTicketMineListsWaiting(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, emp := env.SignUp(t, "emp")
	_, hot := env.SignUp(t, "hot1")
	setRole(t, env, "hot1", store.RoleHotline)
	file := func(subject string) string {
		t.Helper()
		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "docking station gives no picture"})
		path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": subject, "body": "It fails since Monday morning.", "email": "emp@example.com"}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
		if res := env.API(t, "POST", "/tickets/"+id+"/assignment", hot, nil); res.Status != http.StatusOK {
			t.Fatalf("take: %d %s", res.Status, res.Body)
		}
		return id
	}
	open, waiting, resolved := file("Dock one"), file("VPN two"), file("Printer three")
	if res := env.API(t, "POST", "/tickets/"+waiting+"/messages", hot, map[string]any{"body": "Which client version?", "waiting": true}); res.Status != http.StatusCreated {
		t.Fatalf("waiting: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/tickets/"+resolved+"/resolution", hot, map[string]any{"answer": "Reinstalled the printer driver; pages print again."}); res.Status != http.StatusOK {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	row := func(id string) string { return `<td><a href="/tickets/` + id + `">` }
	listed := func(page *testkit.Response, want ...string) {
		t.Helper()
		for _, id := range []string{open, waiting, resolved} {
			if strings.Contains(string(page.Body), row(id)) != slices.Contains(want, id) {
				t.Errorf("ticket #%s listed %v, want only %v:\n%s", id, !slices.Contains(want, id), want, page.Body)
			}
		}
	}
	b := newBrowser(env)
	b.logIn(t, "hot1")
	contains(t, b.get(t, "/tickets"), `<a href="/tickets?assigned=me" id="tickets-mine">`)
	mine := b.get(t, "/tickets?assigned=me")
	listed(mine, open, waiting)
	contains(t, mine, `id="tickets-active" aria-current="true">Open or waiting</a>`, `<a href="/tickets" id="tickets-anyone">`,
		`<input type="hidden" name="status" value="active">`)
	listed(b.get(t, "/tickets?assigned=me&status=open"), open)
	listed(b.get(t, "/tickets?assigned=me&status=waiting"), waiting)
	listed(b.get(t, "/tickets?assigned=me&status=all"), open, waiting) // resolving let go of the third
	listed(b.get(t, "/tickets"), open)                                 // the queue: open ones
	listed(b.get(t, "/tickets?status=active"), open, waiting)
}

// ownAddress is the language form's field that brings the reader back to
// the page's own address, as asked for: no filter link.
var ownAddress = regexp.MustCompile(`<input type="hidden" name="next" value="[^"]*">`)

// TestTicketListDropsRefusedFilters: a refused filter value is said beside
// the filters, and no link nor hidden field of the search carries it, so
// the next click does not ask for it again; the valid filters are kept, a
// refused search stays in its field to be corrected but leaves the links.
func TestTicketListDropsRefusedFilters(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "hot1")
	setRole(t, env, "hot1", store.RoleHotline)
	b := newBrowser(env)
	b.logIn(t, "hot1")
	for _, q := range []string{"order=bogus", "status=bogus", "assigned=bogus", "delivery=bogus", "priority=bogus",
		"order=bogus&priority=bogus", "status=bogus&assigned=me"} {
		page := b.get(t, "/tickets?"+q)
		if page.Status != http.StatusUnprocessableEntity && page.Status != http.StatusBadRequest {
			t.Errorf("%s: %d", q, page.Status)
		}
		if strings.Contains(ownAddress.ReplaceAllString(string(page.Body), ""), "bogus") {
			t.Errorf("%s: the page carries the refused value on:\n%s", q, page.Body)
		}
	}
	page := b.get(t, "/tickets?order=bogus&assigned=me&status=waiting")
	contains(t, page, "The order is newest, oldest or priority.", `<input type="hidden" name="assigned" value="me">`,
		`<input type="hidden" name="status" value="waiting">`, `<input type="hidden" name="order" value="oldest">`,
		`href="/tickets?assigned=me&amp;order=newest&amp;status=waiting" id="tickets-newest"`)
	page = b.get(t, "/tickets?status=bogus&assigned=me")
	contains(t, page, `<input type="hidden" name="status" value="active">`, `id="tickets-active" aria-current="true"`)
	long := strings.Repeat("x", 201)
	page = b.get(t, "/tickets?order=newest&q="+long)
	if n := strings.Count(ownAddress.ReplaceAllString(string(page.Body), ""), long); page.Status != http.StatusUnprocessableEntity || n != 1 {
		t.Errorf("a search too long: %d, in the page %d times (only its field keeps it)", page.Status, n)
	}
	contains(t, page, `value="`+long+`"`, `<input type="hidden" name="order" value="newest">`)
}
