package deflection_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/auth"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// tickets files one ticket per subject (the employee's, an hour apart).
func (r *rig) tickets(t *testing.T, emp *store.User, subjects ...string) []int64 {
	t.Helper()
	ids := make([]int64, len(subjects))
	for i, subject := range subjects {
		s := r.start(t, deflection.Who{User: emp}, fmt.Sprintf("2026-03-02 %02d:00", 1+i), "printer on floor 3 is offline")
		ids[i] = r.outcome(t, deflection.Who{User: emp}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket(subject)}).Ticket.ID
	}
	return ids
}

func ids(rows []deflection.TicketRow) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

func sameIDs(a, b []int64) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// TestTicketAssignment: a hotline agent takes an open ticket (theirs, with
// the time), nobody else can take it until they or an administrator
// release it; any agent may still resolve it, which lets go of it. The
// queue's filters "mine" and "unassigned" and the ticket page's next
// ticket follow who holds what; the employee does not see it.
func TestTicketAssignment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		hot1 := storetest.User(t, st, "hot1", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two", "Printer offline three")

		for _, u := range []*store.User{emp, ana} {
			if _, err := r.svc.Take(ctx, u, tk[0]); !errs.Is(err, errs.Forbidden) {
				t.Fatalf("%s takes: %v", u.Username, err)
			}
			if _, err := r.svc.Release(ctx, u, tk[0]); !errs.Is(err, errs.Forbidden) {
				t.Fatalf("%s releases: %v", u.Username, err)
			}
		}
		if _, err := r.svc.Take(ctx, hot1, 99999); !errs.Is(err, errs.NotFound) {
			t.Fatalf("take a missing ticket: %v", err)
		}
		r.clk.Set("2026-03-02 10:00")
		row, err := r.svc.Take(ctx, hot1, tk[0])
		if err != nil || row.AssignedTo == nil || *row.AssignedTo != hot1.ID || row.AssignedAt == nil || !row.AssignedAt.Equal(at("2026-03-02 10:00")) {
			t.Fatalf("hot1 takes: %v %+v", err, row)
		}
		r.clk.Set("2026-03-02 10:30")
		if row, err = r.svc.Take(ctx, hot1, tk[0]); err != nil || !row.AssignedAt.Equal(at("2026-03-02 10:00")) {
			t.Fatalf("hot1 takes their own again: %v %+v (want it unchanged)", err, row)
		}
		_, err = r.svc.Take(ctx, hot2, tk[0])
		if !errs.Is(err, errs.Conflict) || errs.As(err).Msg.ID != "ticket.held" || !strings.Contains(err.Error(), "hot1 holds this ticket") {
			t.Fatalf("hot2 takes hot1's ticket: %v", err)
		}
		if _, err := r.svc.Release(ctx, hot2, tk[0]); !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), "hot1") {
			t.Fatalf("hot2 releases hot1's ticket: %v", err)
		}
		// The employee sees the ticket, not who holds it; the analyst does.
		if own, err := r.svc.TicketByID(ctx, emp, tk[0]); err != nil || own.AssignedTo != nil || own.AssignedAt != nil {
			t.Fatalf("the employee sees who holds their ticket: %v %+v", err, own)
		}
		if seen, err := r.svc.TicketByID(ctx, ana, tk[0]); err != nil || seen.AssignedTo == nil {
			t.Fatalf("the analyst does not see who holds it: %v %+v", err, seen)
		}

		list := func(u *store.User, f deflection.TicketFilter) []int64 {
			t.Helper()
			f.Order = "oldest"
			rows, total, err := r.svc.Tickets(ctx, u, f)
			if err != nil || int(total) != len(rows) {
				t.Fatalf("tickets %+v: %v (total %d)", f, err, total)
			}
			return ids(rows)
		}
		if got := list(hot1, deflection.TicketFilter{Assigned: "me"}); !sameIDs(got, tk[:1]) {
			t.Errorf("hot1's own: %v, want %v", got, tk[:1])
		}
		if got := list(hot2, deflection.TicketFilter{Assigned: "me"}); len(got) != 0 {
			t.Errorf("hot2's own: %v, want none", got)
		}
		if got := list(hot2, deflection.TicketFilter{Status: "open", Assigned: "none"}); !sameIDs(got, tk[1:]) {
			t.Errorf("unassigned: %v, want %v", got, tk[1:])
		}
		if _, _, err := r.svc.Tickets(ctx, hot1, deflection.TicketFilter{Assigned: "them"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("assigned=them: %v", err)
		}

		// The next ticket skips what another agent holds, not one's own.
		next := func(u *store.User, from int64) int64 {
			t.Helper()
			n, err := r.svc.NextOpenTicket(ctx, u, from)
			if err != nil {
				t.Fatal(err)
			}
			if n == nil {
				return 0
			}
			return n.ID
		}
		if got := next(hot2, tk[1]); got != tk[2] {
			t.Errorf("hot2's next from #%d: #%d, want #%d (#%d is hot1's)", tk[1], got, tk[2], tk[0])
		}
		if got := next(hot1, tk[1]); got != tk[0] {
			t.Errorf("hot1's next from #%d: #%d, want their own #%d", tk[1], got, tk[0])
		}
		if _, err := r.svc.Take(ctx, hot2, tk[2]); err != nil {
			t.Fatal(err)
		}
		if got := next(hot1, tk[0]); got != tk[1] {
			t.Errorf("hot1's next from #%d: #%d, want #%d", tk[0], got, tk[1])
		}
		if got := next(hot1, tk[1]); got != tk[0] {
			t.Errorf("hot1's next from #%d: #%d, want #%d", tk[1], got, tk[0])
		}
		if _, err := r.svc.Take(ctx, hot1, tk[1]); err != nil {
			t.Fatal(err)
		}
		if got := next(hot2, tk[2]); got != 0 {
			t.Errorf("hot2's next while hot1 holds the rest: #%d, want none", got)
		}

		// An administrator releases anyone's; then another agent can take it.
		if row, err := r.svc.Release(ctx, admin, tk[0]); err != nil || row.AssignedTo != nil || row.AssignedAt != nil {
			t.Fatalf("admin releases: %v %+v", err, row)
		}
		if _, err := r.svc.Release(ctx, hot2, tk[0]); err != nil {
			t.Fatalf("releasing a ticket nobody holds: %v", err)
		}
		if row, err := r.svc.Take(ctx, hot2, tk[0]); err != nil || *row.AssignedTo != hot2.ID {
			t.Fatalf("hot2 takes the released ticket: %v", err)
		}
		if row, err := r.svc.Release(ctx, hot1, tk[1]); err != nil || row.AssignedTo != nil {
			t.Fatalf("hot1 releases their own: %v", err)
		}

		// Any agent resolves, also a ticket another holds; it is held no more.
		row, err = r.svc.Resolve(ctx, hot1, tk[0], deflection.ResolutionInput{Answer: "Power the printer off and on, then re-add it in the print dialog."})
		if err != nil || row.Status != deflection.TicketResolved || row.AssignedTo != nil || row.AssignedAt != nil {
			t.Fatalf("hot1 resolves hot2's ticket: %v %+v", err, row)
		}
		if _, err := r.svc.Take(ctx, hot2, tk[0]); !errs.Is(err, errs.Conflict) || errs.As(err).Msg.ID != "ticket.already_resolved" {
			t.Fatalf("taking a resolved ticket: %v", err)
		}
		if got := list(hot2, deflection.TicketFilter{Assigned: "me"}); !sameIDs(got, tk[2:]) {
			t.Errorf("hot2's own after the resolution: %v, want %v", got, tk[2:])
		}
		// An employee's list is their tickets, whoever holds them: the
		// filter cannot tell them which are held.
		if got := list(emp, deflection.TicketFilter{Assigned: "none"}); !sameIDs(got, tk) {
			t.Errorf("the employee's tickets filtered as unassigned: %v, want all of %v", got, tk)
		}
		// An agent who no longer answers tickets holds none: theirs go back.
		roles := &auth.Service{Store: st, Now: time.Now}
		if _, err := roles.AssignRole(ctx, hot2.ID, store.RoleUser, &admin.ID); err != nil {
			t.Fatal(err)
		}
		if got := list(hot1, deflection.TicketFilter{Status: "open", Assigned: "none"}); !sameIDs(got, tk[1:]) {
			t.Errorf("unassigned after hot2 left the hotline: %v, want %v", got, tk[1:])
		}
	})
}

