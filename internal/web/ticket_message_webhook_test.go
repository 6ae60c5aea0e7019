package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEmployeeMessagesReachTheHotlineWebhook: the hotline's system, which
// is told of new tickets by its webhook, is told the same way (signed,
// event ticket.message) of each message the employee writes on their
// ticket, from the page or the API, with the message, the ticket and its
// status after it. The hotline's own messages are not sent back to it.
func TestEmployeeMessagesReachTheHotlineWebhook(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			const secret = "hotline-s3cret-of-32-bytes-at-least"
			hook := &hotlineServer{status: http.StatusOK}
			srv := httptest.NewServer(hook)
			defer srv.Close()
			clk := testkit.NewClock(time.Now().UTC().Truncate(time.Second))
			env := bootWithHotline(t, d, clk, srv.URL+"/hotline/tickets", secret)
			empID, empTok := env.SignUp(t, "emp")
			_, hotTok := env.SignUp(t, "hot")
			setRole(t, env, "hot", store.RoleHotline)
			res := env.API(t, "POST", "/help-sessions", empTok, map[string]any{"query": "docking station gives no picture"})
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", empTok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			page := "/tickets/" + id
			send := func(want int) []hotlineCall {
				t.Helper()
				before := len(hook.received())
				if n, err := env.App.Help.RunDeliveries(context.Background()); err != nil || n != want {
					t.Fatalf("deliveries: %d sent (%v), want %d", n, err, want)
				}
				return hook.received()[before:]
			}
			if calls := send(1); calls[0].header.Get(deflection.HeaderEvent) != "ticket.created" || !strings.Contains(string(calls[0].body), `"language":"en"`) {
				t.Fatalf("the new ticket: %v %s", calls[0].header, calls[0].body)
			}
			// The employee chooses German: the hotline hears they are to be answered in it.
			env.App.Store.DB.Model(&store.User{}).Where("id = ?", empID).Update("language", "de")

			if res := env.API(t, "POST", page+"/messages", hotTok, map[string]any{"body": "Which dock model is it?", "waiting": true}); res.Status != http.StatusCreated {
				t.Fatalf("the hotline's message: %d %s", res.Status, res.Body)
			}
			send(0) // the hotline knows what it wrote

			emp := newBrowser(env)
			emp.logIn(t, "emp")
			if res := emp.post(t, page, page+"/messages", url.Values{"body": {"A Dell WD19, serial 7Q2X."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("the employee's message: %d %s", res.Status, res.Body)
			}
			clk.Advance(time.Minute) // past the gap between the employee's messages
			if res := env.API(t, "POST", page+"/messages", empTok, map[string]any{"body": "Firmware 1.0.4, by the way."}); res.Status != http.StatusCreated {
				t.Fatalf("the employee's message by the API: %d %s", res.Status, res.Body)
			}
			calls := send(2)
			for i, want := range []string{"A Dell WD19, serial 7Q2X.", "Firmware 1.0.4, by the way."} {
				c := calls[i]
				ts := c.header.Get(deflection.HeaderTimestamp)
				if c.header.Get(deflection.HeaderEvent) != "ticket.message" || c.header.Get(deflection.HeaderDelivery) == "" ||
					!deflection.VerifySignature(secret, ts, c.body, c.header.Get(deflection.HeaderSignature)) {
					t.Fatalf("message %d: headers %v", i, c.header)
				}
				var p deflection.MessagePayload
				if err := json.Unmarshal(c.body, &p); err != nil {
					t.Fatal(err)
				}
				if p.Event != "ticket.message" || itoa(p.Ticket.ID) != id || p.Ticket.Subject != "Dock gives no picture" || p.Ticket.Username != "emp" || p.Ticket.Language != "de" ||
					p.TicketStatus != "open" || p.Message.Body != want || p.Message.Staff || p.Message.AuthorID != empID || p.Message.ID == 0 ||
					p.MessagesURL != env.App.Help.BaseURL+"/api/v1/tickets/"+id+"/messages" {
					t.Errorf("message %d: payload %s", i, c.body)
				}
			}
			// The ticket's deliveries list them, as the ticket's own.
			var list struct {
				Items []struct {
					Channel string `json:"channel"`
					Event   string `json:"event"`
					Status  string `json:"status"`
				} `json:"items"`
			}
			env.SignUp(t, "root")
			setRole(t, env, "root", store.RoleAdmin)
			env.API(t, "GET", "/deliveries?ticket_id="+id, token(t, env, "root"), nil).JSON(t, &list)
			var events []string
			for _, it := range list.Items { // newest first
				events = append(events, it.Channel+" "+it.Event+" "+it.Status)
			}
			if strings.Join(events, ", ") != "webhook ticket.message delivered, webhook ticket.message delivered, webhook ticket.created delivered" {
				t.Errorf("the ticket's deliveries: %v", events)
			}
			// The webhook's path is a secret: no delivery row keeps it.
			var targets []string
			if err := env.App.Store.DB.Raw("SELECT target FROM deliveries WHERE channel = 'webhook'").Scan(&targets).Error; err != nil {
				t.Fatal(err)
			}
			for _, target := range targets {
				if target != srv.URL {
					t.Errorf("a webhook delivery's stored target is %q, want %q alone", target, srv.URL)
				}
			}
			admin := newBrowser(env)
			admin.logIn(t, "root")
			if body := string(admin.get(t, page).Body); strings.Count(body, "<td>Webhook (the employee&#39;s message)</td>") != 2 || strings.Count(body, "<td>Webhook</td>") != 1 {
				t.Errorf("the ticket page does not tell the deliveries apart:\n%s", body)
			}
		})
	}
}
