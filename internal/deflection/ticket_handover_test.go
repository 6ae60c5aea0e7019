package deflection_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTicketHandOver: an agent hands the ticket they hold to a colleague,
// who then holds it and is told; the history records it for the hotline,
// never for the employee. Only the holder (or, for a ticket nobody holds,
// any agent; an administrator always) hands over, only to an active agent
// or administrator; an administrator's hand-over of another's ticket is
// audited and told to the agent who held it; a closed ticket is not handed over; resolving it reads the
// colleague's notification.
func TestTicketHandOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		hot1 := storetest.User(t, st, "hot1", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		gone := storetest.User(t, st, "gone", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		if err := st.DB.Model(&store.User{}).Where("id = ?", gone.ID).Update("deactivated_at", time.Now()).Error; err != nil {
			t.Fatal(err)
		}
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two")

		if _, err := r.svc.HandOver(ctx, emp, tk[0], hot2.ID, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("the employee hands over: %v", err)
		}
		// Nobody holds it: any agent may give it to a colleague.
		r.clk.Set("2026-03-02 10:00")
		row, err := r.svc.HandOver(ctx, hot1, tk[0], hot2.ID, "  Knows the floor 3 printers.  ")
		if err != nil || row.AssignedTo == nil || *row.AssignedTo != hot2.ID || !row.AssignedAt.Equal(at("2026-03-02 10:00")) {
			t.Fatalf("hot1 hands an unheld ticket to hot2: %v %+v", err, row)
		}
		ns := notes(t, st, hot2.ID, notify.TypeTicketHandedOver)
		if len(ns) != 1 || *ns[0].ActorID != hot1.ID || *ns[0].TicketID != tk[0] || ns[0].ReadAt != nil {
			t.Fatalf("hot2's notifications: %+v", ns)
		}
		// hot1 no longer may: hot2 holds it.
		if _, err := r.svc.HandOver(ctx, hot1, tk[0], hot1.ID, ""); !errs.Is(err, errs.Forbidden) ||
			errs.As(err).Msg.ID != "ticket.handover_not_yours" || !strings.Contains(err.Error(), "hot2") {
			t.Fatalf("hot1 hands over hot2's ticket: %v", err)
		}
		for _, to := range []int64{emp.ID, mod.ID, gone.ID, 99999, 0} {
			_, err := r.svc.HandOver(ctx, hot2, tk[0], to, "")
			if e := errs.As(err); !errs.Is(err, errs.Invalid) || len(e.Fields) != 1 || e.Fields[0].Field != "to" {
				t.Fatalf("hand over to user %d: %v", to, err)
			}
		}
		if _, err := r.svc.HandOver(ctx, hot2, tk[0], hot1.ID, strings.Repeat("x", deflection.HandOverNoteMax+1)); !errs.Is(err, errs.Invalid) ||
			errs.As(err).Fields[0].Field != "note" {
			t.Fatalf("a note too long: %v", err)
		}
		// Handing it to whoever holds it changes nothing.
		if row, err := r.svc.HandOver(ctx, hot2, tk[0], hot2.ID, ""); err != nil || !row.AssignedAt.Equal(at("2026-03-02 10:00")) {
			t.Fatalf("hot2 hands their own to themself: %v %+v", err, row)
		}
		var audits int64
		st.DB.Model(&store.AuditEntry{}).Where("action = ?", "ticket.handover").Count(&audits)
		if audits != 0 {
			t.Fatalf("hand-overs of one's own or nobody's ticket audited: %d", audits)
		}
		r.clk.Set("2026-03-02 11:00")
		if row, err := r.svc.HandOver(ctx, admin, tk[0], hot1.ID, ""); err != nil || *row.AssignedTo != hot1.ID {
			t.Fatalf("admin hands hot2's ticket to hot1: %v", err)
		}
		// hot2 no longer holds it: what asked them to work it is read.
		if ns := notes(t, st, hot2.ID, notify.TypeTicketHandedOver); len(ns) != 1 || ns[0].ReadAt == nil {
			t.Fatalf("hot2's hand-over notification after the ticket was handed away: %+v", ns)
		}
		// hot2 is told that an administrator gave their ticket away; hot1,
		// who handed over only what nobody held, and the employee are not.
		if ns := notes(t, st, hot2.ID, notify.TypeTicketHandedAway); len(ns) != 1 || *ns[0].ActorID != admin.ID ||
			*ns[0].TicketID != tk[0] || ns[0].ReadAt != nil {
			t.Fatalf("hot2 told their ticket was handed away: %+v", ns)
		}
		for _, u := range []*store.User{hot1, emp, admin} {
			if ns := notes(t, st, u.ID, notify.TypeTicketHandedAway); len(ns) != 0 {
				t.Fatalf("%s told of a ticket handed away: %+v", u.Username, ns)
			}
		}
		var entry store.AuditEntry
		if err := st.DB.Where("action = ?", "ticket.handover").Take(&entry).Error; err != nil || *entry.ActorID != admin.ID ||
			*entry.TargetID != hot2.ID || entry.Detail != fmt.Sprintf("ticket #%d to @hot1", tk[0]) {
			t.Fatalf("the admin's hand-over audited: %v %+v", err, entry)
		}

		staff, err := r.svc.TicketHistory(ctx, hot1, tk[0])
		if err != nil || len(staff) != 2 || staff[0].Kind != deflection.TicketEventHandedOver || staff[0].ActorID != hot1.ID ||
			*staff[0].AgentID != hot2.ID || staff[0].Note != "Knows the floor 3 printers." || staff[1].ActorID != admin.ID || *staff[1].AgentID != hot1.ID {
			t.Fatalf("the hotline's history: %v %+v", err, staff)
		}
		if mine, err := r.svc.TicketHistory(ctx, emp, tk[0]); err != nil || len(mine) != 0 {
			t.Fatalf("the employee's history shows hand-overs: %v %+v", err, mine)
		}

		if _, err := r.svc.HandOver(ctx, hot1, tk[1], hot2.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Resolve(ctx, hot2, tk[1], deflection.ResolutionInput{Answer: "Power the printer off and on, then re-add it."}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.HandOver(ctx, hot2, tk[1], hot1.ID, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("hand over a resolved ticket: %v", err)
		}
		for _, n := range notes(t, st, hot2.ID, notify.TypeTicketHandedOver) {
			if *n.TicketID == tk[1] && n.ReadAt == nil {
				t.Fatalf("the hand-over of a resolved ticket is still unread: %+v", n)
			}
		}
	})
}
