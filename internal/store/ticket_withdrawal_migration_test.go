package store_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTicketWithdrawalMigrationDown: undoing migration 00050 leaves no
// ticket the code before it cannot handle: a withdrawn one reads as
// resolved when it was withdrawn, its reason kept as its resolution.
func TestTicketWithdrawalMigrationDown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		for _, reason := range []string{"I found the answer", ""} {
			if err := st.DB.Exec("INSERT INTO tickets (subject, body, status, withdrawn_at, withdrawal_reason, created_at, updated_at) VALUES (?, ?, 'withdrawn', ?, ?, ?, ?)",
				"Dock", "No picture.", now, reason, now, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		for {
			v, err := st.MigrateDownOne(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v == 50 {
				break
			}
		}
		var rows []struct {
			Status     string
			Resolution string
			ResolvedAt *time.Time
		}
		st.DB.Raw("SELECT status, resolution, resolved_at FROM tickets ORDER BY id").Scan(&rows)
		if len(rows) != 2 || rows[0].Status != "resolved" || rows[0].Resolution != "Withdrawn by the employee: I found the answer" ||
			rows[1].Resolution != "Withdrawn by the employee." || rows[0].ResolvedAt == nil || !rows[0].ResolvedAt.Equal(now) {
			t.Fatalf("after undoing 00050: %+v", rows)
		}
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
