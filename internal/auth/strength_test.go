package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// passwordError is the message id of err's error on the password field, ""
// for none.
func passwordError(err error) string {
	if err == nil {
		return ""
	}
	for _, f := range errs.As(err).Fields {
		if f.Field == "password" {
			return f.Msg.ID
		}
	}
	return ""
}

// TestWeakPasswordsRefused: a password too common or made of the account's
// own names is refused wherever a password is set (sign-up, the command
// line's user create, a change in settings, a password link), and a strong
// one is taken.
func TestWeakPasswordsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		weak := []struct{ why, pw string }{
			{"digits in a row", "12345678"},
			{"the commonest password", "password"},
			{"a keyboard row", "qwertyuiop"},
			{"the username plus 1", "zorbexqua1"},
			{"the username as typed otherwise", "Zorbexqua2026"},
			{"the e-mail's local part", "tralvenkor.pim"},
			{"the display name", "Quillon Ostravik"},
			{"a common word and digits", "sunshine1"},
		}
		in := auth.SignUp{Username: "zorbexqua", Email: "tralvenkor.pim@example.com", DisplayName: "Quillon Ostravik"}
		for _, c := range weak {
			in.Password = c.pw
			for _, role := range []string{store.RoleUser, store.RoleAdmin} {
				_, err := a.CreateUser(ctx, in, role)
				if passwordError(err) != "field.password.weak" {
					t.Errorf("sign-up (%s) with %s, %q: %v", role, c.why, c.pw, err)
				}
			}
			if _, err := a.CreateUserAudited(ctx, in, store.RoleAdmin); passwordError(err) != "field.password.weak" {
				t.Errorf("user create with %s, %q: %v", c.why, c.pw, err)
			}
		}
		// Too short stays said as before, once.
		in.Password = "1234567"
		if _, err := a.CreateUser(ctx, in, store.RoleUser); passwordError(err) != "field.password.short" || len(errs.As(err).Fields) != 1 {
			t.Errorf("a short password: %v", err)
		}

		strong := []string{"correct horse battery", "correct horse", "battery staple horse", "Zimt Regenschirm Fahrrad", "long enough pw"}
		for i, pw := range strong {
			in := auth.SignUp{Username: fmt.Sprintf("strong%d", i), Email: fmt.Sprintf("strong%d@example.com", i), Password: pw}
			if _, err := a.CreateUser(ctx, in, store.RoleUser); err != nil {
				t.Errorf("sign-up with %q refused: %v", pw, err)
			}
		}
		// What another account's names make weak is no weakness here: the
		// account's own words count.
		for i, pw := range []string{"zorbexqua1", "tralvenkor.pim"} {
			in := auth.SignUp{Username: fmt.Sprintf("other%d", i), Email: fmt.Sprintf("other%d@example.com", i), Password: pw}
			if _, err := a.CreateUser(ctx, in, store.RoleUser); err != nil {
				t.Errorf("another account's name %q refused: %v", pw, err)
			}
		}

		// A change in settings (and POST /me/password).
		u, err := a.CreateUser(ctx, auth.SignUp{Username: "zorbexqua", Email: "tralvenkor.pim@example.com", DisplayName: "Quillon Ostravik", Password: "correct horse battery"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range weak {
			if err := a.ChangePassword(ctx, u, "correct horse battery", c.pw, ""); passwordError(err) != "field.password.weak" {
				t.Errorf("change to %s, %q: %v", c.why, c.pw, err)
			}
		}
		if _, err := a.Authenticate(ctx, "zorbexqua", "correct horse battery"); err != nil {
			t.Fatalf("a refused change changed the password: %v", err)
		}
		if err := a.ChangePassword(ctx, u, "correct horse battery", "battery staple horse", ""); err != nil {
			t.Fatalf("change to a strong password: %v", err)
		}

		// A password link: the first password of an added or imported account.
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		imported := storetest.User(t, st, "tralvenkor", store.RoleUser)
		secret, _, err := a.CreatePasswordLink(ctx, admin, imported.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, pw := range []string{"12345678", "password", "qwertyuiop", "tralvenkor1", "tralvenkor@example.com"} {
			if _, _, err := a.SetPasswordWithLink(ctx, secret, pw); passwordError(err) != "field.password.weak" {
				t.Errorf("a link set %q: %v", pw, err)
			}
		}
		if _, _, err := a.SetPasswordWithLink(ctx, secret, "correct horse battery"); err != nil {
			t.Fatalf("the link, unused by the refusals, sets a strong password: %v", err)
		}
	})
}

// TestLongPasswordScoredQuickly: only the start of a long input is scored,
// so a megabyte sent as a password costs no more than a short one.
func TestLongPasswordScoredQuickly(t *testing.T) {
	long := strings.Repeat("Zimt Regenschirm Fahrrad ", 40000)
	start := time.Now()
	if got := auth.PasswordScore(long, nil); got != auth.PasswordScore(string([]rune(long)[:100]), nil) {
		t.Errorf("score %d differs from its first 100 runes'", got)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("scoring took %v", d)
	}
}
