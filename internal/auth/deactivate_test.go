package auth_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestDeactivateAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		u, err := a.CreateUser(ctx, auth.SignUp{Username: "ada", Email: "ada@example.com", Password: "correct horse"}, store.RoleHotline)
		if err != nil {
			t.Fatal(err)
		}
		sess, err := a.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := a.CreateToken(ctx, u.ID, "laptop", store.ScopeWrite)
		if err != nil {
			t.Fatal(err)
		}
		link, _, err := a.CreatePasswordLink(ctx, admin, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		q := store.Post{Type: store.PostQuestion, OwnerID: &u.ID, Title: "VPN drops", BodyMarkdown: "It drops.",
			Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now}
		if err := st.DB.Create(&q).Error; err != nil {
			t.Fatal(err)
		}
		tk := deflection.Ticket{Subject: "VPN", Body: "down", Status: "open", UserID: &u.ID, Trail: "{}",
			AssignedTo: &u.ID, AssignedAt: &now, CreatedAt: now}
		if err := st.DB.Create(&tk).Error; err != nil {
			t.Fatal(err)
		}

		if _, err := a.SetActive(ctx, mod, u.ID, false); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a moderator deactivated an account: %v", err)
		}
		if _, err := a.SetActive(ctx, admin, admin.ID, false); !errs.Is(err, errs.Conflict) {
			t.Fatalf("an administrator deactivated their own account: %v", err)
		}
		if _, err := a.SetActive(ctx, admin, 999999, false); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deactivating no user: %v", err)
		}
		got, err := a.SetActive(ctx, admin, u.ID, false)
		if err != nil || got.Active() {
			t.Fatalf("deactivate: %+v %v", got, err)
		}

		if _, err := a.Authenticate(ctx, "ada", "correct horse"); errs.CodeOf(err) != errs.Forbidden || errs.As(err).Msg.ID != "auth.deactivated" {
			t.Errorf("a deactivated account logs in: %v", err)
		}
		if _, err := a.Authenticate(ctx, "ada", "wrong horse"); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("a wrong password on a deactivated account tells more than a wrong password: %v", err)
		}
		if _, err := a.UserBySession(ctx, sess); err == nil {
			t.Error("its session still works")
		}
		if _, err := a.UserByToken(ctx, token); err == nil {
			t.Error("its API token still works")
		}
		if _, err := a.PasswordLinkUser(ctx, link); err == nil {
			t.Error("its password link still works")
		}
		if _, _, err := a.CreateToken(ctx, u.ID, "another", store.ScopeWrite); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a new token for a deactivated account: %v", err)
		}
		if _, _, err := a.CreatePasswordLink(ctx, admin, u.ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("a password link for a deactivated account: %v", err)
		}
		if who, secret, _, err := a.RequestPasswordReset(ctx, "ada@example.com"); err != nil || who != nil || secret != "" {
			t.Errorf("a deactivated account asked for a reset link: %v %q %v", who, secret, err)
		}
		var held deflection.Ticket
		if err := st.DB.Take(&held, tk.ID).Error; err != nil || held.AssignedTo != nil {
			t.Errorf("the ticket it held is still held: %+v %v", held.AssignedTo, err)
		}
		var post store.Post
		if err := st.DB.Take(&post, q.ID).Error; err != nil || post.DeletedAt != nil || post.OwnerID == nil || *post.OwnerID != u.ID {
			t.Errorf("its question did not stay: %+v %v", post, err)
		}
		var audit []store.AuditEntry
		if err := st.DB.Where("action IN ? AND target_id = ?", []string{"deactivate", "reactivate"}, u.ID).Order("id").Find(&audit).Error; err != nil {
			t.Fatal(err)
		}
		if len(audit) != 1 || audit[0].Action != "deactivate" || audit[0].ActorID == nil || *audit[0].ActorID != admin.ID {
			t.Errorf("audit %+v", audit)
		}

		// Reactivated, it logs in again; the old token stays revoked.
		if _, err := a.SetActive(ctx, admin, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(ctx, "ada", "correct horse"); err != nil {
			t.Errorf("a reactivated account cannot log in: %v", err)
		}
		if _, err := a.UserByToken(ctx, token); err == nil {
			t.Error("a token revoked by the deactivation works again")
		}
		if n, _ := countAudit(st, "reactivate", u.ID); n != 1 {
			t.Errorf("reactivations on record: %d", n)
		}
	})
}

func TestLastActiveAdministratorStays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour}
		x := storetest.User(t, st, "xena", store.RoleAdmin)
		y := storetest.User(t, st, "yuri", store.RoleAdmin)
		if _, err := a.SetActive(ctx, x, y.ID, false); err != nil {
			t.Fatal(err)
		}
		// The command line can try what the site refuses an administrator
		// for themselves: the only active administrator stays.
		if _, err := a.AssignActive(ctx, x.ID, false, nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("the only active administrator was deactivated: %v", err)
		}
		// Nor may the active one step down: the deactivated one does not count.
		if _, err := a.ChangeRole(ctx, x, x.ID, store.RoleUser); !errs.Is(err, errs.Conflict) {
			t.Fatalf("the only active administrator stepped down: %v", err)
		}
		if _, err := a.AssignRole(ctx, y.ID, store.RoleUser, nil); err != nil {
			t.Fatalf("a deactivated administrator made a member: %v", err)
		}
		if _, err := a.AssignRole(ctx, y.ID, store.RoleAdmin, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AssignActive(ctx, y.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AssignActive(ctx, x.ID, false, nil); err != nil {
			t.Fatalf("with another active administrator: %v", err)
		}
	})
}

func countAudit(st *store.Store, action string, target int64) (int64, error) {
	var n int64
	err := st.DB.Model(&store.AuditEntry{}).Where("action = ? AND target_id = ?", action, target).Count(&n).Error
	return n, err
}