// TestTicketTakeRace: agents taking the same tickets at once: exactly one
// holds each, every other is told it is held.
func TestTicketTakeRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		agents := []*store.User{storetest.User(t, st, "hot1", store.RoleHotline), storetest.User(t, st, "hot2", store.RoleHotline),
			storetest.User(t, st, "hot3", store.RoleHotline), storetest.User(t, st, "admin", store.RoleAdmin)}
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two", "Printer offline three", "Printer offline four", "Printer offline five")
		for _, id := range tk {
			var wg sync.WaitGroup
			start := make(chan struct{})
			errsOf := make([]error, len(agents))
			for i, a := range agents {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errsOf[i] = r.svc.Take(ctx, a, id)
				}()
			}
			close(start)
			wg.Wait()
			var won []int64
			for i, err := range errsOf {
				switch {
				case err == nil:
					won = append(won, agents[i].ID)
				case errs.As(err).Msg.ID != "ticket.held":
					t.Errorf("#%d: %s: %v", id, agents[i].Username, err)
				}
			}
			var held deflection.Ticket
			st.DB.Where("id = ?", id).Take(&held)
			if len(won) != 1 || held.AssignedTo == nil || *held.AssignedTo != won[0] {
				t.Errorf("#%d: %d agents took it (%v), held by %v", id, len(won), won, held.AssignedTo)
			}
		}
	})
}

