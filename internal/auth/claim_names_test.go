package auth_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestClaimPicksAFreeUsername: an imported account whose username claims a
// role is renamed "user-ID" when claimed, or the first free "user-ID-N"
// when that is taken; and when another transaction takes the name chosen at
// the very moment of the claim (a sign-up or an import, committed after the
// claim looked the name up), the claim takes the next free name instead of
// failing.
func TestClaimPicksAFreeUsername(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
		a := &auth.Service{Store: st, Now: func() time.Time { return now }, BcryptCost: 4, SessionTTL: time.Hour}
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		imported := func(username string) (*store.User, string) {
			t.Helper()
			u := storetest.User(t, st, username, store.RoleUser)
			if err := st.DB.Exec("INSERT INTO import_ids (site, kind, source_id, target_id) VALUES ('dump', 'user', ?, ?)", u.ID, u.ID).Error; err != nil {
				t.Fatal(err)
			}
			secret, _, err := a.CreatePasswordLink(ctx, admin, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return u, secret
		}
		username := func(id int64) string {
			t.Helper()
			var u store.User
			if err := st.DB.First(&u, id).Error; err != nil {
				t.Fatal(err)
			}
			return u.Username
		}

		// Taken names are passed over.
		ann, secret := imported("helpdesk-ann")
		base := "user-" + strconv.FormatInt(ann.ID, 10)
		storetest.User(t, st, base, store.RoleUser)
		storetest.User(t, st, base+"-2", store.RoleUser)
		if u, _, err := a.SetPasswordWithLink(ctx, secret, "correct horse battery"); err != nil || u.Username != base+"-3" {
			t.Fatalf("claim with %s and %s-2 taken: %v, %v; want %s-3", base, base, u, err, base)
		}
		if got := username(ann.ID); got != base+"-3" {
			t.Errorf("stored username %q, want %s-3", got, base)
		}

		// The name is taken by a transaction that commits while the claim
		// writes it.
		bob, secret := imported("sysadmin-bob")
		base = "user-" + strconv.FormatInt(bob.ID, 10)
		holder := st.DB.Begin()
		if holder.Error != nil {
			t.Fatal(holder.Error)
		}
		email := base + "@example.com"
		other := &store.User{Username: base, DisplayName: "Someone", Email: &email, Role: store.RoleUser, Reputation: 1, CreatedAt: now, UpdatedAt: now}
		if err := holder.Create(other).Error; err != nil {
			holder.Rollback()
			t.Fatal(err)
		}
		type result struct {
			u   *store.User
			err error
		}
		done := make(chan result, 1)
		go func() {
			u, _, err := a.SetPasswordWithLink(ctx, secret, "correct horse battery")
			done <- result{u, err}
		}()
		var early *result
		if st.Dialect == store.Postgres {
			// Wait until the claim waits on the name the holder inserted
			// (SQLite's claim waits for the holder's write lock as it begins).
			deadline := time.Now().Add(20 * time.Second)
			for early == nil {
				var waiting int64
				if err := st.DB.Raw("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&waiting).Error; err != nil {
					holder.Rollback()
					t.Fatal(err)
				}
				if waiting > 0 {
					break
				}
				if time.Now().After(deadline) {
					holder.Rollback()
					t.Fatal("the claim never waited for the name the other transaction holds")
				}
				select {
				case r := <-done:
					early = &r
				case <-time.After(5 * time.Millisecond):
				}
			}
		}
		if err := holder.Commit().Error; err != nil {
			t.Fatal(err)
		}
		r := early
		if r == nil {
			got := <-done
			r = &got
		}
		if r.err != nil || r.u.Username != base+"-2" {
			t.Fatalf("claim while %s was taken at the same moment: %v, %v; want %s-2", base, r.u, r.err, base)
		}
		if got, other := username(bob.ID), username(other.ID); got != base+"-2" || other != base {
			t.Errorf("usernames %q (claimed) and %q (the other), want %s-2 and %s", got, other, base, base)
		}
		if _, err := a.Authenticate(ctx, base+"-2", "correct horse battery"); err != nil {
			t.Errorf("the claimed account cannot log in by its new name: %v", err)
		}
	})
}
