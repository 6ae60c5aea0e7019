package experts

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// RequireAdmin allows admins only.
func RequireAdmin(actor *store.User) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	if actor.Role != store.RoleAdmin {
		return errs.E(errs.Forbidden, "experts.admin_only", "Only admins can name subject-matter experts.")
	}
	return nil
}

// FindUser looks a user up by username, or fails with not found.
func FindUser(db *gorm.DB, username string) (*store.User, error) {
	var u store.User
	// "@bob", as pages show usernames, is bob.
	err := db.Where("username = ?", strings.ToLower(strings.TrimPrefix(strings.TrimSpace(username), "@"))).Take(&u).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "user.not_found", "No such user.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "experts: find user")
	}
	return &u, nil
}

// SetSME names (on) or un-names a user as a subject-matter expert of a tag;
// admins only. The change is written to the audit log. changed is false
// when there was nothing to change (already one, or not one), so that the
// page can say so rather than claim the change again.
func (s *Service) SetSME(ctx context.Context, actor *store.User, tag string, userID int64, on bool) (changed bool, err error) {
	if err := RequireAdmin(actor); err != nil {
		return false, err
	}
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		t, err := notify.FindTag(tx, tag)
		if err != nil {
			return err
		}
		var u store.User
		err = tx.Select("id", "deactivated_at").Where("id = ?", userID).Take(&u).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "user.not_found", "No such user.")
		}
		if err != nil {
			return err
		}
		if on && !u.Active() {
			return errs.E(errs.Conflict, "sme.deactivated", "This account is deactivated: it cannot be a subject-matter expert.")
		}
		now := s.now()
		action := "sme.remove"
		var res *gorm.DB
		if on {
			action = "sme.add"
			res = tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&tagSME{TagID: t.ID, UserID: userID, AddedBy: &actor.ID, CreatedAt: now})
		} else {
			res = tx.Where("tag_id = ? AND user_id = ?", t.ID, userID).Delete(&tagSME{})
		}
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		changed = true
		return tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: action, TargetType: "user", TargetID: &userID,
			Detail: t.Name, CreatedAt: now}).Error
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return false, e
	}
	if err != nil {
		return false, errs.Internalf(err, "experts: set SME")
	}
	s.forget()
	return changed, nil
}

// SMEs lists a tag's subject-matter experts, by username.
func (s *Service) SMEs(ctx context.Context, tag string) ([]store.User, error) {
	db := s.Store.DB.WithContext(ctx)
	t, err := notify.FindTag(db, tag)
	if err != nil {
		return nil, err
	}
	users := []store.User{}
	if err := db.Table("users u").Select("u.*").Joins("JOIN tag_smes s ON s.user_id = u.id").
		Where("s.tag_id = ? AND u.deactivated_at IS NULL", t.ID).Order("u.username").Scan(&users).Error; err != nil {
		return nil, errs.Internalf(err, "experts: SMEs")
	}
	return users, nil
}
