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

// TestTicketMailsSpeakThePageLanguage: a ticket records the language of
// the page it was filed on, so that the mails to an employee who filed it
// without logging in speak it: the hotline's message (channel reply) and
// the resolved ticket's answer, whatever the agent's language. A ticket that
// records none (filed before) is written to in the site's default language.
func TestTicketMailsSpeakThePageLanguage(t *testing.T) {
	box := notifytest.Start(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.Deflection.SMTPAddr, c.Deflection.EmailFrom, c.Deflection.EmailTo = box.Addr, "desk@example.com", "hotline@example.com"
	})
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	language(t, hot, "de") // the agent works in German: the mails follow the employee, not the agent
	file := func(lang, email string) string {
		t.Helper()
		anon := newBrowser(env)
		language(t, anon, lang)
		res := anon.post(t, "/help", "/help", url.Values{"query": {"docking station gives no picture"}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		res = anon.post(t, "/help/"+sid+"/ticket", "/help/"+sid+"/ticket", url.Values{"subject": {"Dock gives no picture"},
			"body": {"Both screens stay black since Monday."}, "email": {email}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		var id int64
		if err := env.App.Store.DB.Table("tickets").Where("email = ?", email).Pluck("id", &id).Error; err != nil || id == 0 {
			t.Fatalf("ticket of %s: %v", email, err)
		}
		return itoa(id)
	}
	de, en, old := file("de", "de@example.com"), file("en", "en@example.com"), file("de", "old@example.com")
	// A ticket filed before tickets recorded their language.
	env.App.Store.DB.Table("tickets").Where("id = ?", old).Update("language", "")
	// The agent's page of each ticket says in which language to answer.
	for id, want := range map[string]string{de: "Antwort auf Deutsch", en: "Antwort auf Englisch", old: "Antwort auf Englisch"} {
		contains(t, hot.get(t, "/tickets/"+id), `<span class="answer-lang">`+want+`</span>`)
	}
	// Each page names the language in its own: "answer in German".
	language(t, hot, "en")
	contains(t, hot.get(t, "/tickets/"+de), `<span class="answer-lang">answer in German</span>`)
	language(t, hot, "de")
	box.Messages()
	for _, id := range []string{de, en, old} {
		if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/messages", url.Values{"body": {"Which dock model is it?"}, "waiting": {"on"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("message on %s: %d %s", id, res.Status, res.Body)
		}
	}
	if _, err := env.App.Help.RunDeliveries(context.Background()); err != nil {
		t.Fatal(err)
	}
	mails := map[string]string{}
	for _, m := range box.Wait(t, 3, 10*time.Second) {
		mails[m.To[0]] = m.Subject + "\n" + m.Body
	}
	for addr, want := range map[string][]string{
		"de@example.com":  {"Ticket #" + de + ": Dock gives no picture", "Guten Tag,", "Die Hotline hat zu Ihrem Ticket #" + de + " geschrieben:", "Ihr Ticket:", "Antworten Sie auf diese E-Mail"},
		"en@example.com":  {"Hello,", "The hotline wrote about your ticket #" + en + ":", "Your ticket:", "Reply to this e-mail to answer the hotline."},
		"old@example.com": {"Hello,", "The hotline wrote about your ticket #" + old + ":"},
	} {
		for _, w := range want {
			if !strings.Contains(mails[addr], w) {
				t.Errorf("the mail to %s lacks %q:\n%s", addr, w, mails[addr])
			}
		}
	}

	// The resolved ticket's answer, mailed likewise.
	for _, id := range []string{de, en, old} {
		if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", url.Values{"answer": {"Update the dock's firmware with the vendor tool."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("resolve %s: %d %s", id, res.Status, res.Body)
		}
	}
	if _, err := env.App.Help.RunDeliveries(context.Background()); err != nil {
		t.Fatal(err)
	}
	mails = map[string]string{}
	for _, m := range box.Wait(t, 3, 10*time.Second) {
		mails[m.To[0]] = strings.ReplaceAll(m.Body, "\r\n", "\n")
	}
	for addr, want := range map[string]string{"de@example.com": "Guten Tag,\n\nUpdate the dock's firmware with the vendor tool.\n\nIhr Ticket:",
		"en@example.com": "Hello,\n\nUpdate the dock's firmware with the vendor tool.\n\nYour ticket:", "old@example.com": "Hello,\n\nUpdate the dock's firmware with the vendor tool.\n\nYour ticket:"} {
		if !strings.HasPrefix(mails[addr], want) {
			t.Errorf("the answer's mail to %s:\n%s", addr, mails[addr])
		}
	}
}
