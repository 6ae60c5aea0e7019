package auth_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestSessionMaximumAge: a session slides by its idle lifetime but its
// expiry never passes its absolute lifetime after log-in; and a session
// older than the absolute lifetime ends (and is pruned) even when its
// stored expiry says later, as after the lifetime was shortened.
func TestSessionMaximumAge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		now := start
		clock := func() time.Time { return now }
		a := &auth.Service{Store: st, Now: clock, BcryptCost: 4, SessionTTL: time.Hour, SessionMaxAge: 3 * time.Hour}
		u := storetest.User(t, st, "ada", store.RoleUser)
		token, err := a.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		expiry := func() time.Time {
			t.Helper()
			var s store.Session
			if err := st.DB.Take(&s).Error; err != nil {
				t.Fatal(err)
			}
			return s.ExpiresAt.UTC()
		}
		if got := expiry(); !got.Equal(start.Add(time.Hour)) {
			t.Fatalf("a new session expires at %v, want an idle hour on", got)
		}
		for i := 1; i <= 4; i++ {
			now = start.Add(time.Duration(i) * 40 * time.Minute)
			if _, err := a.UserBySession(ctx, token); err != nil {
				t.Fatalf("at %v: %v", now.Sub(start), err)
			}
		}
		if got := expiry(); !got.Equal(start.Add(3 * time.Hour)) {
			t.Fatalf("used at 2h40m, the session expires at %v, want its maximum age (%v)", got, start.Add(3*time.Hour))
		}

		// The same sessions seen by a process whose maximum age is 2 hours.
		shorter := &auth.Service{Store: st, Now: clock, BcryptCost: 4, SessionTTL: time.Hour, SessionMaxAge: 2 * time.Hour}
		now = start.Add(2*time.Hour + time.Minute)
		if _, err := shorter.UserBySession(ctx, token); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("a session past the maximum age, its stored expiry later: %v", err)
		}
		if _, err := a.UserBySession(ctx, token); err != nil {
			t.Fatalf("within the longer maximum age: %v", err)
		}
		fresh, err := shorter.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := shorter.PruneSessions(ctx); err != nil || n != 1 {
			t.Fatalf("pruned %d sessions (%v), want the one past the maximum age", n, err)
		}
		if _, err := shorter.UserBySession(ctx, fresh); err != nil {
			t.Fatalf("pruning ended a new session: %v", err)
		}
	})
}
