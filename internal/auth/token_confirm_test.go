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

// TestTokenFromASessionNeedsThePassword: a token made for a logged-in user
// needs their current password; a wrong one makes no token and counts as a
// failed log-in, so after ten a stolen session cannot go on guessing, not
// even with the right password, until the wait is over.
func TestTokenFromASessionNeedsThePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		ada, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse battery"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		tokens := func() int {
			t.Helper()
			ts, err := a.Tokens(ctx, ada.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(ts)
		}
		field := func(err error) string {
			if e := errs.As(err); e != nil && e.Code == errs.Invalid && len(e.Fields) == 1 && e.Fields[0].Field == "current_password" {
				return e.Fields[0].Msg.ID
			}
			return ""
		}
		if _, _, err := a.CreateTokenConfirmed(ctx, ada, "", "script", store.ScopeRead); field(err) != "field.current_password.token" {
			t.Fatalf("no password: %v", err)
		}
		for i := range 10 {
			if _, _, err := a.CreateTokenConfirmed(ctx, ada, "guess", "script", store.ScopeRead); field(err) != "field.current_password.wrong" {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		if _, _, err := a.CreateTokenConfirmed(ctx, ada, "correct horse battery", "script", store.ScopeRead); !errs.Is(err, errs.RateLimited) {
			t.Fatalf("the right password after ten wrong ones: %v, want rate limited", err)
		}
		if n := tokens(); n != 0 {
			t.Fatalf("%d tokens made without the password", n)
		}
		b := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour} // a fresh process: no failures counted
		secret, tok, err := b.CreateTokenConfirmed(ctx, ada, "correct horse battery", "script", store.ScopeRead)
		if err != nil || tok.Name != "script" || tokens() != 1 {
			t.Fatalf("with the password: %+v, %v", tok, err)
		}
		if u, err := b.UserByToken(ctx, secret); err != nil || u.ID != ada.ID {
			t.Fatalf("the token: %v", err)
		}
	})
}
