package auth_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestPasswordLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		a := &auth.Service{Store: st, Now: func() time.Time { return now }, BcryptCost: 4, SessionTTL: time.Hour}
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		imported := storetest.User(t, st, "imported", store.RoleUser) // no password, as an import leaves it

		if _, err := a.Authenticate(ctx, "imported", "correct horse"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("an account without a password logs in: %v", err)
		}
		if _, _, err := a.CreatePasswordLink(ctx, mod, imported.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a moderator issued a link: %v", err)
		}
		if _, _, err := a.CreatePasswordLink(ctx, admin, 999999); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a link for no user: %v", err)
		}
		old, _, err := a.CreatePasswordLink(ctx, admin, imported.ID)
		if err != nil {
			t.Fatal(err)
		}
		secret, expires, err := a.CreatePasswordLink(ctx, admin, imported.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !expires.Equal(now.Add(auth.PasswordLinkTTL)) {
			t.Errorf("expires %v", expires)
		}
		if _, err := a.PasswordLinkUser(ctx, old); !errs.Is(err, errs.NotFound) {
			t.Errorf("a replaced link still works: %v", err)
		}
		if u, err := a.PasswordLinkUser(ctx, secret); err != nil || u.ID != imported.ID {
			t.Fatalf("link user: %v %v", u, err)
		}
		var stored store.PasswordLink
		if err := st.DB.Take(&stored).Error; err != nil || stored.TokenHash == secret {
			t.Fatalf("the secret itself is stored: %v", err)
		}

		// A session and an API token from before: a password set by link
		// ends the one and revokes the other (a link recovers a lost account).
		sess, err := a.CreateSession(ctx, imported.ID)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := a.CreateToken(ctx, imported.ID, "laptop", store.ScopeWrite)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"short", "          ", "\t\n        "} {
			if _, _, err := a.SetPasswordWithLink(ctx, secret, bad); !errs.Is(err, errs.Invalid) {
				t.Fatalf("password %q: %v", bad, err)
			}
		}
		if _, err := a.PasswordLinkUser(ctx, secret); err != nil {
			t.Fatalf("a refused password used the link up: %v", err)
		}
		if _, _, err := a.SetPasswordWithLink(ctx, secret, "correct horse"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(ctx, "imported", "correct horse"); err != nil {
			t.Errorf("cannot log in with the password set: %v", err)
		}
		if _, err := a.UserBySession(ctx, sess); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("an old session survived the new password: %v", err)
		}
		if _, err := a.UserByToken(ctx, token); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("an API token survived a password set by link: %v", err)
		}
		var audit []store.AuditEntry
		if err := st.DB.Where("action = ?", "password_link").Order("id").Find(&audit).Error; err != nil {
			t.Fatal(err)
		}
		if len(audit) != 2 || *audit[1].ActorID != admin.ID || *audit[1].TargetID != imported.ID {
			t.Errorf("audit log of issued links: %+v", audit)
		}
		var set []store.AuditEntry
		if err := st.DB.Where("action = ?", "password_set").Find(&set).Error; err != nil || len(set) != 1 ||
			*set[0].ActorID != imported.ID || *set[0].TargetID != imported.ID {
			t.Errorf("audit log of the link used: %+v, %v", set, err)
		}
		if _, _, err := a.SetPasswordWithLink(ctx, secret, "another horse"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a link worked twice: %v", err)
		}

		// Expiry.
		late, _, err := a.CreatePasswordLink(ctx, admin, imported.ID)
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(auth.PasswordLinkTTL + time.Second)
		if _, _, err := a.SetPasswordWithLink(ctx, late, "another horse"); !errs.Is(err, errs.NotFound) {
			t.Errorf("an expired link worked: %v", err)
		}
		if _, err := a.Authenticate(ctx, "imported", "correct horse"); err != nil {
			t.Errorf("an expired link changed the password: %v", err)
		}
		for _, bad := range []string{"", "pwl_", "pwl_" + string(make([]byte, 43)), "sdk_x", secret + "x"} {
			if _, err := a.PasswordLinkUser(ctx, bad); !errs.Is(err, errs.NotFound) {
				t.Errorf("link %q: %v", bad, err)
			}
		}
	})
}

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		u, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		here, err := a.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		elsewhere, err := a.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		err = a.ChangePassword(ctx, u, "wrong horse", "battery staple", here)
		if e := errs.As(err); e == nil || e.Code != errs.Invalid || !errs.Fields(e.Fields).Has("current_password") {
			t.Fatalf("wrong current password: %v", err)
		}
		err = a.ChangePassword(ctx, u, "", "battery staple", here)
		if e := errs.As(err); e == nil || !errs.Fields(e.Fields).Has("current_password") {
			t.Fatalf("no current password: %v", err)
		}
		err = a.ChangePassword(ctx, u, "correct horse", "short", here)
		if e := errs.As(err); e == nil || !errs.Fields(e.Fields).Has("password") {
			t.Fatalf("short new password: %v", err)
		}
		err = a.ChangePassword(ctx, u, "correct horse", "correct horse", here)
		if e := errs.As(err); e == nil || !errs.Fields(e.Fields).Has("password") {
			t.Fatalf("the current password as the new one: %v", err)
		}
		if _, err := a.UserBySession(ctx, elsewhere); err != nil {
			t.Fatalf("a refused change ended another session: %v", err)
		}
		if err := a.ChangePassword(ctx, u, "correct horse", "battery staple", here); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(ctx, "ada", "correct horse"); err == nil {
			t.Error("the old password still works")
		}
		if _, err := a.Authenticate(ctx, "ada", "battery staple"); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
		if _, err := a.UserBySession(ctx, here); err != nil {
			t.Errorf("the session in use ended: %v", err)
		}
		if _, err := a.UserBySession(ctx, elsewhere); err == nil {
			t.Error("another session survived the new password")
		}
	})
}

func TestUpdateAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		ada, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateUser(ctx, auth.SignUp{Username: "bob", Email: "bob@example.com", Password: "correct horse"}, store.RoleUser); err != nil {
			t.Fatal(err)
		}
		str := func(s string) *string { return &s }
		fieldErr := func(err error, code errs.Code, field string) bool {
			e := errs.As(err)
			return e != nil && e.Code == code && errs.Fields(e.Fields).Has(field)
		}
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: str("\u200b"), Email: str("not an address")}); !fieldErr(err, errs.Invalid, "display_name") || !fieldErr(err, errs.Invalid, "email") {
			t.Errorf("invalid input: %v", err)
		}
		// A display name of nothing (spaces) clears it: the username shows.
		if u, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: str("  ")}); err != nil || u.DisplayName != ada.Username {
			t.Errorf("a cleared display name: %v, %v", u, err)
		}
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{Email: str("BOB@example.com "), CurrentPassword: "correct horse"}); !fieldErr(err, errs.Conflict, "email") {
			t.Errorf("another user's address: %v", err)
		}
		// A new address, where password links go, needs the password.
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{Email: str("eve@example.com")}); !fieldErr(err, errs.Invalid, "current_password") {
			t.Errorf("new address without the password: %v", err)
		}
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{Email: str("eve@example.com"), CurrentPassword: "wrong horse"}); !fieldErr(err, errs.Invalid, "current_password") {
			t.Errorf("new address with a wrong password: %v", err)
		}
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: str("Ada"), Email: str("ADA@example.com")}); err != nil {
			t.Errorf("the same address needs no password: %v", err)
		}
		link, _, err := a.IssuePasswordLink(ctx, ada.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		u, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: str(" Ada Lovelace "), Email: str("Ada.L@Example.com"), CurrentPassword: "correct horse"})
		if err != nil {
			t.Fatal(err)
		}
		if u.DisplayName != "Ada Lovelace" || u.Email == nil || *u.Email != "ada.l@example.com" || u.Username != "ada" {
			t.Errorf("updated: %+v", u)
		}
		u, err = a.UpdateAccount(ctx, u, auth.AccountInput{DisplayName: str("Ada")})
		if err != nil || u.DisplayName != "Ada" || *u.Email != "ada.l@example.com" {
			t.Errorf("name only: %+v %v", u, err)
		}
		if _, err := a.Authenticate(ctx, "ada.l@example.com", "correct horse"); err != nil {
			t.Errorf("cannot log in with the new address: %v", err)
		}
		if _, err := a.PasswordLinkUser(ctx, link); !errs.Is(err, errs.NotFound) {
			t.Errorf("a link sent to the old address still works: %v", err)
		}
	})
}

