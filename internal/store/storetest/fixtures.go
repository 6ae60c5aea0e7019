package storetest

import (
	"testing"
	"time"

	"stackdesk/internal/store"
)

// User inserts a user directly (no password) with the given username and role.
func User(t testing.TB, st *store.Store, username, role string) *store.User {
	t.Helper()
	now := time.Now().UTC()
	email := username + "@example.com"
	u := &store.User{Username: username, DisplayName: username, Email: &email, Role: role,
		Reputation: 1, CreatedAt: now, UpdatedAt: now}
	if err := st.DB.Create(u).Error; err != nil {
		t.Fatalf("storetest: user %s: %v", username, err)
	}
	return u
}
