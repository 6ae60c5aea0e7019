package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// EmailSettings is a user's choice of notification e-mail. Mode "" means
// the site default; Since is when the mode was last chosen, and nothing
// older is e-mailed, so that switching e-mail on sends no backlog.
type EmailSettings struct {
	UserID           int64 `gorm:"primaryKey;autoIncrement:false"`
	Mode             string
	Since            time.Time
	LastDigestAt     *time.Time
	UnsubscribeToken string
	UpdatedAt        time.Time
}

// TableName names the table of EmailSettings.
func (EmailSettings) TableName() string { return "email_settings" }

// ValidMode reports whether m is an e-mail mode a user can choose.
func ValidMode(m string) bool {
	for _, v := range config.EmailModes {
		if m == v {
			return true
		}
	}
	return false
}

// CheckMode adds a validation error on field "email" when m is not an
// e-mail mode a user can choose.
func CheckMode(m string, f *errs.Fields) {
	if !ValidMode(m) {
		f.Add("email", "field.email_mode", "Choose when to get e-mail: at once (immediate), a daily digest (daily) or never (off).")
	}
}

func newToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b)
}

// settingsOf reads a user's e-mail settings row; nil when there is none.
func settingsOf(db *gorm.DB, userID int64) (*EmailSettings, error) {
	var rows []EmailSettings
	if err := db.Where("user_id = ?", userID).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// ensureSettings returns a user's settings row, creating one (with the
// default mode and an unsubscribe token) when missing.
func ensureSettings(tx *gorm.DB, userID int64, now time.Time) (*EmailSettings, error) {
	st, err := settingsOf(tx, userID)
	if err != nil || st != nil {
		return st, err
	}
	st = &EmailSettings{UserID: userID, UnsubscribeToken: newToken(), UpdatedAt: now}
	return st, tx.Create(st).Error
}

// EmailMode returns the e-mail mode in effect for a user.
func (s *Service) EmailMode(ctx context.Context, userID int64) (string, error) {
	st, err := settingsOf(s.Store.DB.WithContext(ctx), userID)
	if err != nil {
		return "", errs.Internalf(err, "notify: e-mail mode")
	}
	return modeOf(st, s.Config.DefaultMode), nil
}

func modeOf(st *EmailSettings, def string) string {
	if st == nil || st.Mode == "" {
		return def
	}
	return st.Mode
}

// SetEmailMode records a user's e-mail mode inside the caller's transaction
// (a profile update); an unknown mode is a validation error on field "email".
func SetEmailMode(tx *gorm.DB, userID int64, mode string, now time.Time) error {
	var f errs.Fields
	CheckMode(mode, &f)
	if err := f.Err(); err != nil {
		return err
	}
	st, err := ensureSettings(tx, userID, now)
	if err != nil {
		return err
	}
	if st.Mode == mode {
		return nil
	}
	return tx.Model(st).Updates(map[string]any{"mode": mode, "since": now, "updated_at": now}).Error
}

// Unsubscriber is who an unsubscribe token belongs to.
type Unsubscriber struct {
	User *store.User
	Mode string // the mode in effect
}

// ByToken finds the user of an unsubscribe token.
func (s *Service) ByToken(ctx context.Context, token string) (*Unsubscriber, error) {
	db := s.Store.DB.WithContext(ctx)
	notFound := errs.E(errs.NotFound, "notify.bad_token", "This unsubscribe link is not valid.")
	if len(token) != 48 {
		return nil, notFound
	}
	var st EmailSettings
	err := db.Where("unsubscribe_token = ?", token).Take(&st).Error
	if store.IsNotFound(err) {
		return nil, notFound
	}
	if err != nil {
		return nil, errs.Internalf(err, "notify: token")
	}
	var u store.User
	if err := db.Where("id = ?", st.UserID).Take(&u).Error; err != nil {
		return nil, errs.Internalf(err, "notify: token user")
	}
	return &Unsubscriber{User: &u, Mode: modeOf(&st, s.Config.DefaultMode)}, nil
}

// Unsubscribe turns notification e-mail off for the owner of a token.
func (s *Service) Unsubscribe(ctx context.Context, token string) (*Unsubscriber, error) {
	who, err := s.ByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		return SetEmailMode(tx, who.User.ID, config.EmailOff, s.now())
	})
	if err != nil {
		return nil, wrap(err, "notify: unsubscribe")
	}
	who.Mode = config.EmailOff
	return who, nil
}
