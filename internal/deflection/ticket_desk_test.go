package deflection_test

import (
	"context"
	"strings"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTicketNotes: the hotline and administrators write internal notes on a
// ticket, whatever its status, and read them oldest first; the employee who
// filed it can neither read nor write them (403), nor can analysts or any
// other employee. A note is no message: the conversation, the
// deliveries (webhook, mail) and the employee's inbox never learn of it.
func TestTicketNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		r.svc.Settings.WebhookURL = "https://hooks.example.com/hotline?key=k"
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		other := storetest.User(t, st, "other", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer exactly?", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		count := func(table string) int64 {
			var n int64
			if err := st.DB.Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		deliveries, notifications := count("deliveries"), count("notifications")

		r.clk.Set("2026-03-02 11:00")
		n1, err := r.svc.AddNote(ctx, hot, tk, "  Called them: the HP in 3.12, says the caretaker.  ")
		if err != nil || n1.Body != "Called them: the HP in 3.12, says the caretaker." || n1.AuthorID != hot.ID || n1.TicketID != tk {
			t.Fatalf("hotline's note: %+v %v", n1, err)
		}
		r.clk.Set("2026-03-02 11:05")
		if _, err := r.svc.AddNote(ctx, admin, tk, "Second case this week on that floor."); err != nil {
			t.Fatalf("admin's note: %v", err)
		}
		for _, u := range []*store.User{hot, admin} {
			ns, err := r.svc.TicketNotes(ctx, u, tk)
			if err != nil || len(ns) != 2 || ns[0].ID != n1.ID || ns[1].AuthorID != admin.ID {
				t.Fatalf("%s reads the notes: %+v %v", u.Username, ns, err)
			}
		}
		if got := count("deliveries"); got != deliveries {
			t.Errorf("a note made %d deliveries (webhook or mail)", got-deliveries)
		}
		if got := count("notifications"); got != notifications {
			t.Errorf("a note made %d notifications", got-notifications)
		}
		for _, u := range []*store.User{emp, hot} {
			ms, err := r.svc.TicketMessages(ctx, u, tk)
			if err != nil || len(ms) != 1 {
				t.Fatalf("%s's conversation: %+v %v", u.Username, ms, err)
			}
			for _, m := range ms {
				if strings.Contains(m.Body, "caretaker") || strings.Contains(m.Body, "this week") {
					t.Fatalf("a note in the conversation %s reads: %+v", u.Username, m)
				}
			}
		}

		// The employee who filed it, analysts, other employees: refused.
		for _, c := range []struct {
			u    *store.User
			code errs.Code
		}{{emp, errs.Forbidden}, {ana, errs.Forbidden}, {other, errs.Forbidden}, {nil, errs.Unauthorized}} {
			if _, err := r.svc.TicketNotes(ctx, c.u, tk); !errs.Is(err, c.code) {
				t.Errorf("%v reads the notes: %v, want %s", c.u, err, c.code)
			}
			if _, err := r.svc.AddNote(ctx, c.u, tk, "I am not the hotline."); !errs.Is(err, c.code) {
				t.Errorf("%v writes a note: %v, want %s", c.u, err, c.code)
			}
		}
		if _, err := r.svc.AddNote(ctx, hot, 99999, "No such ticket."); !errs.Is(err, errs.NotFound) {
			t.Errorf("a note on a missing ticket: %v", err)
		}
		for _, bad := range []string{"   ", "\u200b", "bell\x07", strings.Repeat("x", deflection.NoteMax+1)} {
			_, err := r.svc.AddNote(ctx, hot, tk, bad)
			if !errs.Is(err, errs.Invalid) || len(errs.As(err).Fields) != 1 || errs.As(err).Fields[0].Field != "body" {
				t.Errorf("note %.20q: %v", bad, err)
			}
		}

		// A resolved ticket still takes notes (what came of it, for the next agent).
		if _, err := r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: "The HP in 3.12 had a stuck job; cleared and restarted."}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.AddNote(ctx, hot, tk, "Caretaker will replace the HP next month."); err != nil {
			t.Errorf("a note on a resolved ticket: %v", err)
		}
		if ns := notes(t, st, emp.ID, notify.TypeTicketMessage); len(ns) != 1 {
			t.Errorf("the employee's message notifications: %d, want the one message's", len(ns))
		}
	})
}

