package store_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTicketMessagesMigrationDown: undoing migration 00045 leaves nothing
// the code before it cannot handle: a waiting ticket is open again (else
// it could be neither taken nor resolved) and the hotline's message mails
// (deliveries of channel reply) are gone; other deliveries stay.
func TestTicketMessagesMigrationDown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		for _, status := range []string{"waiting", "resolved"} {
			if err := st.DB.Exec("INSERT INTO tickets (subject, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
				"Dock "+status, "No picture.", status, now, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		var waiting int64
		st.DB.Raw("SELECT id FROM tickets WHERE status = 'waiting'").Scan(&waiting)
		for _, ch := range []string{"reply", "email"} {
			if err := st.DB.Exec("INSERT INTO deliveries (ticket_id, channel, payload, next_attempt_at, created_at, updated_at) VALUES (?, ?, '{}', ?, ?, ?)",
				waiting, ch, now, now, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		for {
			v, err := st.MigrateDownOne(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v == 45 {
				break
			}
		}
		var statuses, channels []string
		st.DB.Raw("SELECT status FROM tickets ORDER BY id").Scan(&statuses)
		st.DB.Raw("SELECT channel FROM deliveries ORDER BY id").Scan(&channels)
		if len(statuses) != 2 || statuses[0] != "open" || statuses[1] != "resolved" || len(channels) != 1 || channels[0] != "email" {
			t.Fatalf("after undoing 00045: tickets %v, deliveries %v", statuses, channels)
		}
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
