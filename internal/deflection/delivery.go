package deflection

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Payload is the JSON a delivery carries to the hotline.
type Payload struct {
	Event  string        `json:"event"` // ticket.created
	Ticket TicketPayload `json:"ticket"`
	Trail  *Trail        `json:"trail"`
}

// TicketPayload is the ticket as the hotline receives it.
type TicketPayload struct {
	ID             int64     `json:"id"`
	Subject        string    `json:"subject"`
	Body           string    `json:"body"`
	Email          string    `json:"email"`
	UserID         *int64    `json:"user_id"`
	Username       string    `json:"username,omitempty"`
	DisplayName    string    `json:"display_name,omitempty"`
	ConsentPublish bool      `json:"consent_publish"`
	Language       string    `json:"language"` // the employee's language (Ticket.MailLang), to answer them in
	CreatedAt      time.Time `json:"created_at"`
	URL            string    `json:"url"`            // the ticket's page on Stackdesk
	ResolutionURL  string    `json:"resolution_url"` // POST the hotline's answer here
}

// ticketPayload is t as the hotline receives it, in tx.
func (s *Service) ticketPayload(tx *gorm.DB, t *Ticket) TicketPayload {
	p := TicketPayload{ID: t.ID, Subject: t.Subject, Body: t.Body,
		Email: t.Email, UserID: t.UserID, ConsentPublish: t.ConsentPublish, CreatedAt: t.CreatedAt,
		URL:           s.url("/tickets/" + strconv.FormatInt(t.ID, 10)),
		ResolutionURL: s.url("/api/v1/tickets/" + strconv.FormatInt(t.ID, 10) + "/resolution"), Language: t.MailLang(nil)}
	if t.UserID != nil {
		var u store.User
		if err := tx.Select("id", "username", "display_name", "language").Where("id = ?", *t.UserID).Take(&u).Error; err == nil {
			p.Username, p.DisplayName, p.Language = u.Username, u.DisplayName, t.MailLang(&u)
		}
	}
	return p
}

// Events a webhook request carries, in its payload's event and its
// X-Stackdesk-Event header.
const (
	EventTicketCreated   = "ticket.created"   // a new ticket (Payload)
	EventTicketMessage   = "ticket.message"   // the employee wrote on their ticket (MessagePayload)
	EventTicketWithdrawn = "ticket.withdrawn" // the employee withdrew their ticket (WithdrawalPayload)
	EventTicketReopened  = "ticket.reopened"  // the employee reopened their ticket, with a message (MessagePayload)
	EventTicketResolved  = "ticket.resolved"  // the hotline's answer, mailed to a ticket filed without logging in (ResolutionPayload, channel reply)
)

// MessagePayload is the JSON a webhook delivery of the employee's message
// on a ticket carries.
type MessagePayload struct {
	Event        string         `json:"event"` // ticket.message
	Ticket       TicketPayload  `json:"ticket"`
	TicketStatus string         `json:"ticket_status"` // the ticket's status after the message
	Message      MessageForHook `json:"message"`
	MessagesURL  string         `json:"messages_url"` // GET the conversation, POST the hotline's answer here
}

