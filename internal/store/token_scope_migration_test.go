package store_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestTokenScopeMigrationKeepsTokensWorking: the tokens issued before
// scopes existed keep doing what they did once migration 00044 gives them
// a scope: a member's may write, as a member; a moderator's, an
// administrator's and a hotline agent's act with their role; a revoked one
// stays revoked.
func TestTokenScopeMigrationKeepsTokensWorking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: bcrypt.MinCost}
		secrets := map[string]string{}
		var member int64
		for _, role := range []string{store.RoleUser, store.RoleModerator, store.RoleAdmin, store.RoleHotline, store.RoleAnalyst} {
			u, err := a.CreateUser(ctx, auth.SignUp{Username: "u" + role, Email: role + "@example.com", Password: "correct horse battery"}, role)
			if err != nil {
				t.Fatal(err)
			}
			// Made read here; undoing 00044 drops the scope, as before it.
			secret, _, err := a.CreateToken(ctx, u.ID, "script", store.ScopeRead)
			if err != nil {
				t.Fatal(err)
			}
			secrets[role] = secret
			if role == store.RoleUser {
				member = u.ID
			}
		}
		oldSecret, revoked, err := a.CreateToken(ctx, member, "old", store.ScopeRead)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Model(revoked).Update("revoked_at", time.Now()).Error; err != nil {
			t.Fatal(err)
		}
		for {
			v, err := st.MigrateDownOne(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v == 44 {
				break
			}
		}
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for role, secret := range secrets {
			u, scope, err := a.TokenOwner(ctx, secret)
			if err != nil {
				t.Fatalf("%s's token after the migration: %v", role, err)
			}
			want := store.ScopeStaff
			if role == store.RoleUser {
				want = store.ScopeWrite
			}
			acting, narrowed := auth.ActingUser(u, scope)
			if scope != want || narrowed || acting.Role != role || !auth.ScopeAllows(scope, http.MethodPost) {
				t.Fatalf("%s's token after the migration: scope %q, acts as %q (narrowed %v)", role, scope, acting.Role, narrowed)
			}
		}
		var scope string
		st.DB.Raw("SELECT scope FROM api_tokens WHERE id = ?", revoked.ID).Scan(&scope)
		if scope != store.ScopeWrite {
			t.Fatalf("the revoked token's scope: %q", scope)
		}
		if _, _, err := a.TokenOwner(ctx, oldSecret); err == nil {
			t.Fatal("a revoked token authenticates after the migration")
		}
	})
}
