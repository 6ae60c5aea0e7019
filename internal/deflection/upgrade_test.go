package deflection_test

import (
	"context"
	"slices"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestUpgradeNormsGroupsStoredSearchesAgain: searches stored under earlier
// content-gap rules (a site search's words kept beside its filters, a
// Get-help problem read as search syntax) are grouped again by today's
// rules once, as the site starts, and a second start changes nothing.
func TestUpgradeNormsGroupsStoredSearchesAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		r := newRig(t, st)
		help := r.start(t, deflection.Who{Visitor: "v1"}, "2026-03-02 09:00", "printer -urgent [hr]")
		if _, err := r.svc.SiteSearch(ctx, deflection.Who{Visitor: "v2"}, 0, "[vpn] vpn drops", 0, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.SiteSearch(ctx, deflection.Who{Visitor: "v3"}, 0, "laptop fan loud", 0, nil); err != nil {
			t.Fatal(err)
		}
		// As an earlier version stored them.
		old := map[string]string{"printer -urgent [hr]": "printer", "[vpn] vpn drops": "vpn drops", "laptop fan loud": "laptop fan loud"}
		for q, norm := range old {
			if err := st.DB.Table("help_events").Where("query = ?", q).Update("norm", norm).Error; err != nil {
				t.Fatal(err)
			}
		}
		n, err := r.svc.UpgradeNorms(ctx)
		if err != nil || n != 2 {
			t.Fatalf("upgrade changed %d searches, want 2: %v", n, err)
		}
		var norms []string
		if err := st.DB.Table("help_events").Where("type = 'search'").Order("id").Pluck("norm", &norms).Error; err != nil {
			t.Fatal(err)
		}
		if want := []string{"printer urgent hr", "", "laptop fan loud"}; !slices.Equal(norms, want) {
			t.Fatalf("norms %q, want %q (help session %d)", norms, want, help.ID)
		}
		if n, err := r.svc.UpgradeNorms(ctx); err != nil || n != 0 {
			t.Fatalf("a second upgrade changed %d: %v", n, err)
		}
	})
}

// TestUpgradeTicketFoldMakesStoredTicketsSearchable: tickets stored before
// their folded text was kept (migration 00032 leaves it empty) are found by
// the queue's search once the site has started, and a second start changes
// nothing.
func TestUpgradeTicketFoldMakesStoredTicketsSearchable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		r := newRig(t, st)
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		s := r.start(t, deflection.Who{User: emp}, "2026-03-02 09:00", "barrier does not open")
		tk := r.outcome(t, deflection.Who{User: emp}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Schranke an der Straße", Body: "Sie öffnet nicht.", Email: "emp@example.com"}}).Ticket
		if err := st.DB.Table("tickets").Where("id = ?", tk.ID).Update("search_fold", "").Error; err != nil {
			t.Fatal(err)
		}
		found := func() []int64 {
			t.Helper()
			rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: "STRASSE"})
			if err != nil {
				t.Fatal(err)
			}
			return ids(rows)
		}
		if got := found(); len(got) != 0 {
			t.Fatalf("before the upgrade: %v", got)
		}
		if n, err := r.svc.UpgradeTicketFold(ctx); err != nil || n != 1 {
			t.Fatalf("upgrade changed %d tickets, want 1: %v", n, err)
		}
		if got := found(); !slices.Equal(got, []int64{tk.ID}) {
			t.Fatalf("after the upgrade: %v, want [%d]", got, tk.ID)
		}
		if n, err := r.svc.UpgradeTicketFold(ctx); err != nil || n != 0 {
			t.Fatalf("a second upgrade changed %d: %v", n, err)
		}
	})
}
