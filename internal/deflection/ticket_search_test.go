package deflection_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTicketSearchByNumberAndFiler: an agent on the phone is given a
// ticket's number or a caller's name. The queue's search finds a ticket by
// its number ("13" or "#13", beside the tickets whose text has it), and,
// for those who may see who filed tickets, by the start of the filer's
// username, of a word of their display name or of their account's address,
// as the account reads now, whatever the case, and by the start of the
// address given on a ticket filed without logging in. Analysts, who see no
// contacts, find by text and number alone; an employee finds only their
// own tickets by number.
func TestTicketSearchByNumberAndFiler(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emma := storetest.User(t, st, "emma.neu", store.RoleUser)
		ben := storetest.User(t, st, "bokafor", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		for u, name := range map[*store.User]string{emma: "Emma Neu", ben: "Ben Okafor-Lind"} {
			if err := st.DB.Model(u).Update("display_name", name).Error; err != nil {
				t.Fatal(err)
			}
		}
		file := func(who deflection.Who, when, subject, body, email string) int64 {
			t.Helper()
			s := r.start(t, who, when, "something is broken")
			return r.outcome(t, who, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
				Subject: subject, Body: body, Email: email}}).Ticket.ID
		}
		garage := file(deflection.Who{User: emma}, "2026-03-02 09:00", "Garage door stuck", "The barrier stays down.", "")
		later := file(deflection.Who{User: ben}, "2026-03-02 10:00", "Badge again",
			fmt.Sprintf("Same as ticket #%d, my badge is refused at the garage.", garage), "ben.private@example.net")
		anon := file(deflection.Who{Visitor: "v1"}, "2026-03-02 11:00", "Projector in room 5 flickers", "", "Visitor.Gast@Example.ORG")
		search := func(u *store.User, q string) []int64 {
			t.Helper()
			rows, _, err := r.svc.Tickets(ctx, u, deflection.TicketFilter{Query: q, Order: "oldest"})
			if err != nil {
				t.Fatalf("%s searches %q: %v", u.Username, q, err)
			}
			return ids(rows)
		}
		number := fmt.Sprint(garage)
		for q, want := range map[string][]int64{
			number:                              {garage, later}, // the ticket, and the one whose text names it
			"#" + number:                        {garage, later},
			fmt.Sprint(anon):                    {anon},
			"#" + fmt.Sprint(anon):              {anon},
			"0":                                 {},
			"#":                                 {later}, // in its text
			"99999999999999999999999":           {},
			"emma":                              {garage},
			"EMMA":                              {garage},
			"neu":                               {garage},
			"emma neu":                          {garage},
			"emma.neu@example.com":              {garage}, // her account's address (storetest's), not given on the form
			"Emma.Neu@":                         {garage},
			"okafor":                            {later},
			"lind":                              {later}, // a hyphen parts words
			"bokafor":                           {later},
			"ben.private@example.net":           {later}, // the address given on the ticket
			"visitor.gast@example.org":          {anon},
			"VISITOR.GAST":                      {anon},
			"mma":                               {}, // the start of a name or a word, not any part
			"example.com":                       {},
			"garage":                            {garage, later}, // text as before
			"projector":                         {anon},
			" #" + number + " ":                 {garage, later},
			fmt.Sprintf("##%d", garage):         {},
			fmt.Sprintf("0%d", garage):          {garage}, // a number with a leading zero is the same number
			fmt.Sprintf("#0%d", garage):         {garage},
			fmt.Sprintf("# %d", garage):         {},
			fmt.Sprintf("%d%d", garage, garage): {},
		} {
			if got := search(hot, q); !sameIDs(got, want) {
				t.Errorf("the hotline searches %q: %v, want %v", q, got, want)
			}
		}
		// As the account reads now: a new name is found, the old one no more.
		if err := st.DB.Model(emma).Update("display_name", "Emma Schulz").Error; err != nil {
			t.Fatal(err)
		}
		if got := search(hot, "schulz"); !sameIDs(got, []int64{garage}) {
			t.Errorf("the new name: %v", got)
		}
		if got := search(hot, "neu"); len(got) != 0 {
			t.Errorf("the old name still finds %v", got)
		}
		// The other filters still apply.
		if rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: "#" + number, Status: deflection.TicketResolved}); err != nil || len(rows) != 0 {
			t.Errorf("the number with another status: %v %v", ids(rows), err)
		}
		// Analysts see no contacts: they find no ticket by who filed it.
		for q, want := range map[string][]int64{"#" + number: {garage, later}, "emma": {}, "okafor": {}, "visitor.gast": {}, "garage": {garage, later}} {
			if got := search(ana, q); !sameIDs(got, want) {
				t.Errorf("an analyst searches %q: %v, want %v", q, got, want)
			}
		}
		// An employee finds their own tickets alone, by number too.
		if got := search(emma, "#"+number); !sameIDs(got, []int64{garage}) {
			t.Errorf("the employee searches their number: %v", got)
		}
		if got := search(emma, fmt.Sprint(later)); len(got) != 0 {
			t.Errorf("the employee finds another's ticket by number: %v", got)
		}
	})
}

// TestTicketSearchByFilerReadsIndexes: the search by who filed a ticket
// reads no table whole on PostgreSQL: the queries the list really sends
// (the accounts that match, then the tickets) are caught and explained,
// with the planner told to take neither a sequential nor a plain index
// scan, which leaves it bitmap scans, possible only when every part of the
// condition has an index (migration 00056 the addresses').
func TestTicketSearchByFilerReadsIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if st.Dialect != store.Postgres {
			return // SQLite reads every ticket for the text anyway
		}
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline")
		var sqls []string
		const name = "test:catch_ticket_search"
		if err := st.DB.Callback().Query().After("gorm:query").Register(name, func(db *gorm.DB) {
			if s := db.Statement.SQL.String(); strings.Contains(s, "search_fold LIKE") || strings.Contains(s, "display_name") {
				sqls = append(sqls, db.Dialector.Explain(s, db.Statement.Vars...))
			}
		}); err != nil {
			t.Fatal(err)
		}
		rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Query: "emp@example", Order: "oldest"})
		if err := st.DB.Callback().Query().Remove(name); err != nil {
			t.Fatal(err)
		}
		if err != nil || !sameIDs(ids(rows), tk) {
			t.Fatalf("the search: %v %v", ids(rows), err)
		}
		if len(sqls) < 3 { // the accounts, the count, the page
			t.Fatalf("caught %d queries: %q", len(sqls), sqls)
		}
		want := map[string]bool{"users_email_prefix": false, "users_display_words_trgm": false, "users_username_prefix": false,
			"tickets_email_prefix": false, "tickets_search_fold": false, "tickets_user": false}
		for _, sql := range sqls {
			var lines []string
			err := st.DB.Transaction(func(tx *gorm.DB) error {
				for _, off := range []string{"enable_seqscan", "enable_indexscan", "enable_indexonlyscan"} {
					if err := tx.Exec("SET LOCAL " + off + " = off").Error; err != nil {
						return err
					}
				}
				return tx.Raw("EXPLAIN " + sql).Scan(&lines).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			plan := strings.Join(lines, "\n")
			if strings.Contains(plan, "Seq Scan") {
				t.Errorf("the search reads a table whole:\n%s\n%s", sql, plan)
			}
			for index := range want {
				if strings.Contains(plan, index) {
					want[index] = true
				}
			}
		}
		for index, used := range want {
			if !used {
				t.Errorf("no query reads %s: %q", index, sqls)
			}
		}
	})
}
