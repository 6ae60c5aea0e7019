package deflection_test

import (
	"context"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestPriorityOfClosedTicketRefused: a resolved or withdrawn ticket is in no
// queue, so its priority is not set: refused (409) saying why, the
// priority and the audit log unchanged; reopened, it takes one again.
func TestPriorityOfClosedTicketRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline", "Dock gives no picture")
		if _, err := r.svc.Resolve(ctx, hot, tk[0], deflection.ResolutionInput{Answer: "The printer was unplugged; it prints again now."}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Withdraw(ctx, emp, tk[1], "Solved it myself."); err != nil {
			t.Fatal(err)
		}
		audits := func() int64 {
			var n int64
			if err := st.DB.Model(&store.AuditEntry{}).Where("action = ?", deflection.AuditTicketPriority).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			id  int64
			msg string
		}{{tk[0], "ticket.priority_resolved"}, {tk[1], "ticket.priority_withdrawn"}} {
			for _, u := range []*store.User{hot, admin} {
				for _, p := range []string{deflection.PriorityUrgent, deflection.PriorityNormal} {
					_, err := r.svc.SetPriority(ctx, u, c.id, p)
					if !errs.Is(err, errs.Conflict) || errs.As(err).Msg.ID != c.msg {
						t.Errorf("%s sets closed ticket %d's priority to %s: %v, want %s", u.Username, c.id, p, err, c.msg)
					}
				}
			}
			if row, err := r.svc.TicketByID(ctx, hot, c.id); err != nil || row.Priority != deflection.PriorityNormal {
				t.Errorf("a refused priority changed ticket %d: %q %v", c.id, row.Priority, err)
			}
		}
		if n := audits(); n != 0 {
			t.Errorf("refused priorities left %d audit entries", n)
		}
		// An unknown priority is still a bad request first.
		if _, err := r.svc.SetPriority(ctx, hot, tk[0], "critical"); !errs.Is(err, errs.BadRequest) {
			t.Errorf("an unknown priority on a closed ticket: %v", err)
		}
		// Reopened, it is in the queue again.
		if _, _, err := r.svc.Reopen(ctx, emp, tk[0], "It stopped printing again."); err != nil {
			t.Fatal(err)
		}
		if row, err := r.svc.SetPriority(ctx, hot, tk[0], deflection.PriorityHigh); err != nil || row.Priority != deflection.PriorityHigh {
			t.Errorf("the reopened ticket's priority: %v", err)
		}
	})
}