// TestFailedLogInsPerAccount: after ten failed log-ins of an account from
// one address, that address takes no more attempts for a while, not even
// the right password, whichever of the account's names is tried; the owner
// logs in, and confirms a change with the password, from another address.
// Other accounts and unknown names are limited each alone.
func TestFailedLogInsPerAccount(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
	at := func(addr string) context.Context { return auth.WithClient(context.Background(), addr) }
	thief, owner := at("10.0.0.66"), at("10.0.0.7")
	for _, name := range []string{"ada", "bob"} {
		if _, err := a.CreateUser(owner, auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse battery"}, store.RoleUser); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 10 {
		login := "ada"
		if i%2 == 1 {
			login = "ADA@example.com" // the same account by its address
		}
		if _, err := a.Authenticate(thief, login, "guess"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, err := a.Authenticate(thief, "ada", "correct horse battery"); !errs.Is(err, errs.RateLimited) {
		t.Fatalf("the right password after ten failures from the same address: %v, want rate limited", err)
	}
	ada, err := a.Authenticate(owner, "ada", "correct horse battery")
	if err != nil || ada.Username != "ada" {
		t.Fatalf("the owner from another address: %v", err)
	}
	if err := a.ChangePassword(owner, ada, "correct horse battery", "battery staple horse", ""); err != nil {
		t.Fatalf("the owner changing the password: %v", err)
	}
	if u, err := a.Authenticate(thief, "bob", "correct horse battery"); err != nil || u.Username != "bob" {
		t.Fatalf("another account: %v", err)
	}
	for i := range 10 {
		if _, err := a.Authenticate(thief, "nobody", "guess"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("unknown name, guess %d: %v", i, err)
		}
	}
	if _, err := a.Authenticate(thief, "nobody", "guess"); !errs.Is(err, errs.RateLimited) {
		t.Fatalf("an unknown name is not limited like an account: %v", err)
	}
}

// TestFailedLogInsSpreadOverAddresses: guesses at one account from many
// addresses, each below its own limit, use up the account's budget of 100;
// past it the account is not locked, but every log-in to it waits, one at
// a time, so the owner still gets in and the guesses come slowly.
func TestFailedLogInsSpreadOverAddresses(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	const delay = 300 * time.Millisecond
	a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour, FailureDelay: delay}
	at := func(i int) context.Context {
		return auth.WithClient(context.Background(), "10.1."+itoa(i/200)+"."+itoa(i%200))
	}
	if _, err := a.CreateUser(at(0), auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse battery"}, store.RoleUser); err != nil {
		t.Fatal(err)
	}
	for i := range 100 { // 20 addresses, 5 guesses each
		if _, err := a.Authenticate(at(i/5), "ada", "guess"); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	start := time.Now()
	if u, err := a.Authenticate(at(1000), "ada", "correct horse battery"); err != nil || u.Username != "ada" {
		t.Fatalf("the owner past the account's budget: %v", err)
	}
	if took := time.Since(start); took < delay {
		t.Fatalf("a log-in past the account's budget took %v, want at least %v", took, delay)
	}
	// Guesses from three more addresses at once go one after another.
	start = time.Now()
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			if _, err := a.Authenticate(at(2000+i), "ada", "guess"); !errs.Is(err, errs.Unauthorized) {
				t.Errorf("guess from a new address: %v", err)
			}
		})
	}
	wg.Wait()
	if took := time.Since(start); took < 3*delay {
		t.Fatalf("three guesses at once took %v, want at least %v", took, 3*delay)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestChangeRole checks that only administrators change roles, that each
// change is in the audit log, and that the last administrator stays one.
func TestChangeRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		root, err := a.CreateUser(ctx, auth.SignUp{Username: "root", Email: "root@example.com", Password: "correct horse"}, store.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		ada, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		audits := func() int64 {
			var n int64
			if err := st.DB.Model(&store.AuditEntry{}).Where("action = 'role'").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, err := a.ChangeRole(ctx, ada, ada.ID, store.RoleAdmin); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a member making themselves admin: %v, want forbidden", err)
		}
		if _, err := a.ChangeRole(ctx, root, ada.ID, "king"); errs.CodeOf(err) != errs.Invalid {
			t.Fatalf("unknown role: %v, want invalid", err)
		}
		if _, err := a.ChangeRole(ctx, root, 9999, store.RoleAnalyst); !errs.Is(err, errs.NotFound) {
			t.Fatalf("no such user: %v, want not found", err)
		}
		if _, err := a.ChangeRole(ctx, root, root.ID, store.RoleUser); !errs.Is(err, errs.Conflict) {
			t.Fatalf("the only admin stepping down: %v, want conflict", err)
		}
		if audits() != 0 {
			t.Fatal("refused changes were logged")
		}
		u, err := a.ChangeRole(ctx, root, ada.ID, store.RoleAnalyst)
		if err != nil || u.Role != store.RoleAnalyst {
			t.Fatalf("make ada an analyst: %+v, %v", u, err)
		}
		if got, _ := a.UserByID(ctx, ada.ID); got.Role != store.RoleAnalyst {
			t.Fatalf("stored role = %q", got.Role)
		}
		var e store.AuditEntry
		if err := st.DB.Where("action = 'role'").Take(&e).Error; err != nil || *e.ActorID != root.ID ||
			*e.TargetID != ada.ID || e.Detail != "user → analyst" {
			t.Fatalf("audit entry = %+v, %v", e, err)
		}
		if _, err := a.ChangeRole(ctx, root, ada.ID, store.RoleAnalyst); err != nil || audits() != 1 {
			t.Fatalf("the same role again: %v, %d entries; want no change, no entry", err, audits())
		}
		if _, err := a.ChangeRole(ctx, root, ada.ID, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ChangeRole(ctx, root, root.ID, store.RoleModerator); err != nil {
			t.Fatalf("an admin stepping down while another stays: %v", err)
		}
		ada, _ = a.UserByID(ctx, ada.ID)
		if _, err := a.ChangeRole(ctx, ada, ada.ID, store.RoleUser); !errs.Is(err, errs.Conflict) {
			t.Fatalf("the new only admin stepping down: %v, want conflict", err)
		}
	})
}

// TestAdminsDemotingEachOtherAtOnce checks two administrators demoting each
// other at the same moment: one wins, the other is told the site needs an
// administrator (a 409, never a deadlock's 500), and one always stays.
func TestAdminsDemotingEachOtherAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		x := storetest.User(t, st, "xena", store.RoleAdmin)
		y := storetest.User(t, st, "yuri", store.RoleAdmin)
		for round := 0; round < 15; round++ {
			if err := st.DB.Model(&store.User{}).Where("id IN ?", []int64{x.ID, y.ID}).Update("role", store.RoleAdmin).Error; err != nil {
				t.Fatal(err)
			}
			errsOf := make([]error, 2)
			var wg sync.WaitGroup
			for i, pair := range [][2]*store.User{{x, y}, {y, x}} {
				wg.Go(func() { _, errsOf[i] = a.ChangeRole(ctx, pair[0], pair[1].ID, store.RoleUser) })
			}
			wg.Wait()
			var admins int64
			if err := st.DB.Model(&store.User{}).Where("role = ?", store.RoleAdmin).Count(&admins).Error; err != nil {
				t.Fatal(err)
			}
			ok, refused := 0, 0
			for _, err := range errsOf {
				switch {
				case err == nil:
					ok++
				case errs.Is(err, errs.Conflict):
					refused++
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if admins != 1 || ok != 1 || refused != 1 {
				t.Fatalf("round %d: %d admins left, %d changes, %d refused; want 1, 1, 1", round, admins, ok, refused)
			}
		}
	})
}