// TestTicketPriority: a ticket is normal until the hotline or an
// administrator sets another priority, which the audit log records about
// the ticket (an unchanged priority records nothing); the queue filters by
// it and sorts the most urgent first, oldest first within one priority.
// The employee never sets it nor sees it, nor can they sort or filter
// their own tickets by it; an unknown priority is a bad request.
func TestTicketPriority(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		other := storetest.User(t, st, "other", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two", "Printer offline three", "Printer offline four")

		row, err := r.svc.TicketByID(ctx, hot, tk[0])
		if err != nil || row.Priority != deflection.PriorityNormal {
			t.Fatalf("a new ticket's priority: %q %v", row.Priority, err)
		}
		r.clk.Set("2026-03-03 09:00")
		row, err = r.svc.SetPriority(ctx, hot, tk[1], deflection.PriorityUrgent)
		if err != nil || row.Priority != deflection.PriorityUrgent {
			t.Fatalf("set urgent: %+v %v", row, err)
		}
		if _, err := r.svc.SetPriority(ctx, admin, tk[2], deflection.PriorityHigh); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.SetPriority(ctx, hot, tk[3], deflection.PriorityLow); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.SetPriority(ctx, hot, tk[1], deflection.PriorityUrgent); err != nil {
			t.Fatalf("the same again: %v", err)
		}
		var audit []store.AuditEntry
		if err := st.DB.Where("action = ?", deflection.AuditTicketPriority).Order("id").Find(&audit).Error; err != nil {
			t.Fatal(err)
		}
		if len(audit) != 3 {
			t.Fatalf("%d audit entries, want 3 (the unchanged one records nothing): %+v", len(audit), audit)
		}
		if a := audit[0]; a.TargetType != "ticket" || a.TargetID == nil || *a.TargetID != tk[1] || a.ActorID == nil || *a.ActorID != hot.ID ||
			a.Detail != "normal → urgent" || !a.CreatedAt.Equal(at("2026-03-03 09:00")) {
			t.Fatalf("audit entry %+v", a)
		}
		if a := audit[1]; *a.ActorID != admin.ID || a.Detail != "normal → high" {
			t.Fatalf("audit entry %+v", a)
		}

		// Refused: the employee (their own ticket or another's), analysts, an unknown priority.
		for _, c := range []struct {
			u    *store.User
			code errs.Code
		}{{emp, errs.Forbidden}, {ana, errs.Forbidden}, {other, errs.Forbidden}, {nil, errs.Unauthorized}} {
			if _, err := r.svc.SetPriority(ctx, c.u, tk[0], deflection.PriorityUrgent); !errs.Is(err, c.code) {
				t.Errorf("%v sets the priority: %v, want %s", c.u, err, c.code)
			}
		}
		for _, bad := range []string{"", "critical", "URGENT", " high"} {
			_, err := r.svc.SetPriority(ctx, hot, tk[0], bad)
			if !errs.Is(err, errs.BadRequest) || len(errs.As(err).Fields) != 1 || errs.As(err).Fields[0].Field != "priority" {
				t.Errorf("priority %q: %v", bad, err)
			}
		}
		if _, err := r.svc.SetPriority(ctx, hot, 99999, deflection.PriorityHigh); !errs.Is(err, errs.NotFound) {
			t.Errorf("a missing ticket: %v", err)
		}
		if row, _ := r.svc.TicketByID(ctx, hot, tk[0]); row.Priority != deflection.PriorityNormal {
			t.Errorf("a refused priority changed the ticket: %q", row.Priority)
		}

		// The queue: by priority, and filtered.
		list := func(u *store.User, f deflection.TicketFilter) []deflection.TicketRow {
			t.Helper()
			rows, total, err := r.svc.Tickets(ctx, u, f)
			if err != nil || int(total) != len(rows) {
				t.Fatalf("tickets %+v: %v (total %d)", f, err, total)
			}
			return rows
		}
		want := []int64{tk[1], tk[2], tk[0], tk[3]} // urgent, high, normal, low
		for _, u := range []*store.User{hot, ana} {
			if got := ids(list(u, deflection.TicketFilter{Order: deflection.OrderPriority})); !sameIDs(got, want) {
				t.Errorf("%s's queue by priority: %v, want %v", u.Username, got, want)
			}
		}
		if _, err := r.svc.SetPriority(ctx, hot, tk[0], deflection.PriorityUrgent); err != nil {
			t.Fatal(err)
		}
		if got := ids(list(hot, deflection.TicketFilter{Order: deflection.OrderPriority})); !sameIDs(got, []int64{tk[0], tk[1], tk[2], tk[3]}) {
			t.Errorf("two urgent ones: %v, want the older first", got)
		}
		if got := ids(list(hot, deflection.TicketFilter{Priority: deflection.PriorityUrgent, Order: "newest"})); !sameIDs(got, []int64{tk[1], tk[0]}) {
			t.Errorf("the urgent ones: %v", got)
		}
		if _, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Priority: "critical"}); !errs.Is(err, errs.BadRequest) {
			t.Errorf("priority=critical: %v", err)
		}
		if _, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Order: "urgency"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("order=urgency: %v", err)
		}

		// The employee's own list is neither sorted nor narrowed by it, and shows none.
		rows := list(emp, deflection.TicketFilter{Order: deflection.OrderPriority, Priority: deflection.PriorityLow})
		if got := ids(rows); !sameIDs(got, []int64{tk[3], tk[2], tk[1], tk[0]}) {
			t.Errorf("the employee's list by priority: %v, want all, newest first", got)
		}
		for _, row := range rows {
			if row.Priority != "" {
				t.Errorf("the employee sees ticket %d's priority %q", row.ID, row.Priority)
			}
		}
		if own, err := r.svc.TicketByID(ctx, emp, tk[1]); err != nil || own.Priority != "" {
			t.Errorf("the employee's ticket shows its priority %q (%v)", own.Priority, err)
		}
	})
}
