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

// TestNewUsernamesNeedALetter: user:1234 in a search is the user with id
// 1234, so a new username of digits only (sign-up, an administrator's "Add
// a person", the command line's user create) is refused on its field,
// saying why; one with a letter among digits passes, and an account named
// before the rule keeps its name and logs in.
func TestNewUsernamesNeedALetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		admin := storetest.User(t, st, "root", store.RoleAdmin)
		wantLetter := func(what string, err error) {
			t.Helper()
			e := errs.As(err)
			if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != "username" || e.Fields[0].Msg.ID != "field.username.letter" {
				t.Errorf("%s: %v, want the username refused for want of a letter", what, err)
			}
		}
		in := func(name string) auth.SignUp {
			return auth.SignUp{Username: name, Email: name + "@example.com", Password: "violet tractor sunrise"}
		}
		for _, name := range []string{"1234", "2024-01", "007", "1_2.3"} {
			_, err := a.CreateUser(ctx, in(name), store.RoleUser)
			wantLetter("sign-up "+name, err)
			_, _, _, err = a.Invite(ctx, admin, in(name), store.RoleHotline)
			wantLetter("Add a person "+name, err)
			wantLetter("user create "+name, auth.CheckNewUser(in(name), store.RoleUser))
		}
		for _, name := range []string{"r2d2", "2024-q1", "anna.1990"} {
			if _, err := a.CreateUser(ctx, in(name), store.RoleUser); err != nil {
				t.Errorf("sign-up %s: %v", name, err)
			}
		}
		// An account named before the rule keeps its name and logs in.
		old := storetest.User(t, st, "4321", store.RoleUser)
		secret, _, err := a.CreatePasswordLink(ctx, admin, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SetPasswordWithLink(ctx, secret, "violet tractor sunrise"); err != nil {
			t.Fatalf("an old digits-only account sets its password: %v", err)
		}
		if u, err := a.Authenticate(ctx, "4321", "violet tractor sunrise"); err != nil || u.Username != "4321" {
			t.Errorf("an old digits-only account logs in: %v %v", u, err)
		}
	})
}
