package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketMessageUnreachableSaysWhy: the hotline's message on a ticket
// filed without logging in is refused (409) when nothing would reach the
// employee, and the refusal names the real reason: with a mail server but
// no address on the ticket, the missing address (not the mail server).
func TestTicketMessageUnreachableSaysWhy(t *testing.T) {
	box := notifytest.Start(t)
	each(t, func(t *testing.T, env *testkit.Env) {
		hotID, hot := env.SignUp(t, "hot")
		role(t, env, hotID, store.RoleHotline)
		id := fileTicket(t, env, "", "Dock gives no picture", "Both screens stay black since Monday.")
		path := "/tickets/" + id + "/messages"
		// With a mail server and an address the message goes by e-mail.
		if res := env.API(t, "POST", path, hot, map[string]any{"body": "Which dock model is it?"}); res.Status != http.StatusCreated {
			t.Fatalf("a message mailed to the employee: %d %s", res.Status, res.Body)
		}
		// A ticket without an address (kept from before addresses were asked for).
		if err := env.App.Store.DB.Table("tickets").Where("id = ?", id).Update("email", "").Error; err != nil {
			t.Fatal(err)
		}
		res := env.API(t, "POST", path, hot, map[string]any{"body": "Is it a Dell WD19?"})
		code, msg, _ := apiError(t, res)
		if res.Status != http.StatusConflict || code != "conflict" || !strings.Contains(msg, "left no e-mail address") ||
			strings.Contains(msg, "mail server") {
			t.Fatalf("a message to a ticket with no address: %d %s", res.Status, res.Body)
		}
	}, func(c *config.Config) {
		c.Deflection.SMTPAddr, c.Deflection.EmailFrom, c.Deflection.EmailTo = box.Addr, "desk@example.com", "hotline@example.com"
	})
}

// TestTicketMessageWithoutMailServerSaysSo: a ticket filed without logging
// in, with its address but no mail server: the refusal names the mail
// server.
func TestTicketMessageWithoutMailServerSaysSo(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		hotID, hot := env.SignUp(t, "hot")
		role(t, env, hotID, store.RoleHotline)
		id := fileTicket(t, env, "", "Dock gives no picture", "Both screens stay black since Monday.")
		res := env.API(t, "POST", "/tickets/"+id+"/messages", hot, map[string]any{"body": "Which dock model is it?"})
		code, msg, _ := apiError(t, res)
		if res.Status != http.StatusConflict || code != "conflict" || !strings.Contains(msg, "no mail server is configured") {
			t.Fatalf("a message with no mail server: %d %s", res.Status, res.Body)
		}
	})
}
