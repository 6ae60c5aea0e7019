package store_test

import (
	"context"
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
