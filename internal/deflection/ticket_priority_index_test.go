package deflection_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestPriorityQueueReadsAnIndex: the hotline's queue sorted by priority
// (open tickets, the most urgent first, the oldest first within one) is
// read in the order of an index (migration 00052), not sorted: the query
// the ticket list really sends is caught and explained on both databases.
func TestPriorityQueueReadsAnIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline", "Dock gives no picture", "VPN drops hourly")
		if _, err := r.svc.SetPriority(ctx, hot, tk[2], deflection.PriorityUrgent); err != nil {
			t.Fatal(err)
		}
		// The list's query, as sent: the one that orders by priority.
		var sql string
		const name = "test:catch_priority_queue"
		if err := st.DB.Callback().Query().After("gorm:query").Register(name, func(db *gorm.DB) {
			if s := db.Statement.SQL.String(); strings.Contains(s, "ORDER BY CASE priority") {
				sql = db.Dialector.Explain(s, db.Statement.Vars...)
			}
		}); err != nil {
			t.Fatal(err)
		}
		rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: deflection.TicketOpen, Order: deflection.OrderPriority, PageSize: 30})
		if err := st.DB.Callback().Query().Remove(name); err != nil {
			t.Fatal(err)
		}
		if err != nil || !sameIDs(ids(rows), []int64{tk[2], tk[0], tk[1]}) {
			t.Fatalf("the queue by priority: %v %v", ids(rows), err)
		}
		if sql == "" {
			t.Fatal("the ticket list sent no query ordered by priority")
		}
		var plan string
		if st.Dialect == store.SQLite {
			var steps []struct{ Detail string }
			if err := st.DB.Raw("EXPLAIN QUERY PLAN " + sql).Scan(&steps).Error; err != nil {
				t.Fatal(err)
			}
			for _, s := range steps {
				plan += s.Detail + "\n"
			}
		} else {
			// The planner reads a table this small whole; told to avoid
			// sorting and reading every row, it shows that the index serves.
			var lines []string
			err := st.DB.Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
					return err
				}
				if err := tx.Exec("SET LOCAL enable_sort = off").Error; err != nil {
					return err
				}
				return tx.Raw("EXPLAIN " + sql).Scan(&lines).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			plan = strings.Join(lines, "\n")
		}
		if !strings.Contains(plan, "tickets_status_priority_rank") || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort") {
			t.Errorf("the queue by priority is not read in an index's order:\n%s\n%s", sql, plan)
		}
	})
}
