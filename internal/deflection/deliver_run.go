package deflection

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"stackdesk/internal/errs"
)

// leaseFor is how long a claimed delivery is reserved for one sender.
const leaseFor = 2 * time.Minute

// deliveryBatch bounds the deliveries one run sends.
const deliveryBatch = 20

// RunDeliveries sends each due delivery once and records the result: sent,
// or a retry after the backoff, or failed after the last attempt (a reply
// whose ticket is resolved by then fails unsent, as does a resolution's
// mail whose ticket was reopened since: replyStale). Several
// processes may run it at once; a lease keeps a delivery to one sender. It
// returns how many deliveries it attempted.
func (s *Service) RunDeliveries(ctx context.Context) (int, error) {
	chs := s.channels()
	if len(chs) == 0 {
		return 0, nil
	}
	names := make([]string, 0, len(chs))
	for ch := range chs {
		names = append(names, ch)
	}
	now := s.now()
	db := s.Store.DB.WithContext(ctx)
	var due []int64
	err := db.Model(&Delivery{}).
		Where("status = ? AND next_attempt_at <= ? AND channel IN ? AND (lease_until IS NULL OR lease_until < ?)",
			DeliveryPending, now, names, now).
		Order("next_attempt_at, id").Limit(deliveryBatch).Pluck("id", &due).Error
	if err != nil {
		return 0, wrap(err, "due deliveries")
	}
	n := 0
	for _, id := range due {
		if ctx.Err() != nil {
			break
		}
		d, err := s.claim(ctx, id)
		if err != nil {
			return n, err
		}
		if d == nil {
			continue
		}
		n++
		var status int
		var sendErr error
		if stale, err := s.replyStale(ctx, d); err != nil {
			return n, err
		} else if stale != nil {
			sendErr = stale
		} else {
			status, sendErr = s.send(ctx, d)
		}
		if err := s.record(ctx, d, status, sendErr); err != nil {
			return n, err
		}
	}
	return n, nil
}

// errTicketResolved is why a reply is not sent: its ticket was resolved
// (or withdrawn) since, and its page takes no more answers.
var errTicketResolved = errors.New("not sent: the ticket was resolved")

// errResolutionReplaced is why a resolution's mail is not sent: its ticket
// was reopened since, and is open again or has another resolution, which
// is mailed in its turn.
var errResolutionReplaced = errors.New("not sent: the ticket was reopened")

// replyStale says why d, a reply, is not sent (also when an admin retries
// it), or nil: the hotline's message to the employee, asking for an
// answer, once its ticket is resolved (or withdrawn); the resolution, once
// its ticket is no longer resolved with it (reopened, resolved again).
func (s *Service) replyStale(ctx context.Context, d *Delivery) (why, err error) {
	if d.Channel != ChannelReply {
		return nil, nil
	}
	db := s.Store.DB.WithContext(ctx)
	var t Ticket
	if err := db.Select("id", "status").Where("id = ?", d.TicketID).Take(&t).Error; err != nil {
		return nil, wrap(err, "reply's ticket")
	}
	if d.Event() != EventTicketResolved {
		if t.Closed() {
			return errTicketResolved, nil
		}
		return nil, nil
	}
	if t.Status != TicketResolved {
		return errResolutionReplaced, nil
	}
	// Resolved again since: a later resolution's mail carries the answer.
	var later []Delivery
	if err := db.Select("id", "payload").Where("ticket_id = ? AND channel = ? AND id > ?", d.TicketID, ChannelReply, d.ID).
		Find(&later).Error; err != nil {
		return nil, wrap(err, "reply's ticket")
	}
	for _, l := range later {
		if l.Event() == EventTicketResolved {
			return errResolutionReplaced, nil
		}
	}
	return nil, nil
}

// claim leases a due delivery and counts the attempt; nil if another sender has it.
func (s *Service) claim(ctx context.Context, id int64) (*Delivery, error) {
	now := s.now()
	db := s.Store.DB.WithContext(ctx)
	res := db.Model(&Delivery{}).
		Where("id = ? AND status = ? AND (lease_until IS NULL OR lease_until < ?)", id, DeliveryPending, now).
		Updates(map[string]any{"lease_until": now.Add(leaseFor), "attempts": gormExpr("attempts + 1"), "updated_at": now})
	if res.Error != nil {
		return nil, wrap(res.Error, "claim delivery")
	}
	if res.RowsAffected == 0 {
		return nil, nil
	}
	var d Delivery
	if err := db.Where("id = ?", id).Take(&d).Error; err != nil {
		return nil, wrap(err, "claim delivery")
	}
	return &d, nil
}

// send hands one delivery to its channel.
func (s *Service) send(ctx context.Context, d *Delivery) (int, error) {
	switch d.Channel {
	case ChannelWebhook:
		return s.sendWebhook(ctx, d)
	case ChannelEmail, ChannelReply:
		return 0, s.sendEmail(ctx, d)
	}
	return 0, fmt.Errorf("unknown channel %q", d.Channel)
}

// record stores the result of an attempt.
func (s *Service) record(ctx context.Context, d *Delivery, status int, sendErr error) error {
	now := s.now()
	upd := map[string]any{"lease_until": nil, "last_status": status, "updated_at": now}
	switch {
	case sendErr == nil:
		upd["status"], upd["delivered_at"], upd["last_error"] = DeliveryDelivered, now, ""
	case d.Attempts >= s.Settings.MaxAttempts, unsent(sendErr):
		upd["status"], upd["last_error"] = DeliveryFailed, errText(sendErr)
	default:
		upd["next_attempt_at"], upd["last_error"] = now.Add(Backoff(s.Settings.RetryBase, d.Attempts)), errText(sendErr)
	}
	if sendErr != nil && !unsent(sendErr) {
		s.log().Warn("hotline delivery failed", "delivery", d.ID, "ticket", d.TicketID, "channel", d.Channel,
			"attempt", d.Attempts, "err", sendErr)
	}
	err := s.Store.DB.WithContext(ctx).Model(&Delivery{}).Where("id = ?", d.ID).Updates(upd).Error
	return wrap(err, "record delivery")
}

// unsent reports whether err says why a stale reply was not sent (replyStale).
func unsent(err error) bool {
	return errors.Is(err, errTicketResolved) || errors.Is(err, errResolutionReplaced)
}

func errText(err error) string {
	var e *errs.Error
	msg := err.Error()
	if errors.As(err, &e) && e.Err != nil {
		msg = e.Err.Error()
	}
	msg = strings.ToValidUTF8(msg, "?")
	if len(msg) > 500 {
		msg = msg[:500]
	}
	return msg
}
