package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestMigrationsApplyOnBothDatabases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		statuses, err := st.MigrationStatuses(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(statuses) == 0 {
			t.Fatal("no migrations known")
		}
		for _, s := range statuses {
			if !s.Applied {
				t.Errorf("migration %d %s not applied", s.Version, s.Name)
			}
		}
		pending, err := st.HasPendingMigrations(ctx)
		if err != nil || pending {
			t.Fatalf("pending=%v err=%v", pending, err)
		}
		applied, err := st.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, err %v", applied, err)
		}
		var n int64
		if err := st.DB.Table("counters").Where("name = ?", "questions").Select("value").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("questions counter = %d", n)
		}
	})
}

func TestUniqueViolationIsRecognised(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		u := store.User{Username: "ada", DisplayName: "Ada", Role: store.RoleUser, Reputation: 1}
		if err := st.DB.Create(&u).Error; err != nil {
			t.Fatal(err)
		}
		dup := store.User{Username: "ada", DisplayName: "Ada 2", Role: store.RoleUser, Reputation: 1}
		err := st.DB.Create(&dup).Error
		if err == nil || !store.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
	})
}

// TestSQLiteTransactionsTakeTheWriteLockAtOnce checks that a transaction on
// SQLite holds the write lock from its start: another connection that does
// not wait cannot write meanwhile. (A deferred transaction would let it, and
// then fail at its own first write, without waiting, with SQLITE_BUSY.)
func TestSQLiteTransactionsTakeTheWriteLockAtOnce(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	sqlDB, err := st.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT value FROM counters WHERE name = 'questions'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	other, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		t.Fatal(err)
	}
	defer other.ExecContext(ctx, "PRAGMA busy_timeout = 10000")
	const bump = "UPDATE counters SET value = value + 1 WHERE name = 'questions'"
	if _, err := other.ExecContext(ctx, bump); err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
		t.Fatalf("a write beside an open transaction: err %v, want SQLITE_BUSY", err)
	}
	if _, err := tx.ExecContext(ctx, bump); err != nil {
		t.Fatalf("the transaction's own write after its read: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := other.ExecContext(ctx, bump); err != nil {
		t.Fatalf("a write after the commit: %v", err)
	}
	if err := other.QueryRowContext(ctx, "SELECT value FROM counters WHERE name = 'questions'").Scan(&n); err != nil || n != 2 {
		t.Fatalf("counter = %d (%v), want 2", n, err)
	}
}

// TestPrefixRange finds, on either database, exactly the names that start
// with a prefix, Go's strings.HasPrefix being the judge: every start of
// names in several scripts, with the characters next to the surrogates and
// the last one there is, whose successors are special.
func TestPrefixRange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		names := []string{"v", "vp", "vpn", "vpn-client", "vq", "vo", "c", "c#", "c++", "cz", ".net", "..", "u", "uber",
			"ü", "über", "übung", "打", "打印机", "扔", "x\ud7ff", "x\ud7ffy", "x\ue000", "y\U0010ffff", "y\U0010ffffz", "z"}
		now := time.Now().UTC()
		for _, n := range names {
			if err := st.DB.Create(&store.Tag{Name: n, CreatedAt: now}).Error; err != nil {
				t.Fatal(err)
			}
		}
		prefixes := map[string]bool{"\U0010ffff": true, "w": true}
		for _, n := range names {
			for i := range []rune(n) {
				prefixes[string([]rune(n)[:i+1])] = true
			}
		}
		for p := range prefixes {
			cond, args := st.PrefixRange("name", p)
			var got []string
			if err := st.DB.Model(&store.Tag{}).Where(cond, args...).Order("id").Pluck("name", &got).Error; err != nil {
				t.Fatalf("%q: %v", p, err)
			}
			var want []string
			for _, n := range names {
				if strings.HasPrefix(n, p) {
					want = append(want, n)
				}
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%q (%s %q): %q, want %q", p, cond, args, got, want)
			}
		}
	})
}

// TestMigrationsDownReverseUp undoes every migration, newest first, then
// applies them again one by one: each Down step must run and leave the
// schema exactly as it was before its Up, so applying that Up again gives
// the schema it gave the first time.
func TestMigrationsDownReverseUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		statuses, err := st.MigrationStatuses(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// below[i] is the schema with the migrations before statuses[i].
		below := make([]string, len(statuses))
		top := strings.Join(schema(t, st), "\n")
		for i := len(statuses) - 1; i >= 0; i-- {
			v, err := st.MigrateDownOne(ctx)
			if err != nil {
				t.Fatalf("down from %d: %v", statuses[i].Version, err)
			}
			if v != statuses[i].Version {
				t.Fatalf("down undid %d, want %d", v, statuses[i].Version)
			}
			below[i] = strings.Join(schema(t, st), "\n")
		}
		if below[0] != "" {
			t.Errorf("after every Down step the schema still has %q", below[0])
		}
		for i, m := range statuses {
			if got := strings.Join(schema(t, st), "\n"); got != below[i] {
				t.Fatalf("below migration %d the Down steps left a schema other than the Up steps give "+
					"(some Down step from %d on left or removed these): %s", m.Version, m.Version, lineDiff(below[i], got, "left", "removed"))
			}
			if _, err := st.MigrateUpOne(ctx); err != nil {
				t.Fatalf("up to %d again after its Down: %v", m.Version, err)
			}
		}
		if got := strings.Join(schema(t, st), "\n"); got != top {
			t.Errorf("schema after down and up differs: %s", lineDiff(top, got, "lost", "gained"))
		}
	})
}

// schema lists the tables, columns and indexes of the database, apart from
// the migration tool's own table.
func schema(t *testing.T, st *store.Store) []string {
	t.Helper()
	// SQLite keeps a table's CREATE text, which ALTER TABLE rewrites, so
	// its columns, keys and indexes are read one by one instead.
	q := `SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' ' || c."notnull" || ' ' ||
			COALESCE(c.dflt_value, '') || ' ' || c.pk
		FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT LIKE 'goose%' AND m.name NOT LIKE 'sqlite_%'
		UNION ALL
		SELECT 'key ' || m.name || '.' || f."from" || ' ' || f."table" || '.' || COALESCE(f."to", '') || ' ' || f.on_delete
		FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND m.name NOT LIKE 'goose%' AND m.name NOT LIKE 'sqlite_%'
		UNION ALL
		SELECT 'index ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master
		WHERE type IN ('index', 'trigger', 'view') AND tbl_name NOT LIKE 'goose%' AND name NOT LIKE 'sqlite_%'
		ORDER BY 1`
	if st.Dialect == store.Postgres {
		q = `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' ||
				is_nullable || ' ' || COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'goose%'
			UNION ALL
			SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'goose%'
			UNION ALL
			SELECT 'constraint ' || conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'goose%'
			ORDER BY 1`
	}
	var out []string
	if err := st.DB.Raw(q).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

// lineDiff lists the lines only want has (as onlyWant) and only got has (as
// onlyGot) of two schema listings.
func lineDiff(want, got, onlyWant, onlyGot string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range slices.Sorted(maps.Keys(w)) {
		if !g[l] {
			fmt.Fprintf(&b, "\n  %s: %s", onlyWant, l)
		}
	}
	for _, l := range slices.Sorted(maps.Keys(g)) {
		if !w[l] {
			fmt.Fprintf(&b, "\n  %s: %s", onlyGot, l)
		}
	}
	return b.String()
}
