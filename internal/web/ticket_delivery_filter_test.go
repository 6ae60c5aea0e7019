package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var ticketLinkRE = regexp.MustCompile(`<td><a href="/tickets/([0-9]+)">`)

// listedTickets reads the ids the ticket list shows, in order.
func listedTickets(t *testing.T, res *testkit.Response) string {
	t.Helper()
	if res.Status != http.StatusOK {
		t.Fatalf("tickets: %d\n%s", res.Status, res.Body)
	}
	var ids []string
	for _, m := range ticketLinkRE.FindAllStringSubmatch(string(res.Body), -1) {
		ids = append(ids, m[1])
	}
	return strings.Join(ids, ",")
}

// TestTicketListCountsFailedDeliveries: those who see deliveries (the
// hotline, analysts, admins) read on /tickets how many tickets did not reach
// the hotline's system (a delivery failed), open or resolved, linked to the
// list of those (?delivery=failed, with every status), which keeps the other
// filters; a bad value is said on the page; an employee sees no such count.
func TestTicketListCountsFailedDeliveries(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "emp")
		env.SignUp(t, "hot")
		env.SignUp(t, "lead")
		setRole(t, env, "hot", store.RoleHotline)
		setRole(t, env, "lead", store.RoleAnalyst)
		file := func(subject string) int64 {
			t.Helper()
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
			path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
			res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
				"subject": subject, "body": "Nothing works since Monday morning.", "email": "emp@example.com"}})
			if res.Status != http.StatusOK {
				t.Fatalf("ticket: %d %s", res.Status, res.Body)
			}
			return int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64))
		}
		deliver := func(ticket int64, channel, status string) {
			t.Helper()
			now := time.Now().UTC()
			if err := env.App.Store.DB.Create(&deflection.Delivery{TicketID: ticket, Channel: channel, Target: "https://hotline.example/",
				Payload: "{}", Status: status, Attempts: 3, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
				t.Fatal(err)
			}
		}
		a, b, c := file("Dock gives no picture"), file("VPN drops every few minutes"), file("Printer prints blank pages")
		hot, lead, emp := newBrowser(env), newBrowser(env), newBrowser(env)
		hot.logIn(t, "hot")
		lead.logIn(t, "lead")
		emp.logIn(t, "emp")
		if strings.Contains(string(hot.get(t, "/tickets").Body), `id="tickets-failed"`) {
			t.Fatal("a count of failed deliveries with none failed")
		}

		deliver(a, deflection.ChannelWebhook, deflection.DeliveryFailed)
		deliver(a, deflection.ChannelEmail, deflection.DeliveryDelivered)
		deliver(b, deflection.ChannelWebhook, deflection.DeliveryDelivered)
		deliver(c, deflection.ChannelWebhook, deflection.DeliveryFailed)
		// Resolved already (a failed delivery counts, open or resolved).
		if err := env.App.Store.DB.Model(&deflection.Ticket{}).Where("id = ?", c).Update("status", deflection.TicketResolved).Error; err != nil {
			t.Fatal(err)
		}
		ids := func(v ...int64) string {
			s := make([]string, len(v))
			for i, id := range v {
				s[i] = strconv.FormatInt(id, 10)
			}
			return strings.Join(s, ",")
		}

		// The open queue, oldest first, with the count of all failed ones.
		res := hot.get(t, "/tickets")
		if got := listedTickets(t, res); got != ids(a, b) {
			t.Errorf("open tickets %s, want %s", got, ids(a, b))
		}
		contains(t, res, `<a href="/tickets?delivery=failed&amp;status=all" id="tickets-failed">2 tickets not delivered</a>`,
			`<a href="/tickets" id="tickets-any-delivery" aria-current="true">Any delivery</a>`)
		contains(t, lead.get(t, "/tickets"), `id="tickets-failed">2 tickets not delivered</a>`)
		contains(t, hot.get(t, "/tickets", "Accept-Language", "de"), `id="tickets-failed">2 Tickets nicht zugestellt</a>`)

		// The list of them, newest first as linked, and with the other filters.
		res = hot.get(t, "/tickets?delivery=failed&status=all")
		if got := listedTickets(t, res); got != ids(a, c) {
			t.Errorf("failed tickets %s, want %s", got, ids(a, c))
		}
		contains(t, res, `id="tickets-failed" aria-current="true">2 tickets not delivered</a>`, "2 tickets</p>",
			`<a href="/tickets?status=all" id="tickets-any-delivery">Any delivery</a>`,
			`href="/tickets?delivery=failed&amp;order=newest&amp;status=all" id="tickets-newest"`,
			`<input type="hidden" name="delivery" value="failed">`)
		if got := listedTickets(t, hot.get(t, "/tickets?delivery=failed")); got != ids(a) {
			t.Errorf("open failed tickets %s, want %s", got, ids(a))
		}
		if got := listedTickets(t, hot.get(t, "/tickets?delivery=failed&status=all&q=printer")); got != ids(c) {
			t.Errorf("failed tickets about printers %s, want %s", got, ids(c))
		}
		if got := listedTickets(t, hot.get(t, "/tickets?delivery=failed&assigned=none&status=resolved")); got != ids(c) {
			t.Errorf("resolved failed tickets nobody holds %s, want %s", got, ids(c))
		}

		// A bad value is said on the page, with no list.
		res = hot.get(t, "/tickets?delivery=lost")
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("delivery=lost: %d", res.Status)
		}
		contains(t, res, `id="delivery-error"`, "The delivery filter is failed or left out.")

		// The employee: their own tickets, no count, the filter not theirs.
		res = emp.get(t, "/tickets?delivery=failed")
		if got := listedTickets(t, res); got != ids(c, b, a) {
			t.Errorf("the employee's tickets %s, want %s", got, ids(c, b, a))
		}
		if body := string(res.Body); strings.Contains(body, "not delivered") || strings.Contains(body, `id="tickets-failed"`) {
			t.Error("the employee sees the count of failed deliveries")
		}
	})
}