// TestMembersCannotClaimStaffNames: a member's username or display name
// may not claim a role on the site ("Stackdesk Admin", "ＭＯＤＥＲＡＴＯＲ",
// "the.admin", a ♦), at sign-up or later; words that merely contain one
// ("Admiral", "badminton") pass, staff accounts may take such names, and a
// member whose name was given before (an import, a role taken away) keeps it.
func TestMembersCannotClaimStaffNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		refused := func(err error, field string) bool {
			e := errs.As(err)
			return e != nil && e.Code == errs.Invalid && errs.Fields(e.Fields).Has(field)
		}
		for i, name := range []string{"Stackdesk Admin", "ＭＯＤＥＲＡＴＯＲ", "IT Staff", "Ada ♦", "Moderatorin Eva",
			"Ad\u200bmin", "Mod\u00aderator", "Ádmin", "StackdeskAdmin", "Admin2024", "Die Moderatoren",
			"\u0410dmin", "M\u043ederator Team", "\u0391DMIN", "\u0405tackdesk Support", "A d m i n", "s.t.a.f.f"} {
			in := auth.SignUp{Username: "user" + string(rune('a'+i)), Email: string(rune('a'+i)) + "@example.com", Password: "correct horse", DisplayName: name}
			if _, err := a.CreateUser(ctx, in, store.RoleUser); !refused(err, "display_name") {
				t.Errorf("display name %q: %v", name, err)
			}
		}
		for _, name := range []string{"admin", "the.admin", "stackdesk-help", "admin1", "adminbob", "bobmoderator", "bobadmin2",
			"supportstaff", "itstaff", "staffteam", "staffbob", "bobstaff", "supportstaff2", "itstaff2", "staff_bob", "2staff"} {
			if _, err := a.CreateUser(ctx, auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse"}, store.RoleUser); !refused(err, "username") {
				t.Errorf("username %q: %v", name, err)
			}
		}
		ada, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse", DisplayName: "Admiral Ada"}, store.RoleUser)
		if err != nil {
			t.Fatalf("a name that only contains a staff word: %v", err)
		}
		for _, name := range []string{"Badminton Club", "Stafford Moda", "Tom (Systems)", "李 管理", "Дмитрий Иванов", "Μαρία Παπαδοπούλου", "J R R Tolkien"} {
			if u, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: &name}); err != nil || u.DisplayName != name {
				t.Errorf("display name %q refused: %v", name, err)
			}
		}
		for _, name := range []string{"stafford", "staffan.berg", "flagstaff2", "badminton", "staffing2"} {
			if _, err := a.CreateUser(ctx, auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse"}, store.RoleUser); err != nil {
				t.Errorf("username %s refused: %v", name, err)
			}
		}
		str := func(s string) *string { return &s }
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: str("Stackdesk Support Team")}); !refused(err, "display_name") {
			t.Errorf("renamed to a staff name: %v", err)
		}
		mod, err := a.CreateUser(ctx, auth.SignUp{Username: "moderator", Email: "mod@example.com", Password: "correct horse", DisplayName: "Moderator Mo"}, store.RoleModerator)
		if err != nil {
			t.Fatalf("a moderator's staff name: %v", err)
		}
		narrowed := *mod
		narrowed.Role, narrowed.AccountRole = store.RoleUser, store.RoleModerator // a write token's moderator
		if _, err := a.UpdateAccount(ctx, &narrowed, auth.AccountInput{DisplayName: str("Moderator Mo")}); err != nil {
			t.Errorf("a moderator acting as a member keeps their name: %v", err)
		}
		mod.Role = store.RoleUser // a member whose stored name claims a role may not send it back unchanged
		if _, err := a.UpdateAccount(ctx, mod, auth.AccountInput{DisplayName: str("Moderator Mo")}); !refused(err, "display_name") {
			t.Errorf("a member's role name kept as it is: %v", err)
		}
		var n int64
		st.DB.Model(&store.User{}).Count(&n)
		if n != 7 {
			t.Errorf("%d users stored, want ada, the five ordinary names and the moderator", n)
		}
	})
}