// TestTicketSearch: the queue's search finds words in a ticket's subject
// or text whatever their case, in any script, with case folded fully
// ("strasse" finds "Straße" and the other way round), and takes %, _, *, ?
// and [ as the characters they are, never across subject and text; an
// over-long or broken search is refused on its field.
func TestTicketSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		file := func(when, subject, body string) int64 {
			s := r.start(t, deflection.Who{User: emp}, when, "printer on floor 3 is offline")
			return r.outcome(t, deflection.Who{User: emp}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
				Subject: subject, Body: body, Email: "emp@example.com"}}).Ticket.ID
		}
		umlaut := file("2026-03-02 09:00", "ÄRGER mit dem Drucker", "Er druckt nur leere Seiten.")
		percent := file("2026-03-02 10:00", "Disk 100% full", "The laptop says the disk is full [C:] since today.")
		body := file("2026-03-02 11:00", "VPN drops", "It drops every 5 minutes, the VPN client says TIMEOUT_ERR?")
		plain := file("2026-03-02 12:00", "Monitor flickers", "The monitor flickers when it wakes up.")
		street := file("2026-03-02 13:00", "Schranke an der Straße", "Die Schranke zur Tiefgarage öffnet nicht.")
		upper := file("2026-03-02 14:00", "Badge reader broken", "The reader at Hauptstrasse 5 stays red.")
		search := func(q string) []int64 {
			t.Helper()
			rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: q, Order: "oldest"})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return ids(rows)
		}
		for q, want := range map[string][]int64{
			"ärger":        {umlaut},
			"  Drucker ":   {umlaut},
			"LEERE seiten": {umlaut},
			"100%":         {percent},
			"%":            {percent},
			"[c:]":         {percent},
			"timeout_err?": {body},
			"_":            {body},
			"*":            {},
			"drops":        {body},
			"flickers":     {plain},
			"e":            {umlaut, percent, body, plain, street, upper},
			"":             {umlaut, percent, body, plain, street, upper},
			"strasse":      {street, upper},
			"Straße":       {street, upper},
			"STRAẞE":       {street, upper},
			"hauptstraße":  {upper},
			"drops it":     {},
		} {
			if got := search(q); !sameIDs(got, want) {
				t.Errorf("search %q: %v, want %v", q, got, want)
			}
		}
		rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: "full", Status: "open", Assigned: "none"})
		if err != nil || !sameIDs(ids(rows), []int64{percent}) {
			t.Errorf("search with the other filters: %v %v", err, ids(rows))
		}
		for _, q := range []string{strings.Repeat("x", deflection.TicketQueryMax+1), "a\x00b", "\xff"} {
			_, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: q})
			if e := errs.As(err); !errs.Is(err, errs.Invalid) || len(e.Fields) != 1 || e.Fields[0].Field != "q" {
				t.Errorf("search %.20q: %v, want a message on q", q, err)
			}
		}
		if rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: strings.Repeat("x", deflection.TicketQueryMax)}); err != nil || len(rows) != 0 {
			t.Errorf("the longest search: %v %v", err, ids(rows))
		}
		// On PostgreSQL a trigram index can serve the search (the planner
		// takes it when a word is rare; here it is told to avoid reading
		// every row, to show that it can).
		if st.Dialect == store.Postgres {
			cond, pattern := store.ContainsLike("search_fold", "strasse")
			var plan []string
			err := st.DB.Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
					return err
				}
				return tx.Raw("EXPLAIN SELECT id FROM tickets WHERE "+cond, pattern).Scan(&plan).Error
			})
			if err != nil || !strings.Contains(strings.Join(plan, "\n"), "tickets_search_fold") {
				t.Errorf("the search uses no trigram index: %v\n%s", err, strings.Join(plan, "\n"))
			}
		}
	})
}

