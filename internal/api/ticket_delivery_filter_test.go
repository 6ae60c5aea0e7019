package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// addDelivery records a delivery of a ticket to the hotline in a state.
func addDelivery(t *testing.T, env *testkit.Env, ticket, channel, status string) {
	t.Helper()
	id, err := strconv.ParseInt(ticket, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	d := deflection.Delivery{TicketID: id, Channel: channel, Target: "https://hotline.example/tickets", Payload: "{}",
		Status: status, Attempts: 1, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}
	if err := env.App.Store.DB.Create(&d).Error; err != nil {
		t.Fatal(err)
	}
}

// TestTicketListDeliveryFilter: GET /tickets?delivery=failed lists the
// tickets of which a delivery to the hotline failed (whatever else arrived;
// a failed mail to the employee is none),
// with the other filters, for those who see deliveries; an employee's own
// list is not filtered by what they do not see; any other value is 422 on
// the field delivery.
func TestTicketListDeliveryFilter(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, emp := env.SignUp(t, "emp")
		hotID, hot := env.SignUp(t, "hot")
		anaID, ana := env.SignUp(t, "ana")
		role(t, env, hotID, store.RoleHotline)
		role(t, env, anaID, store.RoleAnalyst)
		a := fileTicket(t, env, emp, "Dock gives no picture", "Both screens stay black since Monday.")
		b := fileTicket(t, env, emp, "VPN drops every few minutes", "The client says timeout and reconnects.")
		c := fileTicket(t, env, emp, "Printer prints blank pages", "Every page comes out white since the update.")
		d := fileTicket(t, env, emp, "Laptop battery swollen", "The case bends near the touchpad.")
		addDelivery(t, env, a, deflection.ChannelWebhook, deflection.DeliveryFailed)
		addDelivery(t, env, a, deflection.ChannelEmail, deflection.DeliveryDelivered)
		addDelivery(t, env, b, deflection.ChannelWebhook, deflection.DeliveryDelivered)
		// A message to the employee that could not be mailed is no delivery to the hotline.
		addDelivery(t, env, b, deflection.ChannelReply, deflection.DeliveryFailed)
		addDelivery(t, env, c, deflection.ChannelWebhook, deflection.DeliveryPending)
		addDelivery(t, env, d, deflection.ChannelEmail, deflection.DeliveryFailed)
		if res := env.API(t, "POST", "/tickets/"+d+"/resolution", hot, map[string]any{"answer": "Stop using it and bring it to the service desk today."}); res.Status != http.StatusOK {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}

		list := func(tok, query string) (string, float64) {
			t.Helper()
			res := env.API(t, "GET", "/tickets?order=oldest&"+query, tok, nil)
			return strings.Join(ticketIDs(t, res), ","), res.Map(t)["total"].(float64)
		}
		for _, c := range []struct {
			tok, query, want string
		}{
			{hot, "delivery=failed", a + "," + d},
			{ana, "delivery=failed", a + "," + d},
			{hot, "delivery=failed&status=open", a},
			{hot, "delivery=failed&status=resolved", d},
			{hot, "delivery=failed&q=dock", a},
			{hot, "delivery=", a + "," + b + "," + c + "," + d},
			// The employee's own tickets, whatever their deliveries.
			{emp, "delivery=failed", a + "," + b + "," + c + "," + d},
		} {
			got, total := list(c.tok, c.query)
			if got != c.want || total != float64(strings.Count(c.want, ",")+1) {
				t.Errorf("%s: %s (total %v), want %s", c.query, got, total, c.want)
			}
		}
		if res := env.API(t, "GET", "/tickets/"+b, hot, nil); res.Map(t)["delivery_state"] != deflection.DeliveryDelivered {
			t.Errorf("ticket with a failed reply mail: delivery state %v, want delivered", res.Map(t)["delivery_state"])
		}
		res := env.API(t, "GET", "/tickets?delivery=failed", hot, nil)
		for _, it := range res.Map(t)["items"].([]any) {
			if s := it.(map[string]any)["delivery_state"]; s != deflection.DeliveryFailed {
				t.Errorf("a listed ticket's delivery state is %v", s)
			}
		}
		for _, v := range []string{"broken", "FAILED", "pending"} {
			wantFields(t, "delivery="+v, env.API(t, "GET", "/tickets?delivery="+v, hot, nil), "delivery")
		}
		wantFields(t, "delivery and assigned", env.API(t, "GET", "/tickets?delivery=x&assigned=x", hot, nil), "assigned", "delivery")
	})
}