// TestRunTogetherStaffNames: a staff word run together with other words
// claims a role as much as one on its own, whatever the case and whatever
// stands between the words (so the README's own example, "adminteam2"):
// refused as a display name and as a username, at sign-up and in the
// settings alike. Ordinary names that merely hold the letters pass.
func TestRunTogetherStaffNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		refused := func(err error, field string) bool {
			e := errs.As(err)
			return e != nil && e.Code == errs.Invalid && errs.Fields(e.Fields).Has(field)
		}
		ada, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		for i, tc := range []struct {
			name    string
			refused bool
		}{
			{"adminteam2", true}, {"Adminteam", true}, {"myadmin", true}, {"theadmin", true}, {"stackdeskadmin", true},
			{"hotlineteam", true}, {"ITServiceDesk", true}, {"ItServiceDesk", true}, {"itservicedesk", true},
			{"itsupport", true}, {"ITSupport", true}, {"It_Support", true}, {"sysadmin", true}, {"SysAdmin", true},
			{"sysadminx7", true}, {"Tom (Sysadmin)", true}, {"ADMINTEAM", true}, {"Team-Admin", true},
			{"supportstaff", true}, {"HelpdeskBerlin", true}, {"mymoderator", true},
			{"Badminton", false}, {"Admiral", false}, {"Stafford", false}, {"Staffan", false}, {"Staffieri", false},
			{"Flagstaff", false}, {"Robert Service", false}, {"Otto Hotlinger", false}, {"Mitsuko", false},
			{"Itsuki", false}, {"Desirée Support-Meyer", false}, {"Sysoev", false}, {"Ahmad Min", false}, {"Staffelbach", false},
		} {
			username := strings.ToLower(strings.Map(func(r rune) rune {
				switch r {
				case ' ':
					return '.'
				case '(', ')', 'é':
					return -1
				}
				return r
			}, tc.name))
			if len(username) < 3 {
				username += "xx"
			}
			in := auth.SignUp{Username: username, Email: fmt.Sprintf("n%d@example.com", i), Password: "correct horse", DisplayName: "Ordinary Name"}
			_, err := a.CreateUser(ctx, in, store.RoleUser)
			if refused(err, "username") != tc.refused {
				t.Errorf("username %q: %v, want refused %v", username, err, tc.refused)
			}
			in = auth.SignUp{Username: fmt.Sprintf("person%d", i), Email: fmt.Sprintf("p%d@example.com", i), Password: "correct horse", DisplayName: tc.name}
			_, err = a.CreateUser(ctx, in, store.RoleUser)
			if refused(err, "display_name") != tc.refused {
				t.Errorf("display name %q at sign-up: %v, want refused %v", tc.name, err, tc.refused)
			}
			name := tc.name
			_, err = a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: &name})
			if refused(err, "display_name") != tc.refused {
				t.Errorf("display name %q in settings: %v, want refused %v", tc.name, err, tc.refused)
			}
		}
		// Surnames end in "staff": a person's name may, a username may not
		// ("bobstaff" claims a role).
		for i, name := range []string{"Emma Wagstaff", "Tom Longstaff", "Ann Bickerstaff"} {
			in := auth.SignUp{Username: fmt.Sprintf("surname%d", i), Email: fmt.Sprintf("s%d@example.com", i), Password: "correct horse", DisplayName: name}
			if _, err := a.CreateUser(ctx, in, store.RoleUser); err != nil {
				t.Errorf("display name %q at sign-up: %v", name, err)
			}
			if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: &name}); err != nil {
				t.Errorf("display name %q in settings: %v", name, err)
			}
		}
	})
}

