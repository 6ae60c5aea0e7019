package auth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestAuditLogOfOnePersonUsesAnIndex: the audit log of one person, by
// actor_id or by user_id, counted and paged as AuditLog does, is read
// through the index audit_log_actor on both databases, not by scanning the
// whole log.
func TestAuditLogOfOnePersonUsesAnIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// A log of 4,000 entries by and about 200 people (the log keeps
		// ids, not references), then fresh statistics.
		now := time.Now().UTC()
		users := make([]int64, 200)
		for i := range users {
			users[i] = int64(i + 1)
		}
		entries := make([]store.AuditEntry, 4000)
		for i := range entries {
			actor, target := users[i%len(users)], users[(i*7)%len(users)]
			entries[i] = store.AuditEntry{ActorID: &actor, Action: "delete", TargetType: "post", TargetID: &target, CreatedAt: now}
			if i%5 == 0 {
				entries[i].Action, entries[i].TargetType = "role", "user"
			}
		}
		if err := st.DB.CreateInBatches(entries, 500).Error; err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Exec("ANALYZE").Error; err != nil {
			t.Fatal(err)
		}
		for name, f := range map[string]AuditFilter{"actor_id": {ActorID: users[7]}, "user_id": {UserID: users[7]}} {
			for what, build := range map[string]func(tx *gorm.DB) *gorm.DB{
				"count": func(tx *gorm.DB) *gorm.DB { var n int64; return auditQuery(tx, f).Count(&n) },
				"page": func(tx *gorm.DB) *gorm.DB {
					var rows []store.AuditEntry
					return auditPage(auditQuery(tx, f), 1, 50).Find(&rows)
				},
			} {
				plan := explain(t, st, st.DB.ToSQL(build))
				if !strings.Contains(plan, "audit_log_actor") {
					t.Errorf("%s by %s reads no index audit_log_actor:\n%s", what, name, plan)
				}
			}
		}
	})
}

// explain returns the database's plan for query, one step a line.
func explain(t *testing.T, st *store.Store, query string) string {
	t.Helper()
	prefix := "EXPLAIN "
	if st.DB.Dialector.Name() != "postgres" {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := st.DB.Raw(prefix + query).Rows()
	if err != nil {
		t.Fatalf("%s%s: %v", prefix, query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		// PostgreSQL's plan is its one column; SQLite's is the last (detail).
		v := vals[len(vals)-1]
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		lines = append(lines, fmt.Sprint(v))
	}
	return query + "\n" + strings.Join(lines, "\n")
}
