package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEmployeeMessagesOnATicketAreThrottled: the employee leaves the
// configured gap between their messages on one ticket. Too soon, the page
// says why beside the form and keeps the text; the API answers 429 with
// Retry-After. The hotline's messages, and the employee's on another
// ticket, are not held back; once the gap has passed the employee writes
// again.
func TestEmployeeMessagesOnATicketAreThrottled(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			clk := testkit.NewClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
			env := testkit.BootStill(t, d, clk, func(c *config.Config) { c.Deflection.MessageGap = 30 * time.Second })
			_, empTok := env.SignUp(t, "emp")
			_, hotTok := env.SignUp(t, "hot")
			setRole(t, env, "hot", store.RoleHotline)
			file := func(subject string) string {
				t.Helper()
				res := env.API(t, "POST", "/help-sessions", empTok, map[string]any{"query": "docking station gives no picture"})
				path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
				res = env.API(t, "POST", path+"/outcome", empTok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
					"subject": subject, "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
				if res.Status != http.StatusOK {
					t.Fatalf("ticket: %d %s", res.Status, res.Body)
				}
				return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
			}
			id, other := file("Dock gives no picture"), file("Headset crackles")
			page := "/tickets/" + id
			emp := newBrowser(env)
			emp.logIn(t, "emp")
			if res := emp.post(t, page, page+"/messages", url.Values{"body": {"It is a Dell WD19."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("the first message: %d %s", res.Status, res.Body)
			}
			clk.Advance(10 * time.Second)
			second := "And the serial is 7Q2X & the firmware 1.0.4."
			res := emp.post(t, page, page+"/messages", url.Values{"body": {second}})
			if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "20" {
				t.Fatalf("a message too soon: %d, Retry-After %q", res.Status, res.Header.Get("Retry-After"))
			}
			contains(t, res, `aria-describedby="body-error">And the serial is 7Q2X &amp; the firmware 1.0.4.</textarea>`,
				`<p class="field-error" id="body-error" role="alert">Leave 30 seconds between your messages on a ticket; you may write again in 20 seconds.</p>`)
			api := env.API(t, "POST", page+"/messages", empTok, map[string]any{"body": second})
			if api.Status != http.StatusTooManyRequests || api.Header.Get("Retry-After") != "20" || api.ErrorCode() != "rate_limited" {
				t.Fatalf("the API, too soon: %d %q %s", api.Status, api.Header.Get("Retry-After"), api.Body)
			}
			if strings.Contains(string(emp.get(t, page).Body), "serial is 7Q2X") {
				t.Fatal("a message refused as too soon was written")
			}
			// The hotline is not held back, nor is the employee on another ticket.
			for i, body := range []string{"Which firmware does it run?", "And which laptop is it?"} {
				if res := env.API(t, "POST", page+"/messages", hotTok, map[string]any{"body": body}); res.Status != http.StatusCreated {
					t.Fatalf("the hotline's message %d: %d %s", i, res.Status, res.Body)
				}
			}
			if res := env.API(t, "POST", "/tickets/"+other+"/messages", empTok, map[string]any{"body": "It crackles on calls only."}); res.Status != http.StatusCreated {
				t.Fatalf("a message on another ticket: %d %s", res.Status, res.Body)
			}
			clk.Advance(20 * time.Second)
			if res := env.API(t, "POST", page+"/messages", empTok, map[string]any{"body": second}); res.Status != http.StatusCreated {
				t.Fatalf("after the gap: %d %s", res.Status, res.Body)
			}
		})
	}
}
