package qa_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTagPrefixFilterUsesAnIndex: the tags starting with what is typed (the
// tag list's filter, the suggestions while tags are typed) are found through
// an index on either database, also once PostgreSQL plans the prepared
// statement generically (which it does after five runs on a connection):
// neither a scan of every tag nor a walk along tags_popular that filters
// the few matches out of thousands.
func TestTagPrefixFilterUsesAnIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		// Thousands of tags, as a large site has (Stack Overflow some
		// 65,000): with few, scanning them all is the cheaper plan.
		fill := `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO tags (name, question_count, created_at) SELECT 't' || i, 1 + i % 50, CURRENT_TIMESTAMP FROM n`
		if err := st.DB.Exec(fill).Error; err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		tags := []store.Tag{{Name: "vpn", QuestionCount: 40, CreatedAt: now},
			{Name: "vpn-client", QuestionCount: 3, CreatedAt: now}, {Name: "vmware", QuestionCount: 7, CreatedAt: now}}
		if err := st.DB.Create(tags).Error; err != nil {
			t.Fatal(err)
		}
		if st.Dialect == store.Postgres {
			if err := st.DB.Exec("ANALYZE tags").Error; err != nil {
				t.Fatal(err)
			}
		}

		// The statements the filter runs, as sent.
		type statement struct {
			sql  string
			vars []any
		}
		var mu sync.Mutex
		var seen []statement
		record := func(db *gorm.DB) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, statement{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
		}
		if err := st.DB.Callback().Query().After("gorm:query").Register("test:record", record); err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Callback().Row().After("gorm:row").Register("test:record", record); err != nil {
			t.Fatal(err)
		}
		got, total, err := newService(st).Tags(ctx, qa.TagQuery{Filter: "VP", PageSize: 6})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(got) != 2 || got[0].Name != "vpn" || got[1].Name != "vpn-client" {
			t.Fatalf("filter VP: %d %+v", total, got)
		}
		if len(seen) != 2 {
			t.Fatalf("statements: %+v", seen)
		}
		for _, s := range seen {
			if st.Dialect == store.SQLite {
				plan := explain(t, st, "", s.sql, s.vars)
				if !strings.Contains(plan, "INDEX tags_name (name>? AND name<?)") || strings.Contains(plan, "tags_popular") {
					t.Errorf("%s\nplan:\n%s", s.sql, plan)
				}
				continue
			}
			for _, mode := range []string{"force_custom_plan", "force_generic_plan"} {
				plan := explain(t, st, mode, s.sql, s.vars)
				if !strings.Contains(plan, "tags_name_prefix") || strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "tags_popular") {
					t.Errorf("%s\n%s:\n%s", s.sql, mode, plan)
				}
			}
		}
	})
}

// explain is the plan of a statement; on PostgreSQL of it prepared, planned
// in the given plan_cache_mode: the custom plan of its first runs, or the
// generic one the planner may settle on.
func explain(t *testing.T, st *store.Store, mode, sql string, vars []any) string {
	t.Helper()
	ctx := context.Background()
	sqlDB, err := st.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	query, args := "EXPLAIN QUERY PLAN "+sql, vars
	if st.Dialect == store.Postgres {
		lits := make([]string, len(vars))
		for i, v := range vars {
			switch v := v.(type) {
			case string:
				lits[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
			default:
				lits[i] = fmt.Sprint(v)
			}
		}
		for _, s := range []string{"SET plan_cache_mode = " + mode, "PREPARE planned AS " + sql} {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		defer conn.ExecContext(ctx, "DEALLOCATE planned; RESET plan_cache_mode")
		query, args = "EXPLAIN EXECUTE planned("+strings.Join(lits, ", ")+")", nil
	}
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals[len(vals)-1])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
