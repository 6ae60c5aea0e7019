package deflection_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTicketLanguageInLists: the list and a ticket read alone carry the
// language to answer the employee in, as the webhook does: their account's
// setting when they filed it logged in, else the page's they filed it on;
// each ticket its own filer's.
func TestTicketLanguageInLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		de := storetest.User(t, st, "erika", store.RoleUser)
		st.DB.Model(de).Update("language", "de")
		en := storetest.User(t, st, "emily", store.RoleUser)
		st.DB.Model(en).Update("language", "en")
		none := storetest.User(t, st, "nolang", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		file := func(u *store.User, page, when string) int64 {
			t.Helper()
			who := deflection.Who{User: u, Lang: page}
			s := r.start(t, who, when, "printer on floor 3 is offline")
			return r.outcome(t, who, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Printer " + u.Username)}).Ticket.ID
		}
		want := map[int64]string{
			file(de, "en", "2026-03-02 01:00"):   "de", // the account's setting, not the page's
			file(en, "de", "2026-03-02 02:00"):   "en",
			file(none, "de", "2026-03-02 03:00"): "de", // no setting: the page's
		}
		rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{})
		if err != nil || len(rows) != 3 {
			t.Fatalf("list: %d %v", len(rows), err)
		}
		for _, row := range rows {
			if row.Language != want[row.ID] {
				t.Errorf("ticket #%d listed in %q, want %q", row.ID, row.Language, want[row.ID])
			}
			one, err := r.svc.TicketByID(ctx, hot, row.ID)
			if err != nil || one.Language != want[row.ID] {
				t.Errorf("ticket #%d read alone in %q (%v), want %q", row.ID, one.Language, err, want[row.ID])
			}
		}
	})
}

// TestTicketActiveStatus: status active lists the open tickets and those
// waiting on the employee, not the closed ones; all lists every ticket,
// as no status does; anything else is refused.
func TestTicketActiveStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Open one", "Waiting one", "Resolved one", "Withdrawn one")
		for _, id := range tk[:3] {
			if _, err := r.svc.Take(ctx, hot, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := r.svc.PostMessage(ctx, hot, tk[1], deflection.MessageInput{Body: "Which printer?", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Resolve(ctx, hot, tk[2], deflection.ResolutionInput{Answer: "Restarted the print spooler on the server; it prints again."}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Withdraw(ctx, emp, tk[3], ""); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			f    deflection.TicketFilter
			want []int64
		}{
			{deflection.TicketFilter{Status: deflection.StatusActive, Order: "oldest"}, tk[:2]},
			{deflection.TicketFilter{Status: deflection.StatusActive, Order: "oldest", Assigned: deflection.AssignedMe}, tk[:2]},
			{deflection.TicketFilter{Status: deflection.TicketOpen, Order: "oldest", Assigned: deflection.AssignedMe}, tk[:1]},
			{deflection.TicketFilter{Status: deflection.StatusAll, Order: "oldest"}, tk},
			{deflection.TicketFilter{Order: "oldest"}, tk},
		} {
			rows, total, err := r.svc.Tickets(ctx, hot, c.f)
			if err != nil || !sameIDs(ids(rows), c.want) || total != int64(len(c.want)) {
				t.Errorf("%+v: %v (%d) %v, want %v", c.f, ids(rows), total, err, c.want)
			}
		}
		if _, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: "bogus"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("status bogus: %v", err)
		}
	})
}

// TestTicketSettledReadsReplies: the employee's replies on tickets an agent
// holds wait unread in the agent's inbox while the ticket is worked; once
// it is resolved or withdrawn they are read (and not mailed any more), those
// of other tickets still unread, and the employee's own notifications untouched.
func TestTicketSettledReadsReplies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline", "Dock black", "Scanner jams")
		for _, id := range tk {
			if _, err := r.svc.Take(ctx, hot, id); err != nil {
				t.Fatal(err)
			}
			if _, _, err := r.svc.PostMessage(ctx, hot, id, deflection.MessageInput{Body: "Which one?", Waiting: true}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := r.svc.PostMessage(ctx, emp, id, deflection.MessageInput{Body: "The one in room 3.12."}); err != nil {
				t.Fatal(err)
			}
		}
		unread := func(userID int64, typ string) map[int64]bool {
			t.Helper()
			out := map[int64]bool{}
			for _, n := range notes(t, st, userID, typ) {
				if n.ReadAt == nil {
					out[*n.TicketID] = true
					if n.EmailedAt != nil {
						t.Errorf("an unread %s notification about #%d counted as mailed", typ, *n.TicketID)
					}
				} else if n.EmailedAt == nil {
					t.Errorf("a %s notification about settled #%d still to be mailed", typ, *n.TicketID)
				}
			}
			return out
		}
		if got := unread(hot.ID, notify.TypeTicketReply); len(got) != 3 {
			t.Fatalf("the agent's unread replies before: %v", got)
		}
		if _, err := r.svc.Resolve(ctx, hot, tk[0], deflection.ResolutionInput{Answer: "Restarted the print spooler on the server; it prints again."}); err != nil {
			t.Fatal(err)
		}
		if got := unread(hot.ID, notify.TypeTicketReply); len(got) != 2 || got[tk[0]] {
			t.Fatalf("the agent's unread replies after resolving #%d: %v", tk[0], got)
		}
		if _, err := r.svc.Withdraw(ctx, emp, tk[1], "Found it."); err != nil {
			t.Fatal(err)
		}
		if got := unread(hot.ID, notify.TypeTicketReply); len(got) != 1 || !got[tk[2]] {
			t.Fatalf("the agent's unread replies after the withdrawal of #%d: %v", tk[1], got)
		}
		if n, err := (&notify.Service{Store: st, Now: r.clk.Now}).Unread(ctx, hot.ID); err != nil || n != 2 { // #3's reply and #2's withdrawal
			t.Errorf("the agent's unread count %d %v, want 2", n, err)
		}
		if got := unread(emp.ID, notify.TypeTicketMessage); len(got) != 3 {
			t.Errorf("the employee's own unread messages: %v", got)
		}
		// A reopening asks the agent to work the ticket again, until it is
		// resolved again.
		r.clk.Advance(time.Minute)
		if _, _, err := r.svc.Reopen(ctx, emp, tk[0], "It stopped printing again after the weekend."); err != nil {
			t.Fatal(err)
		}
		if got := unread(hot.ID, notify.TypeTicketReopened); !got[tk[0]] {
			t.Fatalf("the agent was not told of the reopening: %v", got)
		}
		if _, err := r.svc.Resolve(ctx, hot, tk[0], deflection.ResolutionInput{Answer: "Replaced the spooler's driver; it prints again for good."}); err != nil {
			t.Fatal(err)
		}
		if got := unread(hot.ID, notify.TypeTicketReopened); got[tk[0]] {
			t.Fatalf("the reopening stays unread after the ticket was resolved again: %v", got)
		}
	})
}