// MessageForHook is a message of a ticket's conversation as the hotline
// receives it.
type MessageForHook struct {
	ID        int64     `json:"id"`
	AuthorID  int64     `json:"author_id"`
	Staff     bool      `json:"staff"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// enqueueMessage adds the webhook delivery that tells the hotline's system
// of the employee's message m on ticket t, in tx; without a webhook, none.
// The hotline's own messages are its own doing and are not sent back to it.
func (s *Service) enqueueMessage(tx *gorm.DB, t *Ticket, m *TicketMessage, now time.Time) error {
	if s.Settings.WebhookURL == "" {
		return nil
	}
	id := strconv.FormatInt(t.ID, 10)
	body, err := json.Marshal(MessagePayload{Event: EventTicketMessage, Ticket: s.ticketPayload(tx, t), TicketStatus: t.Status,
		Message:     MessageForHook{ID: m.ID, AuthorID: m.AuthorID, Staff: m.Staff, Body: m.Body, CreatedAt: m.CreatedAt},
		MessagesURL: s.url("/api/v1/tickets/" + id + "/messages")})
	if err != nil {
		return err
	}
	return tx.Create(&Delivery{TicketID: t.ID, Channel: ChannelWebhook, Target: WebhookHost(s.Settings.WebhookURL), Payload: string(body),
		Status: DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}).Error
}

// channels lists the configured delivery channels and their targets.
func (s *Service) channels() map[string]string {
	out := map[string]string{}
	if s.Settings.WebhookURL != "" {
		out[ChannelWebhook] = WebhookHost(s.Settings.WebhookURL) // the address itself is a secret
	}
	if s.Settings.SMTPAddr != "" {
		out[ChannelEmail] = s.Settings.EmailTo
		out[ChannelReply] = "" // each to its ticket's address
	}
	return out
}

// enqueue adds one pending delivery per configured channel, in tx.
func (s *Service) enqueue(tx *gorm.DB, t *Ticket, trail *Trail, now time.Time) error {
	chs := s.channels()
	if len(chs) == 0 {
		return nil
	}
	p := Payload{Event: EventTicketCreated, Trail: trail, Ticket: s.ticketPayload(tx, t)}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	for _, ch := range []string{ChannelWebhook, ChannelEmail} {
		target, ok := chs[ch]
		if !ok {
			continue
		}
		d := &Delivery{TicketID: t.ID, Channel: ch, Target: target, Payload: string(body), Status: DeliveryPending,
			NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(d).Error; err != nil {
			return err
		}
	}
	return nil
}

// DeliveryFilter selects deliveries for the admin list.
type DeliveryFilter struct {
	Status   string // pending, delivered, failed or "" for all
	TicketID int64  // 0 for all; below 0, one that is no id (refused)
	Page     int
	PageSize int
}

// Deliveries lists the delivery queue, newest first (admins).
func (s *Service) Deliveries(ctx context.Context, actor *store.User, f DeliveryFilter) ([]Delivery, int64, error) {
	if err := requireRole(actor, store.RoleAdmin); err != nil {
		return nil, 0, err
	}
	switch f.Status {
	case "", DeliveryPending, DeliveryDelivered, DeliveryFailed:
	default:
		var fe errs.Fields
		fe.Add("status", "delivery.status_value", "The status is pending, delivered or failed.")
		return nil, 0, fe.Err()
	}
	if f.TicketID < 0 {
		var fe errs.Fields
		fe.Add("ticket_id", "field.id_number", "Use an id: a whole number from 1 up.")
		return nil, 0, fe.Err()
	}
	page, size := pageOf(f.Page, f.PageSize)
	q := s.Store.DB.WithContext(ctx).Model(&Delivery{})
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.TicketID > 0 {
		q = q.Where("ticket_id = ?", f.TicketID)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, wrap(err, "deliveries")
	}
	var out []Delivery
	if err := q.Order("id DESC").Offset((page - 1) * size).Limit(size).Find(&out).Error; err != nil {
		return nil, 0, wrap(err, "deliveries")
	}
	return out, total, nil
}

// RetryDelivery makes a failed (or waiting) delivery due now, with a fresh
// set of attempts (admins).
func (s *Service) RetryDelivery(ctx context.Context, actor *store.User, id int64) (*Delivery, error) {
	if err := requireRole(actor, store.RoleAdmin); err != nil {
		return nil, err
	}
	var d Delivery
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		err := tx.Where("id = ?", id).Take(&d).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "delivery.not_found", "No such delivery.")
		}
		if err != nil {
			return err
		}
		if d.Status == DeliveryDelivered {
			return errs.E(errs.Conflict, "delivery.already_delivered", "This delivery has already arrived.")
		}
		now := s.now()
		d.Status, d.Attempts, d.NextAttemptAt, d.LeaseUntil, d.UpdatedAt = DeliveryPending, 0, now, nil, now
		return tx.Model(&Delivery{}).Where("id = ?", id).Updates(map[string]any{
			"status": d.Status, "attempts": 0, "next_attempt_at": now, "lease_until": nil, "updated_at": now}).Error
	})
	if err != nil {
		return nil, wrap(err, "retry delivery")
	}
	return &d, nil
}

// Backoff is the wait after the n-th failed attempt: RetryBase doubled for
// each earlier failure, at most six hours.
func Backoff(base time.Duration, n int) time.Duration {
	const ceiling = 6 * time.Hour
	d := base
	for i := 1; i < n; i++ {
		d *= 2
		if d >= ceiling {
			return ceiling
		}
	}
	return min(d, ceiling)
}
