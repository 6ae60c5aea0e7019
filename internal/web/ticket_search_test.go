package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketSearchByNumberAndName: tried as a hotline agent on the phone
// would: the caller gives their ticket's number or their name. The queue
// finds the ticket by "#13" or "13", by the caller's name or address, page
// and API alike; when the queue's status (open) holds none but a ticket
// of another status matches, the page says so and links to the same search
// over every status.
func TestTicketSearchByNumberAndName(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emma")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	hotTok := env.Token(t, "hot")
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "the garage door does not open"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Garage door stuck", "body": "The barrier stays down."}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	hot := newBrowser(env)
	hot.logIn(t, "hot")

	row := `<td><a href="/tickets/` + id + `">` + id + `</a></td>`
	for _, q := range []string{id, "#" + id, "emma", "EMMA@example.com"} {
		contains(t, hot.get(t, "/tickets?q="+url.QueryEscape(q)), row)
		list := env.API(t, "GET", "/tickets?q="+url.QueryEscape(q), hotTok, nil)
		if items := list.Map(t)["items"].([]any); list.Status != http.StatusOK || len(items) != 1 {
			t.Errorf("the API searches %q: %d %s", q, list.Status, list.Body)
		}
	}

	res = hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", url.Values{"answer": {"The caretaker reset the barrier; it opens again now."}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	// The queue opens on the open tickets: none matches, the resolved one does.
	other := `<p class="notice" id="tickets-other-states">1 ticket in another state matches this search. <a href="/tickets?q=%23` + id + `&amp;status=all">Search all states</a></p>`
	page := hot.get(t, "/tickets?q="+url.QueryEscape("#"+id))
	contains(t, page, "No tickets match these filters.", other)
	if strings.Contains(string(page.Body), row) {
		t.Fatalf("the open queue lists the resolved ticket:\n%s", page.Body)
	}
	contains(t, hot.get(t, "/tickets?q=%23"+id+"&status=all"), row)
	contains(t, hot.get(t, "/tickets?q=emma&status=waiting"), `<a href="/tickets?q=emma&amp;status=all">`)
	contains(t, hot.get(t, "/tickets?q=emma", "Accept-Language", "de"), "1 Ticket in einem anderen Status passt zu dieser Suche.", "In allen Status suchen")
	for _, path := range []string{"/tickets?q=nobody", "/tickets", "/tickets?q=emma&status=all&priority=urgent"} {
		if page := hot.get(t, path); page.Status != http.StatusOK || strings.Contains(string(page.Body), "tickets-other-states") {
			t.Errorf("%s offers other states: %d\n%s", path, page.Status, page.Body)
		}
	}
}

// TestTicketSearchLabelSaysWhatItFinds: the ticket list's search field is
// labelled with what it finds: a ticket's number (13 or #13) for everyone
// who has the list, and who filed it (username, name or e-mail) only for
// those who may see that (the hotline, administrators), not for analysts;
// in English and German. An employee's list of their own has no search.
func TestTicketSearchLabelSaysWhatItFinds(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	const plainEN = "Search subject and text, or by number (13 or #13)"
	const plainDE = "In Betreff und Text suchen oder nach Nummer (13 oder #13)"
	const contactsEN = "Search subject and text, or by number (13 or #13) or by who filed it (username, name or e-mail)"
	const contactsDE = "In Betreff und Text suchen, nach Nummer (13 oder #13) oder nach der einreichenden Person (Benutzername, Name oder E-Mail)"
	for i, c := range []struct {
		role     string
		en, de   string
		contacts bool
	}{
		{store.RoleHotline, contactsEN, contactsDE, true},
		{store.RoleAdmin, contactsEN, contactsDE, true},
		{store.RoleAnalyst, plainEN, plainDE, false},
		{store.RoleUser, "", "", false},
	} {
		name := "reader" + strconv.Itoa(i)
		b := newBrowser(env)
		b.signUp(t, name)
		setRole(t, env, name, c.role)
		for lang, want := range map[string]string{"en": c.en, "de": c.de} {
			page := b.get(t, "/tickets", "Accept-Language", lang)
			if page.Status != http.StatusOK {
				t.Fatalf("%s, %s: %d", c.role, lang, page.Status)
			}
			label := `<label for="tickets-q">` + want + `</label>`
			if want == "" {
				if strings.Contains(string(page.Body), `for="tickets-q"`) {
					t.Errorf("%s, %s: the list of one's own tickets has a search", c.role, lang)
				}
				continue
			}
			if !strings.Contains(string(page.Body), label) {
				t.Errorf("%s, %s: the search is not labelled %q:\n%s", c.role, lang, want, page.Body)
			}
			if !c.contacts && (strings.Contains(string(page.Body), "e-mail)") || strings.Contains(string(page.Body), "E-Mail)")) {
				t.Errorf("%s, %s: the label offers a search by who filed a ticket", c.role, lang)
			}
		}
	}
}