// TestSignUpNamesATakenUsernameWithTheOtherMistakes: a sign-up with a
// password too short and a username taken is told both at once.
func TestSignUpNamesATakenUsernameWithTheOtherMistakes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		ctx := context.Background()
		if _, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse battery"}, store.RoleUser); err != nil {
			t.Fatal(err)
		}
		_, err := a.CreateUser(ctx, auth.SignUp{Username: "Ada", Email: "other@example.com", Password: "short"}, store.RoleUser)
		e := errs.As(err)
		var fields []string
		for _, f := range e.Fields {
			fields = append(fields, f.Field+":"+f.Msg.ID)
		}
		if got := strings.Join(fields, " "); !strings.Contains(got, "username:field.username.taken") || !strings.Contains(got, "password:") {
			t.Fatalf("fields %q, want the taken username and the short password", got)
		}
	})
}

// TestMembersCannotPoseAsTheHotline: a member's username or display name
// may not name the hotline or the service desk ("IT Hotline", "Service
// Desk", "Helpdesk"), in any spelling; names of people that hold such a
// word pass (Robert Service), and the hotline's own accounts take them.
func TestMembersCannotPoseAsTheHotline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		refused := func(err error, field string) bool {
			e := errs.As(err)
			return e != nil && e.Code == errs.Invalid && errs.Fields(e.Fields).Has(field)
		}
		for i, name := range []string{"IT Hotline", "IT Service Desk", "Service Desk", "Helpdesk", "HelpDesk Team", "IT-Support",
			"ServiceDesk", "Service-Desk München", "ＨＯＴＬＩＮＥ", "Hot\u200bline", "IT Support Desk", "Die Hotline"} {
			in := auth.SignUp{Username: fmt.Sprintf("member%d", i), Email: fmt.Sprintf("m%d@example.com", i), Password: "correct horse", DisplayName: name}
			if _, err := a.CreateUser(ctx, in, store.RoleUser); !refused(err, "display_name") {
				t.Errorf("display name %q: %v", name, err)
			}
		}
		for _, name := range []string{"hotline", "it.hotline", "helpdesk", "helpdesk2", "servicedesk", "service.desk", "bobhotline", "hotline_bob", "it-support"} {
			if _, err := a.CreateUser(ctx, auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse"}, store.RoleUser); !refused(err, "username") {
				t.Errorf("username %q: %v", name, err)
			}
		}
		for i, name := range []string{"Robert Service", "Helga Deskovic", "Otto Hotlinger", "Desirée Support-Meyer", "Ita Desch", "Li Hot"} {
			in := auth.SignUp{Username: fmt.Sprintf("person%d", i), Email: fmt.Sprintf("p%d@example.com", i), Password: "correct horse", DisplayName: name}
			if _, err := a.CreateUser(ctx, in, store.RoleUser); err != nil {
				t.Errorf("display name %q refused: %v", name, err)
			}
		}
		for _, name := range []string{"robert.service", "desk.jockey", "servicemann", "hotz"} {
			if _, err := a.CreateUser(ctx, auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse"}, store.RoleUser); err != nil {
				t.Errorf("username %s refused: %v", name, err)
			}
		}
		ada, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse"}, store.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		name := "IT Service Desk"
		if _, err := a.UpdateAccount(ctx, ada, auth.AccountInput{DisplayName: &name}); !refused(err, "display_name") {
			t.Errorf("a member renamed to the service desk: %v", err)
		}
		if _, err := a.CreateUser(ctx, auth.SignUp{Username: "hotline", Email: "hotline@example.com", Password: "correct horse", DisplayName: "IT Hotline"}, store.RoleHotline); err != nil {
			t.Errorf("the hotline's own account: %v", err)
		}
	})
}
