package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// fileWithoutLogin files a ticket as a visitor who is not logged in, and
// returns its page.
func fileWithoutLogin(t *testing.T, env *testkit.Env, email string) string {
	t.Helper()
	res := env.API(t, "POST", "/help-sessions", "", map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", "", map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": email}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	return "/tickets/" + itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
}

// TestAnswerMailedToTicketFiledWithoutLogin: with the hotline's mail
// server configured, the resolve form of a ticket filed without logging in
// says beforehand that the answer will be mailed; once resolved, the page
// says it goes by e-mail, with the delivery's state, instead of offering a
// mailto link (offered again when that mail failed for good), and the
// deliveries list it as the answer's mail. A ticket filed logged in has no
// such note.
func TestAnswerMailedToTicketFiledWithoutLogin(t *testing.T) {
	box := notifytest.Start(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.Deflection.SMTPAddr, c.Deflection.EmailFrom, c.Deflection.EmailTo = box.Addr, "desk@example.com", "hotline@example.com"
	})
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	_, admTok := env.SignUp(t, "adm")
	setRole(t, env, "adm", store.RoleAdmin)
	_, empTok := env.SignUp(t, "emp")
	page := fileWithoutLogin(t, env, "anon@example.com")
	if _, err := env.App.Help.RunDeliveries(context.Background()); err != nil { // the ticket's mail to the hotline
		t.Fatal(err)
	}
	box.Wait(t, 1, 10*time.Second)
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	contains(t, hot.get(t, page), `<p class="muted" id="resolve-mail-note">The employee was not logged in: the answer will be mailed to anon@example.com.</p>`,
		`<button type="submit" aria-describedby="resolve-mail-note">Resolve the ticket</button>`)
	if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {"Update the dock's firmware with the vendor tool & restart."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	resolved := hot.get(t, page)
	contains(t, resolved, `<span id="answer-mailed">The employee was not logged in: the answer goes to anon@example.com by e-mail; delivery: pending.</span>`,
		"<td>E-mail to the employee (the answer)</td>")
	if strings.Contains(string(resolved.Body), `id="reply-mail"`) {
		t.Error("a mailed answer is also offered as a mailto link")
	}
	if _, err := env.App.Help.RunDeliveries(context.Background()); err != nil {
		t.Fatal(err)
	}
	mails := box.Wait(t, 1, 10*time.Second)
	if mails[0].To[0] != "anon@example.com" || !strings.Contains(mails[0].Body, "Update the dock's firmware with the vendor tool & restart.") {
		t.Fatalf("the mail: %+v", mails[0])
	}
	contains(t, hot.get(t, page), "by e-mail; delivery: delivered.")
	var list struct {
		Items []struct {
			Channel string `json:"channel"`
			Event   string `json:"event"`
			Status  string `json:"status"`
		} `json:"items"`
	}
	env.API(t, "GET", "/deliveries?ticket_id="+strings.TrimPrefix(page, "/tickets/"), admTok, nil).JSON(t, &list)
	if len(list.Items) == 0 || list.Items[0].Channel != "reply" || list.Items[0].Event != "ticket.resolved" || list.Items[0].Status != "delivered" {
		t.Fatalf("the deliveries: %+v", list.Items)
	}

	// Failed for good: the page says so and offers the mail by hand.
	if err := env.App.Store.DB.Table("deliveries").Where("channel = ? AND target = ?", "reply", "anon@example.com").Update("status", "failed").Error; err != nil {
		t.Fatal(err)
	}
	contains(t, hot.get(t, page), "by e-mail; delivery: failed.", `id="reply-mail"`)

	// Filed logged in: the inbox tells the employee; no note.
	res := env.API(t, "POST", "/help-sessions", empTok, map[string]any{"query": "headset crackles"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", empTok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Headset crackles", "body": "On every call since Monday.", "email": "emp@example.com"}})
	mine := "/tickets/" + itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	if strings.Contains(string(hot.get(t, mine).Body), "resolve-mail-note") {
		t.Error("a logged-in employee's ticket says how the answer is mailed")
	}
}

// TestAnswerNotMailedSaysSoBeforehand: without a mail server, the resolve
// form of a ticket filed without logging in says before sending that the
// agent will mail the answer themselves; the resolved page offers the mail.
func TestAnswerNotMailedSaysSoBeforehand(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	page := fileWithoutLogin(t, env, "anon@example.com")
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	contains(t, hot.get(t, page), `<p class="muted" id="resolve-mail-note">The employee was not logged in and no mail server is configured: once resolved, you will have to mail them the answer yourself (the page then offers it as an e-mail).</p>`)
	contains(t, hot.get(t, page, "Accept-Language", "de"), "Nach dem Lösen müssen Sie ihr die Antwort selbst per E-Mail senden")
	if res := hot.post(t, page, page+"/resolve", url.Values{"answer": {"Update the dock's firmware with the vendor tool and restart."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	resolved := hot.get(t, page)
	contains(t, resolved, "The employee was not logged in: only an e-mail reaches them.", `id="reply-mail"`)
	if strings.Contains(string(resolved.Body), "answer-mailed") {
		t.Error("an answer nobody mailed is said to be mailed")
	}
}