// TestTicketReleaseByAdminIsAudited: an administrator who releases a
// ticket another agent holds leaves an entry in the audit log about that
// agent, naming the ticket; releasing one's own, or a ticket nobody
// holds, leaves none, and a refused release writes nothing.
func TestTicketReleaseByAdminIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot1 := storetest.User(t, st, "hot1", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two")
		entries := func() []store.AuditEntry {
			t.Helper()
			var out []store.AuditEntry
			if err := st.DB.Where("action = ?", "ticket.release").Order("id").Find(&out).Error; err != nil {
				t.Fatal(err)
			}
			return out
		}
		for _, id := range tk {
			if _, err := r.svc.Take(ctx, hot1, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := r.svc.Release(ctx, hot2, tk[0]); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("hot2 releases hot1's ticket: %v", err)
		}
		if _, err := r.svc.Release(ctx, hot1, tk[1]); err != nil {
			t.Fatal(err)
		}
		if got := entries(); len(got) != 0 {
			t.Fatalf("an agent's own release, or a refused one, is audited: %+v", got)
		}
		r.clk.Set("2026-03-02 11:00")
		if row, err := r.svc.Release(ctx, admin, tk[0]); err != nil || row.AssignedTo != nil {
			t.Fatalf("admin releases hot1's ticket: %v", err)
		}
		got := entries()
		want := fmt.Sprintf("ticket #%d", tk[0])
		if len(got) != 1 || got[0].ActorID == nil || *got[0].ActorID != admin.ID || got[0].TargetType != "user" ||
			got[0].TargetID == nil || *got[0].TargetID != hot1.ID || got[0].Detail != want || !got[0].CreatedAt.Equal(at("2026-03-02 11:00")) {
			t.Fatalf("audit after the admin's release: %+v, want one by admin about hot1 (%d), %q", got, hot1.ID, want)
		}
		// Nobody holds it now; the admin's own ticket is theirs to release.
		if _, err := r.svc.Release(ctx, admin, tk[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Take(ctx, admin, tk[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Release(ctx, admin, tk[1]); err != nil {
			t.Fatal(err)
		}
		if got := entries(); len(got) != 1 {
			t.Fatalf("releases of no one's or one's own ticket audited: %+v", got)
		}
	})
}

// TestTicketHolderNameIsolated: the holder's name in the refusals of take
// and release keeps its own direction when it is written right to left,
// and a left-to-right name is left as it is.
func TestTicketHolderNameIsolated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot1 := storetest.User(t, st, "hot1", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		if err := st.DB.Model(&store.User{}).Where("id = ?", hot1.ID).Update("display_name", "ليلى 2").Error; err != nil {
			t.Fatal(err)
		}
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two")
		if _, err := r.svc.Take(ctx, hot1, tk[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Take(ctx, hot2, tk[1]); err != nil {
			t.Fatal(err)
		}
		isolated := "\u2068ليلى 2\u2069 holds this ticket"
		if _, err := r.svc.Take(ctx, hot2, tk[0]); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), isolated) {
			t.Fatalf("take: %q, want it to hold %q", err, isolated)
		}
		if _, err := r.svc.Release(ctx, hot2, tk[0]); !errs.Is(err, errs.Forbidden) || !strings.Contains(err.Error(), isolated) {
			t.Fatalf("release: %q, want it to hold %q", err, isolated)
		}
		if _, err := r.svc.Take(ctx, hot1, tk[1]); err == nil || !strings.HasPrefix(errs.As(err).Error(), "hot2 holds") {
			t.Fatalf("a left-to-right name: %q", err)
		}
	})
}

// TestDeactivatedAgentTakesNoTicket: a request of an agent whose account
// was deactivated meanwhile (it was let in before) cannot take a ticket,
// which would stay held by nobody who can work on it.
func TestDeactivatedAgentTakesNoTicket(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		tk := r.tickets(t, emp, "Printer offline")
		if _, err := (&auth.Service{Store: st, Now: time.Now}).SetActive(ctx, admin, hot.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Take(ctx, hot, tk[0]); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a deactivated agent takes a ticket: %v", err)
		}
		var held *int64
		if err := st.DB.Table("tickets").Select("assigned_to").Where("id = ?", tk[0]).Scan(&held).Error; err != nil {
			t.Fatal(err)
		}
		if held != nil {
			t.Fatalf("the ticket is held by %d", *held)
		}
	})
}
