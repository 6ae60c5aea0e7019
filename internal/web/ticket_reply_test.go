package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketPagesForTheEmployee: the employee who filed a ticket while
// logged in reads it, and the hotline's answer, on its page (without the
// hotline's delivery details) and in "Your hotline tickets"; the inbox
// leads there. For a ticket filed without logging in, the hotline's page
// says only an e-mail reaches the employee and offers one with the answer.
func TestTicketPagesForTheEmployee(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	empID, tok := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	ticket := func(token, email string) string {
		t.Helper()
		res := env.API(t, "POST", "/help-sessions", token, map[string]any{"query": "docking station gives no picture"})
		path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", path+"/outcome", token, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": email}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	}
	env.Searchable(t) // the trail counts each search's suggestions
	mine := ticket(tok, "emp@example.com")
	anon := ticket("", "anon@example.com")
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	answer := "Update the dock's firmware with the vendor tool & restart."
	for _, id := range []string{mine, anon} {
		if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", map[string][]string{"answer": {answer}}); res.Status != http.StatusSeeOther {
			t.Fatalf("resolve %s: %d %s", id, res.Status, res.Body)
		}
	}
	contains(t, hot.get(t, "/tickets/"+mine), "The employee was told in their inbox.", "<h2 id=\"trail-title\">What the employee tried</h2>",
		`docking station gives no picture</bdi> <span class="muted">(0 suggestions)</span>`, `id="resolved-by">Resolved by `, "filed by <bdi><a href=\"/users/"+itoa(empID)+"/emp\">emp</a></bdi>")
	list := string(hot.get(t, "/tickets?status=all&order=newest").Body)
	// The filters name the tickets they show, left-aligned in a table of words.
	for _, part := range []string{`aria-current="true">All</a>`, `>Open</a>`, `>Resolved</a>`, `<table class="data words" id="tickets">`} {
		if !strings.Contains(list, part) {
			t.Errorf("the hotline's list lacks %s", part)
		}
	}
	if !strings.Contains(list, `<span class="muted">· <bdi><a href="/users/`+itoa(empID)+`/emp">emp</a></bdi>`) {
		t.Errorf("the hotline's list does not name who filed the ticket:\n%s", list)
	}
	// Newest first, or oldest first as a queue is worked.
	at := func(page, id string) int { return strings.Index(page, `<td><a href="/tickets/`+id+`">`) }
	if at(list, anon) > at(list, mine) {
		t.Error("the list is not newest first")
	}
	if res := hot.get(t, "/tickets?order=sideways"); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown order: %d", res.Status)
	}
	oldest := string(hot.get(t, "/tickets?status=all&order=oldest").Body)
	if at(oldest, mine) < 0 || at(oldest, mine) > at(oldest, anon) || !strings.Contains(oldest, `id="tickets-oldest" aria-current="true"`) {
		t.Errorf("oldest first:\n%s", oldest)
	}
	page := hot.get(t, "/tickets/"+anon)
	// The mail greets the employee and repeats their ticket after the answer.
	contains(t, page, "The employee was not logged in: only an e-mail reaches them.",
		`href="mailto:anon@example.com?subject=%23`+anon+`%3A%20Dock%20gives%20no%20picture&amp;body=Hello%2C%0D%0A%0D%0AUpdate%20the%20dock%27s%20firmware%20with%20the%20vendor%20tool%20%26%20restart.`+
			`%0D%0A%0D%0AYour%20ticket%3A%0D%0A%0D%0A%3E%20Dock%20gives%20no%20picture%0D%0A%3E%0D%0A%3E%20Both%20screens%20stay%20black%20since%20Monday."`)

	emp := newBrowser(env)
	emp.logIn(t, "emp")
	inbox := emp.get(t, "/inbox")
	contains(t, inbox, "The hotline answered your ticket", "Dock gives no picture")
	own := emp.get(t, "/tickets/"+mine)
	contains(t, own, "Your hotline tickets", `id="resolution">Update the dock&#39;s firmware with the vendor tool &amp; restart.</p>`,
		"<h2 id=\"trail-title\">What you tried</h2>")
	contains(t, emp.get(t, "/tickets/"+mine, "Accept-Language", "de"), "<h2 id=\"trail-title\">Was Sie versucht haben</h2>", "(0 Vorschläge)")
	if body := string(own.Body); strings.Contains(body, "deliveries-title") || strings.Contains(body, "told in their inbox") || strings.Contains(body, "mailto:") || strings.Contains(body, "filed by") {
		t.Errorf("the employee sees the hotline's details:\n%s", body)
	}
	mineList := emp.get(t, "/tickets")
	contains(t, mineList, "<h1>Your hotline tickets</h1>", `href="/tickets/`+mine+`"`)
	if strings.Contains(string(mineList.Body), `href="/tickets/`+anon+`"`) {
		t.Error("the employee's list holds someone else's ticket")
	}
	if res := emp.get(t, "/tickets/"+anon); res.Status != http.StatusNotFound {
		t.Errorf("the employee opens someone else's ticket: %d", res.Status)
	}
}

// TestPublishedTicketFiledWithoutLoginIsMailed: an employee who filed a
// ticket without logging in and agreed to publishing hears of the answer
// only by e-mail, so the resolved ticket's page offers the hotline the
// reply mail, with the link to the published question after the answer.
func TestPublishedTicketFiledWithoutLoginIsMailed(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, hotTok := env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	res := env.API(t, "POST", "/help-sessions", "", map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", "", map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "anon@example.com", "consent_publish": true}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", map[string][]string{"answer": {"Update the dock's firmware with the vendor tool and restart."},
		"publish": {"on"}, "tags": {"docking"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	var ticket struct {
		PublishedQuestionID int64 `json:"published_question_id"`
	}
	env.API(t, "GET", "/tickets/"+id, hotTok, nil).JSON(t, &ticket)
	if ticket.PublishedQuestionID == 0 {
		t.Fatal("the ticket was not published")
	}
	link := strings.ReplaceAll(url.QueryEscape(env.URL+"/questions/"+itoa(ticket.PublishedQuestionID)), "+", "%20")
	page := hot.get(t, "/tickets/"+id)
	contains(t, page, "The employee was not logged in: only an e-mail reaches them.",
		`id="reply-mail"`, `href="mailto:anon@example.com?subject=%23`+id+`%3A%20Dock%20gives%20no%20picture&amp;body=Hello%2C%0D%0A%0D%0AUpdate%20the%20dock%27s%20firmware%20with%20the%20vendor%20tool%20and%20restart.%0D%0A%0D%0AThe%20answer%20is%20also%20published%20as%20a%20question%3A%20`+link+
			`%0D%0A%0D%0AYour%20ticket%3A%0D%0A%0D%0A%3E%20Dock%20gives%20no%20picture%0D%0A%3E%0D%0A%3E%20Both%20screens%20stay%20black%20since%20Monday."`)
}
