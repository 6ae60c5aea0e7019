package notify

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// E-mail limits.
const (
	MaxEmailAge = 7 * 24 * time.Hour // older notifications are never e-mailed
	MaxAttempts = 5                  // failed sends of a notification before the mailer gives up on it
)

// Mailer e-mails notifications over SMTP: at once or as a daily digest, as
// each user chose. A notification is claimed (emailed_at set) in a committed
// transaction before its e-mail leaves the process; a failed send releases
// it for the next round, up to MaxAttempts. A crash between claim and send
// loses that one e-mail, never the notification in the inbox.
type Mailer struct {
	Store   *store.Store
	Now     func() time.Time
	Config  config.Notify
	BaseURL string // the site's public URL, for links
	T       func(lang, id string, kv ...any) string
	N       func(lang, id string, n int, kv ...any) string
	Log     *slog.Logger
}

func (m *Mailer) log() *slog.Logger {
	if m.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return m.Log
}

// Run sends due e-mail every Config.Interval until ctx ends.
func (m *Mailer) Run(ctx context.Context) {
	t := time.NewTicker(m.Config.Interval)
	defer t.Stop()
	for {
		if n, err := m.SendDue(ctx); err != nil && ctx.Err() == nil {
			m.log().Warn("notification e-mail", "err", err, "sent", n)
		} else if n > 0 {
			m.log().Info("notification e-mail sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DigestSlot is the latest daily digest time at or before now: today at
// hour (UTC), or yesterday's when now is earlier in the day.
func DigestSlot(now time.Time, hour int) time.Time {
	now = now.UTC()
	slot := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, time.UTC)
	if now.Before(slot) {
		slot = slot.AddDate(0, 0, -1)
	}
	return slot
}

// SendDue sends every e-mail that is due now and returns how many it sent;
// it goes on past a failed user and returns the first error.
func (m *Mailer) SendDue(ctx context.Context) (int, error) {
	now := m.Now().UTC()
	var users []int64
	if err := m.Store.DB.WithContext(ctx).Model(&Notification{}).
		Where("emailed_at IS NULL AND created_at >= ?", now.Add(-MaxEmailAge)).
		Distinct("user_id").Order("user_id").Pluck("user_id", &users).Error; err != nil {
		return 0, errs.Internalf(err, "notify: due e-mail")
	}
	sent := 0
	var first error
	for _, id := range users {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		ok, err := m.sendUser(ctx, id, now)
		if err != nil && first == nil {
			first = err
		}
		if ok {
			sent++
		}
	}
	return sent, first
}

// claim is what one user's e-mail carries.
type claim struct {
	user       store.User
	settings   *EmailSettings
	ids        []int64
	digest     bool
	prevDigest *time.Time
}

// sendUser e-mails one user's due notifications, if any.
func (m *Mailer) sendUser(ctx context.Context, userID int64, now time.Time) (bool, error) {
	var c claim
	err := m.Store.Tx(ctx, func(tx *gorm.DB) error {
		c = claim{}
		return m.claim(tx, userID, now, &c)
	})
	if err != nil {
		return false, errs.Internalf(err, "notify: claim e-mail for user %d", userID)
	}
	if len(c.ids) == 0 {
		return false, nil
	}
	var its []Item
	if err := items(m.Store.DB.WithContext(ctx)).Where("n.id IN ?", c.ids).Order("n.id").Scan(&its).Error; err != nil {
		m.release(ctx, &c)
		return false, errs.Internalf(err, "notify: load e-mail items")
	}
	msg := m.compose(&c.user, c.settings.UnsubscribeToken, its, c.digest, now)
	if err := m.send(*c.user.Email, msg); err != nil {
		m.release(ctx, &c)
		return false, errs.Internalf(err, "notify: send e-mail to user %d", userID)
	}
	return true, nil
}

// claim marks the user's due notifications as e-mailed, inside tx.
func (m *Mailer) claim(tx *gorm.DB, userID int64, now time.Time, c *claim) error {
	if err := tx.Where("id = ?", userID).Take(&c.user).Error; err != nil {
		return err
	}
	if !c.user.Active() {
		// A deactivated account (someone who left) gets no mail: what is
		// due is marked so, not kept for a reactivation to mail at once.
		return tx.Model(&Notification{}).Where("user_id = ? AND emailed_at IS NULL", userID).Update("emailed_at", now).Error
	}
	if c.user.Email == nil || *c.user.Email == "" {
		return nil
	}
	st, err := settingsOf(tx, userID)
	if err != nil {
		return err
	}
	mode := modeOf(st, m.Config.DefaultMode)
	if mode == config.EmailOff {
		return nil
	}
	since := now.Add(-MaxEmailAge)
	if st != nil && st.Since.After(since) {
		since = st.Since
	}
	pending := tx.Model(&Notification{}).Where("user_id = ? AND emailed_at IS NULL AND created_at >= ? AND created_at <= ?", userID, since, now)
	if mode == config.EmailDaily {
		slot := DigestSlot(now, m.Config.DigestHour)
		if st != nil && st.LastDigestAt != nil && !st.LastDigestAt.Before(slot) {
			return nil
		}
		// A digest goes out once something waited for this slot.
		var n int64
		if err := pending.Session(&gorm.Session{}).Where("created_at < ?", slot).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		c.digest = true
	}
	if c.settings, err = ensureSettings(tx, userID, now); err != nil {
		return err
	}
	if err := tx.Raw(`UPDATE notifications SET emailed_at = ?
		WHERE user_id = ? AND emailed_at IS NULL AND created_at >= ? AND created_at <= ? RETURNING id`,
		now, userID, since, now).Scan(&c.ids).Error; err != nil {
		return err
	}
	if c.digest {
		c.prevDigest = c.settings.LastDigestAt
		return tx.Model(c.settings).Update("last_digest_at", now).Error
	}
	return nil
}

// release gives claimed notifications back to the queue after a failed
// send, counting the attempt; after MaxAttempts they stay marked (given up).
func (m *Mailer) release(ctx context.Context, c *claim) {
	err := m.Store.Tx(context.WithoutCancel(ctx), func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE notifications SET email_attempts = email_attempts + 1,
			emailed_at = CASE WHEN email_attempts + 1 >= ? THEN emailed_at ELSE NULL END WHERE id IN ?`,
			MaxAttempts, c.ids).Error; err != nil {
			return err
		}
		if c.digest {
			return tx.Model(&EmailSettings{}).Where("user_id = ?", c.user.ID).Update("last_digest_at", c.prevDigest).Error
		}
		return nil
	})
	if err != nil {
		m.log().Error("release e-mail claim", "err", err, "user", c.user.ID)
	}
}
