package deflection_test

import (
	"context"
	"strings"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestHotlineMessagePutsWaitingTicketBack: the hotline's message without
// waiting puts a waiting ticket back in the open queue (an employee who
// answered by mail has no other way back there).
func TestHotlineMessagePutsWaitingTicketBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		if _, tick, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer?", Waiting: true}); err != nil || tick.Status != deflection.TicketWaiting {
			t.Fatalf("waiting: %v %v", tick, err)
		}
		_, tick, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Got your mail, working on it."})
		if err != nil || tick.Status != deflection.TicketOpen {
			t.Fatalf("the hotline's message without waiting: %v %v", tick, err)
		}
		if next, err := r.svc.NextOpenTicket(ctx, hot, 0); err != nil || next == nil || next.ID != tk {
			t.Fatalf("back in the queue: %v %v", next, err)
		}
	})
}

// TestReplyNotSentAfterResolution: a reply still pending when the ticket
// is resolved (mail slow or retrying) is not sent, nor when an admin
// retries it: it asks for an answer the page no longer takes.
func TestReplyNotSentAfterResolution(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		box := r.withMailbox(t)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		r.replies(t, box, "emp@example.com")
		if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Please send a photo of the label.", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: "The HP in 3.12 had a stuck job; cleared and restarted."}); err != nil {
			t.Fatal(err)
		}
		if mails := r.replies(t, box, "emp@example.com"); len(mails) != 0 {
			t.Fatalf("%d reply mails after the ticket was resolved", len(mails))
		}
		var d deflection.Delivery
		if err := st.DB.Where("ticket_id = ? AND channel = ?", tk, deflection.ChannelReply).Take(&d).Error; err != nil {
			t.Fatal(err)
		}
		if d.Status != deflection.DeliveryFailed || !strings.Contains(d.LastError, "resolved") {
			t.Fatalf("the reply: %s %q", d.Status, d.LastError)
		}
		if _, err := r.svc.RetryDelivery(ctx, admin, d.ID); err != nil {
			t.Fatal(err)
		}
		if mails := r.replies(t, box, "emp@example.com"); len(mails) != 0 {
			t.Fatalf("a retried reply went out after the ticket was resolved")
		}
	})
}

// TestFailedDeliveryCountFromDeliveries: the count of tickets not
// delivered counts each ticket once, leaves replies out, and is read from
// the deliveries, not by reading every ticket.
func TestFailedDeliveryCountFromDeliveries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two", "Printer offline three")
		now := r.clk.Now()
		for _, d := range []deflection.Delivery{
			{TicketID: tk[0], Channel: deflection.ChannelWebhook, Status: deflection.DeliveryFailed},
			{TicketID: tk[0], Channel: deflection.ChannelEmail, Status: deflection.DeliveryFailed},
			{TicketID: tk[1], Channel: deflection.ChannelReply, Target: "emp@example.com", Status: deflection.DeliveryFailed},
			{TicketID: tk[2], Channel: deflection.ChannelWebhook, Status: deflection.DeliveryDelivered},
		} {
			d.NextAttemptAt, d.CreatedAt, d.UpdatedAt = now, now, now
			if err := st.DB.Create(&d).Error; err != nil {
				t.Fatal(err)
			}
		}
		if n, err := r.svc.FailedDeliveryTickets(ctx, hot); err != nil || n != 1 {
			t.Fatalf("failed count %d %v", n, err)
		}
		if rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Delivery: "failed"}); err != nil || !sameIDs(ids(rows), []int64{tk[0]}) {
			t.Fatalf("failed filter %v %v", ids(rows), err)
		}
		if st.Dialect == store.SQLite {
			var plan []struct{ Detail string }
			if err := st.DB.Raw("EXPLAIN QUERY PLAN " + deflection.FailedDeliveryCount).Scan(&plan).Error; err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range plan {
				all = append(all, p.Detail)
			}
			if s := strings.Join(all, "\n"); strings.Contains(s, "tickets") || !strings.Contains(s, "deliveries_due") {
				t.Errorf("the count reads tickets or no index:\n%s", s)
			}
		}
	})
}

// TestAnalystSeesNoReplyTarget: a reply's target is the employee's
// address, hidden from analysts like the rest of the contact.
func TestAnalystSeesNoReplyTarget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		r.withMailbox(t)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer?", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []*store.User{hot, ana} {
			row, err := r.svc.TicketByID(ctx, who, tk)
			if err != nil {
				t.Fatal(err)
			}
			seen := false
			for _, d := range row.Deliveries {
				if d.Channel == deflection.ChannelReply && strings.Contains(d.Target, "emp@") {
					seen = true
				}
			}
			if seen != (who == hot) {
				t.Errorf("%s sees the reply's target: %v", who.Username, seen)
			}
		}
	})
}
