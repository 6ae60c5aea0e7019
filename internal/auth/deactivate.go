package auth

import (
	"context"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// errDeactivated is the answer to a deactivated account's right password.
var errDeactivated = errs.E(errs.Forbidden, "auth.deactivated",
	"This account is deactivated. Ask an administrator if you need it again.")

// SetActive deactivates or reactivates a user's account (administrators
// only): how the site lets go of someone who left the company, or stops
// someone who must not post any more.
func (s *Service) SetActive(ctx context.Context, actor *store.User, userID int64, active bool) (*store.User, error) {
	if actor == nil || actor.Role != store.RoleAdmin {
		return nil, errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	if actor.ID == userID && !active {
		return nil, errs.E(errs.Conflict, "account.deactivate_self",
			"You cannot deactivate your own account: ask another administrator.")
	}
	return s.AssignActive(ctx, userID, active, &actor.ID)
}

// AssignActive is SetActive without checking who asks: for the operator's
// command line. by is the administrator who asked, if any. Deactivating ends
// the account's sessions, revokes its API tokens, drops its unused password
// links and lets go of the tickets it held, in one transaction with the
// audit entry; its posts, comments and reputation stay. Reactivating lets
// it log in again (with new tokens). The site always keeps one active
// administrator.
func (s *Service) AssignActive(ctx context.Context, userID int64, active bool, by *int64) (*store.User, error) {
	var out store.User
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var admins int
		var err error
		if out, admins, err = lockWithAdmins(tx, userID); err != nil {
			return err
		}
		if out.Active() == active {
			return nil
		}
		now := s.Now().UTC()
		action := "reactivate"
		var at any
		if !active {
			if out.Role == store.RoleAdmin && admins <= 1 {
				return errs.E(errs.Conflict, "account.last_admin",
					"This is the site's only active administrator: make someone else an administrator first.")
			}
			action, at = "deactivate", now
			for _, step := range []struct {
				sql  string
				args []any
			}{
				{"DELETE FROM sessions WHERE user_id = ?", []any{userID}},
				{"UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", []any{now, userID}},
				{"DELETE FROM password_links WHERE user_id = ? AND used_at IS NULL", []any{userID}},
				{"UPDATE tickets SET assigned_to = NULL, assigned_at = NULL, updated_at = ? WHERE assigned_to = ? AND status <> 'resolved'", []any{now, userID}},
			} {
				if err := tx.Exec(step.sql, step.args...).Error; err != nil {
					return err
				}
			}
		}
		if err := tx.Model(&store.User{}).Where("id = ?", userID).
			Updates(map[string]any{"deactivated_at": at, "updated_at": now}).Error; err != nil {
			return err
		}
		out.DeactivatedAt, out.UpdatedAt = nil, now
		if !active {
			out.DeactivatedAt = &now
		}
		return tx.Create(&store.AuditEntry{ActorID: by, Action: action, TargetType: "user", TargetID: &userID,
			CreatedAt: now}).Error
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return nil, e
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: deactivate")
	}
	return &out, nil
}

// LockActive reads user id inside tx, on PostgreSQL with a share lock that
// waits for a deactivation under way, and refuses a deactivated account:
// what is written for the account in tx (a token, a password link, a
// ticket taken) cannot slip in just after the deactivation revoked,
// dropped or released the others.
func LockActive(tx *gorm.DB, userID int64) error {
	q := tx.Select("id", "deactivated_at").Where("id = ?", userID)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "SHARE"})
	}
	var u store.User
	if err := q.Take(&u).Error; err != nil {
		return err
	}
	if !u.Active() {
		return errDeactivated
	}
	return nil
}
