package store_test

import (
	"context"
	"testing"

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
