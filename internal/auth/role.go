package auth

import (
	"context"
	"errors"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// ChangeRole gives a user another role (administrators only): how support
// staff become analysts or hotline agents, and colleagues moderators.
func (s *Service) ChangeRole(ctx context.Context, actor *store.User, userID int64, role string) (*store.User, error) {
	if actor == nil || actor.Role != store.RoleAdmin {
		return nil, errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	return s.AssignRole(ctx, userID, role, &actor.ID)
}

// AssignRole gives a user another role without checking who asks: for the
// operator's command line. by is the administrator who asked, if any. The
// change is in the audit log; the site always keeps one administrator.
func (s *Service) AssignRole(ctx context.Context, userID int64, role string, by *int64) (*store.User, error) {
	if err := CheckRole(role); err != nil {
		return nil, err
	}
	var out store.User
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var admins int
		var err error
		if out, admins, err = lockWithAdmins(tx, userID); err != nil {
			return err
		}
		if out.Role == role {
			return nil
		}
		if out.Role == store.RoleAdmin && out.Active() && admins <= 1 {
			return errs.E(errs.Conflict, "role.last_admin",
				"This is the site's only administrator: make someone else an administrator first.")
		}
		now := s.Now().UTC()
		detail := out.Role + " → " + role
		if err := tx.Model(&store.User{}).Where("id = ?", userID).
			Updates(map[string]any{"role": role, "updated_at": now}).Error; err != nil {
			return err
		}
		out.Role = role
		// A member may not claim a role by name: the names taken as staff
		// ("Emma Moderator", kai.hotline2) go with the role, in lists, posts,
		// mentions to come and the page's address alike, as when an
		// imported account is claimed, and the audit entry names both.
		renamed, err := claimNames(tx, &out, now)
		if err != nil {
			return err
		}
		detail += renamed
		if role != store.RoleHotline && role != store.RoleAdmin {
			// No longer answering tickets: the open ones they held go back
			// to the queue, for the others to take.
			if err := tx.Exec("UPDATE tickets SET assigned_to = NULL, assigned_at = NULL, updated_at = ? WHERE assigned_to = ? AND status <> 'resolved'", now, userID).Error; err != nil {
				return err
			}
		}
		out.Role, out.UpdatedAt = role, now
		return tx.Create(&store.AuditEntry{ActorID: by, Action: "role", TargetType: "user", TargetID: &userID,
			Detail: detail, CreatedAt: now}).Error
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return nil, e
	}
	if err != nil {
		return nil, errs.Internalf(err, "auth: change role")
	}
	return &out, nil
}

// lockWithAdmins reads user id and every administrator (on PostgreSQL,
// locked) in one statement in id order, so that two administrators
// demoting or deactivating each other at once cannot leave none, nor
// deadlock; SQLite's transactions hold the write lock already. It returns
// the user and how many active administrators there are.
func lockWithAdmins(tx *gorm.DB, id int64) (store.User, int, error) {
	q := tx.Where("id = ? OR role = ?", id, store.RoleAdmin).Order("id")
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var rows []store.User
	if err := q.Find(&rows).Error; err != nil {
		return store.User{}, 0, err
	}
	var out store.User
	admins, found := 0, false
	for _, u := range rows {
		if u.Role == store.RoleAdmin && u.Active() { // a deactivated one administers nothing
			admins++
		}
		if u.ID == id {
			out, found = u, true
		}
	}
	if !found {
		return out, 0, errs.E(errs.NotFound, "user.not_found", "No such user.")
	}
	return out, admins, nil
}

// memberName is the display name u keeps as a member (role user): a name
// that claims a role on the site, which staff may take and members may not
// (validateMemberNames), becomes the username, or "user" and the id when
// the username claims one too (an account created for staff). It reports
// whether the name changes.
func memberName(u *store.User, role string) (string, bool) {
	if role != store.RoleUser || !nameClaimsRole(u.DisplayName) {
		return u.DisplayName, false
	}
	if !claimsRole(u.Username) {
		return u.Username, true
	}
	return "user" + strconv.FormatInt(u.ID, 10), true
}
