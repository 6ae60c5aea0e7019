package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// noMessageForm fails when page offers the hotline a message to the
// employee or its "wait for the answer" box.
func noMessageForm(t *testing.T, what string, page *testkit.Response, id string) {
	t.Helper()
	body := string(page.Body)
	for _, part := range []string{`action="/tickets/` + id + `/messages"`, `id="message-waiting"`, `id="message-send"`} {
		if strings.Contains(body, part) {
			t.Errorf("%s: the page offers %s though nothing reaches the employee", what, part)
		}
	}
}

// TestHotlineMessageThatReachesNobody: on a ticket filed without logging
// in, with no mail server, a message from the hotline would reach nobody,
// so the page offers no message form (nor its "waiting" box) but says why
// and offers a mail to the ticket's address, greeting the employee and
// quoting the ticket in the language they filed it in; a message sent from
// a page shown before is refused there with its text kept. With a mail
// server the form is offered, unless the ticket has no address; a message
// sent there anyway is refused for the missing address.
func TestHotlineMessageThatReachesNobody(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	page := fileWithoutLogin(t, env, "anon@example.com")
	id := strings.TrimPrefix(page, "/tickets/")
	hot := newBrowser(env)
	hot.logIn(t, "hot")

	res := hot.get(t, page)
	contains(t, res, `id="message-by-mail">The employee was not logged in and no mail server is configured: a message cannot reach them here.`,
		`<a href="mailto:anon@example.com?subject=%23`+id+`%3A%20Dock%20gives%20no%20picture&amp;body=Hello%2C%0D%0A%0D%0AYour%20ticket%3A%0D%0A%0D%0A%3E%20Dock%20gives%20no%20picture%0D%0A%3E%0D%0A%3E%20Both%20screens%20stay%20black%20since%20Monday." id="write-mail">Write to anon@example.com</a>`,
		`id="note-form"`)
	noMessageForm(t, "no mail server", res, id)
	de := hot.get(t, page, "Accept-Language", "de")
	contains(t, de, "Eine Nachricht erreicht sie hier nicht.", `id="write-mail">An anon@example.com schreiben</a>`)

	// Sent from a page shown before: refused, the text kept to copy, still no form.
	res = hot.post(t, page, page+"/messages", url.Values{"body": {"Which dock model is it?"}, "waiting": {"on"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("a message nothing delivers: %d", res.Status)
	}
	contains(t, res, `id="message-refused"`, `<div class="alert" role="alert">The employee was not logged in and no mail server is configured`,
		`readonly>Which dock model is it?</textarea>`, `id="write-mail"`)
	noMessageForm(t, "refused", res, id)
	if n := strings.Count(string(res.Body), "reach them"); n != 1 {
		t.Errorf("the reason shows %d times", n)
	}

	// With a mail server the message goes by e-mail: the form is offered.
	box := notifytest.Start(t)
	mailed := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.Deflection.SMTPAddr, c.Deflection.EmailFrom, c.Deflection.EmailTo = box.Addr, "desk@example.com", "hotline@example.com"
	})
	mailed.SignUp(t, "hot")
	setRole(t, mailed, "hot", store.RoleHotline)
	page = fileWithoutLogin(t, mailed, "anon@example.com")
	id = strings.TrimPrefix(page, "/tickets/")
	hot = newBrowser(mailed)
	hot.logIn(t, "hot")
	res = hot.get(t, page)
	contains(t, res, "your message reaches them only by e-mail, at anon@example.com.", `action="/tickets/`+id+`/messages"`, `id="message-waiting" checked`)
	if strings.Contains(string(res.Body), `id="write-mail"`) {
		t.Error("a mail by hand is offered though the message is mailed")
	}
	// A ticket without an address (kept from before addresses were asked for) reaches nobody.
	if err := mailed.App.Store.DB.Table("tickets").Where("id = ?", id).Update("email", "").Error; err != nil {
		t.Fatal(err)
	}
	res = hot.get(t, page)
	contains(t, res, `id="message-by-mail">The employee was not logged in and left no e-mail address: a message cannot reach them.`,
		`id="resolve-mail-note">The employee was not logged in and left no e-mail address: the answer will not reach them.`)
	noMessageForm(t, "no address", res, id)
	if strings.Contains(string(res.Body), `id="write-mail"`) {
		t.Error("a mail is offered to no address")
	}
	// Sent from a page shown before: refused for the missing address, not
	// for a mail server, which there is.
	res = hot.post(t, page, page+"/messages", url.Values{"body": {"Which dock model is it?"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("a message to no address: %d", res.Status)
	}
	contains(t, res, `<div class="alert" role="alert">The employee was not logged in and left no e-mail address: nothing would reach them.`,
		`readonly>Which dock model is it?</textarea>`)
	if strings.Contains(string(res.Body), "mail server") {
		t.Error("the refusal of a message to no address names the mail server")
	}
}
