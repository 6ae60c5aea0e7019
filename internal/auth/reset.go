package auth

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Links people ask for themselves ("forgot your password?") work for an
// hour, and one account is sent at most one every resetEvery, so the page
// cannot be used to flood someone's mailbox.
const (
	ResetLinkTTL = time.Hour
	resetEvery   = 15 * time.Minute
)

// MaxLoginLen bounds what the forgot-password form accepts: no username
// or e-mail address is longer.
const MaxLoginLen = 254

// RequestPasswordReset issues a password link for the account whose
// username or e-mail address is login, to be e-mailed to that address. It
// returns a nil user and no error when there is no such account, when it has
// no e-mail address, or when it was sent a link in the last 15 minutes:
// whoever asks is told the same in every case. Such a link is marked as
// asked for by its user (created_by is the user), replaces earlier links
// asked for that way, and leaves links an administrator issued alone.
func (s *Service) RequestPasswordReset(ctx context.Context, login string) (*store.User, string, time.Time, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if login == "" || len(login) > MaxLoginLen {
		return nil, "", time.Time{}, nil
	}
	col := "username"
	if strings.Contains(login, "@") {
		col = "email"
	}
	var u store.User
	err := s.Store.DB.WithContext(ctx).Where(col+" = ?", login).Take(&u).Error
	if store.IsNotFound(err) {
		return nil, "", time.Time{}, nil
	}
	if err != nil {
		return nil, "", time.Time{}, errs.Internalf(err, "auth: find user")
	}
	if u.Email == nil || *u.Email == "" || !u.Active() {
		return nil, "", time.Time{}, nil
	}
	secret, hash := newSecret(linkPrefix)
	now := s.Now().UTC()
	link := store.PasswordLink{TokenHash: hash, UserID: u.ID, CreatedBy: &u.ID, CreatedAt: now,
		ExpiresAt: now.Add(ResetLinkTTL)}
	sent := false
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := LockActive(tx, u.ID); err != nil {
			if errs.Is(err, errs.Forbidden) {
				return nil // deactivated meanwhile: no link, and nothing said
			}
			return err
		}
		var recent int64
		if err := tx.Model(&store.PasswordLink{}).
			Where("user_id = ? AND created_by = ? AND created_at > ?", u.ID, u.ID, now.Add(-resetEvery)).
			Count(&recent).Error; err != nil {
			return err
		}
		if recent > 0 {
			return nil
		}
		if err := tx.Where("user_id = ? AND created_by = ? AND used_at IS NULL", u.ID, u.ID).
			Delete(&store.PasswordLink{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&link).Error; err != nil {
			return err
		}
		sent = true
		return tx.Create(&store.AuditEntry{Action: "password_reset", TargetType: "user", TargetID: &u.ID,
			Detail: "asked for by e-mail; expires " + link.ExpiresAt.Format(time.RFC3339), CreatedAt: now}).Error
	})
	if err != nil {
		return nil, "", time.Time{}, errs.Internalf(err, "auth: password reset")
	}
	if !sent {
		return nil, "", time.Time{}, nil
	}
	return &u, secret, link.ExpiresAt, nil
}

// DropPasswordLink deletes an unused link, e.g. one whose e-mail could not
// be sent, so its user can ask again at once.
func (s *Service) DropPasswordLink(ctx context.Context, secret string) error {
	err := s.Store.DB.WithContext(ctx).Where("token_hash = ? AND used_at IS NULL", hashSecret(secret)).
		Delete(&store.PasswordLink{}).Error
	if err != nil {
		return errs.Internalf(err, "auth: drop password link")
	}
	return nil
}

// FirstPassword is the audit detail of a password_set entry that gave an
// account an administrator added its first password, unlike a lost
// password set anew.
const FirstPassword = "first password"

// ImportedClaimed is the audit detail of a password_set entry that gave an
// imported account its first password: its owner claimed it, and is no new
// member.
const ImportedClaimed = "imported account claimed"

// FirstPasswordSetSince reports whether the user set the account's first
// password with a link at or after since: how an account an administrator
// added is first used, so that its owner, arriving, is greeted as a new
// member is on signing up. A password set anew (a lost one) greets no one.
func (s *Service) FirstPasswordSetSince(ctx context.Context, userID int64, since time.Time) (bool, error) {
	var n int64
	err := s.Store.DB.WithContext(ctx).Model(&store.AuditEntry{}).
		Where("target_type = 'user' AND target_id = ? AND action = 'password_set' AND detail = ? AND created_at >= ?", userID, FirstPassword, since.UTC()).
		Count(&n).Error
	if err != nil {
		return false, errs.Internalf(err, "auth: password set")
	}
	return n > 0, nil
}
