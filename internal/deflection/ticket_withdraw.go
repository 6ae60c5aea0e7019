package deflection

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// ReopenWindow is how long after a ticket was resolved (or withdrawn) its
// employee may reopen it; later, they file a new ticket.
const ReopenWindow = 14 * 24 * time.Hour

// WithdrawReasonMax bounds the employee's reason for a withdrawal, in characters.
const WithdrawReasonMax = 500

// CanWithdraw reports whether u is the employee who filed ticket t while
// logged in: the one who may withdraw and reopen it. The hotline works
// tickets by its own actions (resolve, messages), not by these.
func CanWithdraw(u *store.User, t *Ticket) bool {
	return u != nil && t.UserID != nil && *t.UserID == u.ID
}

// ReopenableUntil is until when the employee may reopen ticket t: ReopenWindow
// after it was closed; nil while it is open or waiting.
func (t *Ticket) ReopenableUntil() *time.Time {
	at := t.ClosedAt()
	if at == nil {
		return nil
	}
	until := at.Add(ReopenWindow)
	return &until
}

// Reopenable reports whether ticket t is closed and may be reopened now,
// within ReopenWindow of its closing.
func (s *Service) Reopenable(t *Ticket) bool {
	until := t.ReopenableUntil()
	return until != nil && s.now().Before(*until)
}

// filedTicket reads and locks ticket id for the employee who filed it; to
// those who see tickets (the hotline, analysts, admins) another's ticket is
// forbidden, to others as if there were none, as its messages are.
func filedTicket(tx *gorm.DB, actor *store.User, id int64) (*Ticket, error) {
	return ticketAllowed(tx, actor, id, true, CanWithdraw,
		errs.M("ticket.filer_only", "Only the employee who filed this ticket can withdraw or reopen it."))
}

// Withdraw closes an open or waiting ticket at the request of the employee
// who filed it, with an optional reason ("I found the answer"): it leaves
// the hotline's queue and whoever held it is let go of it and told in
// their inbox; the hotline's system is told by its webhook (when one is
// configured); the ticket's history records it. All in one transaction.
// A ticket already withdrawn or resolved is a conflict. The help session's
// outcome stays ticket: the dashboard counts what the employee did then.
func (s *Service) Withdraw(ctx context.Context, actor *store.User, id int64, reason string) (*TicketRow, error) {
	reason = strings.TrimSpace(reason)
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		t, err := filedTicket(tx, actor, id)
		if err != nil {
			return err
		}
		if t.Closed() {
			return errClosed(t)
		}
		if p, ok := text.Check(reason, 0, WithdrawReasonMax, false); !ok {
			var f errs.Fields
			f.Add("reason", p.ID, p.Text, p.KV()...)
			return f.Err()
		}
		now := s.now()
		res := tx.Model(&Ticket{}).Where("id = ? AND status IN ?", id, []string{TicketOpen, TicketWaiting}).Updates(map[string]any{
			"status": TicketWithdrawn, "withdrawn_at": now, "withdrawal_reason": reason,
			"assigned_to": nil, "assigned_at": nil, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 { // closed meanwhile (SQLite reads without a row lock)
			return errWithdrawn()
		}
		if err := notify.TicketSettled(tx, id, now); err != nil {
			return err
		}
		holder := t.AssignedTo
		if err := tx.Create(&TicketEvent{TicketID: id, Kind: TicketEventWithdrawn, ActorID: actor.ID, AgentID: holder,
			Note: reason, CreatedAt: now}).Error; err != nil {
			return err
		}
		t.Status, t.WithdrawnAt, t.WithdrawalReason, t.AssignedTo, t.AssignedAt = TicketWithdrawn, &now, reason, nil, nil
		if err := s.enqueueWithdrawal(tx, t, now); err != nil {
			return err
		}
		if holder == nil {
			return nil
		}
		return notify.TicketWithdrawn(tx, *holder, id, actor.ID, now)
	})
	if err != nil {
		return nil, wrap(err, "withdraw ticket")
	}
	return s.TicketByID(ctx, actor, id)
}

// Reopen puts a resolved or withdrawn ticket back in the hotline's open
// queue at the request of the employee who filed it, within ReopenWindow
// of its closing, with their message saying why (a message of the
// ticket's conversation). The agent who resolved it (or held it when it
// was withdrawn) is told in their inbox, the hotline's system by its
// webhook; the ticket's history keeps the answer it had, which a new
// resolution replaces. All in one transaction. An open ticket is a
// conflict, as is one closed longer ago than the window: file a new one.
func (s *Service) Reopen(ctx context.Context, actor *store.User, id int64, body string) (*TicketMessage, *TicketRow, error) {
	body = strings.TrimSpace(body)
	var msg TicketMessage
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		t, err := filedTicket(tx, actor, id)
		if err != nil {
			return err
		}
		if !t.Closed() {
			return errs.E(errs.Conflict, "ticket.not_closed", "This ticket is open: write to the hotline on it instead.")
		}
		now := s.now()
		if !s.Reopenable(t) {
			return errs.E(errs.Conflict, "ticket.reopen_expired",
				"This ticket was closed more than {{.Days}} days ago and can no longer be reopened: file a new ticket.",
				"Days", int(ReopenWindow/(24*time.Hour)))
		}
		var f errs.Fields
		checkMessage(&f, body)
		if err := f.Err(); err != nil {
			return err
		}
		if err := s.throttleEmployee(tx, t.ID, now); err != nil {
			return err
		}
		agent, note := t.ResolvedBy, t.Resolution
		if t.Status == TicketWithdrawn {
			agent, note = s.withdrawnHolder(tx, t.ID), ""
		}
		msg = TicketMessage{TicketID: t.ID, AuthorID: actor.ID, Body: body, CreatedAt: now}
		if err := tx.Create(&msg).Error; err != nil {
			return err
		}
		res := tx.Model(&Ticket{}).Where("id = ? AND status = ?", id, t.Status).Updates(map[string]any{
			"status": TicketOpen, "resolution": "", "resolved_by": nil, "resolved_at": nil,
			"withdrawn_at": nil, "withdrawal_reason": "", "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 { // reopened meanwhile (SQLite reads without a row lock)
			return errs.E(errs.Conflict, "ticket.not_closed", "This ticket is open: write to the hotline on it instead.")
		}
		if err := tx.Create(&TicketEvent{TicketID: id, Kind: TicketEventReopened, ActorID: actor.ID, AgentID: agent,
			Note: note, MessageID: &msg.ID, CreatedAt: now}).Error; err != nil {
			return err
		}
		t.Status, t.Resolution, t.ResolvedBy, t.ResolvedAt, t.WithdrawnAt, t.WithdrawalReason, t.UpdatedAt = TicketOpen, "", nil, nil, nil, "", now
		if err := s.enqueueReopening(tx, t, &msg, now); err != nil {
			return err
		}
		if agent == nil || *agent == actor.ID {
			return nil
		}
		// Only an agent who still works tickets is told: one demoted or
		// deactivated since could not open the ticket's page.
		var who store.User
		if err := tx.Select("id", "role", "deactivated_at").Where("id = ?", *agent).Take(&who).Error; err != nil {
			if store.IsNotFound(err) {
				return nil
			}
			return err
		}
		if !CanResolve(&who) || !who.Active() {
			return nil
		}
		return notify.TicketReopened(tx, *agent, id, actor.ID, now)
	})
	if err != nil {
		return nil, nil, wrap(err, "reopen ticket")
	}
	row, err := s.TicketByID(ctx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	return &msg, row, nil
}

// withdrawnHolder is the agent who held ticket id when it was last
// withdrawn, or nil.
func (s *Service) withdrawnHolder(tx *gorm.DB, id int64) *int64 {
	var e TicketEvent
	if err := tx.Where("ticket_id = ? AND kind = ?", id, TicketEventWithdrawn).Order("id DESC").Take(&e).Error; err != nil {
		return nil
	}
	return e.AgentID
}

// TicketHistory lists a ticket's withdrawals and reopenings (and, for the
// hotline, its hand-overs), oldest first, to whoever may read the ticket.
func (s *Service) TicketHistory(ctx context.Context, actor *store.User, id int64) ([]TicketEvent, error) {
	row, err := s.TicketByID(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.HistoryOf(ctx, actor, row)
}

// HistoryOf lists the withdrawals and reopenings of a ticket its caller
// has read with TicketByID (and so may read), oldest first, without
// reading the ticket again; hand-overs between agents only to those who
// work tickets (hotline, admins), the employee never.
func (s *Service) HistoryOf(ctx context.Context, actor *store.User, row *TicketRow) ([]TicketEvent, error) {
	out := []TicketEvent{}
	q := s.Store.DB.WithContext(ctx).Where("ticket_id = ?", row.ID)
	if actor == nil || (actor.Role != store.RoleHotline && actor.Role != store.RoleAdmin) {
		q = q.Where("kind <> ?", TicketEventHandedOver)
	}
	if err := q.Order("id").Find(&out).Error; err != nil {
		return nil, wrap(err, "ticket history")
	}
	return out, nil
}

// WithdrawalPayload is the JSON a webhook delivery of a withdrawal carries.
type WithdrawalPayload struct {
	Event        string        `json:"event"` // ticket.withdrawn
	Ticket       TicketPayload `json:"ticket"`
	TicketStatus string        `json:"ticket_status"` // withdrawn
	Reason       string        `json:"reason"`        // the employee's word on why; may be ""
	WithdrawnAt  time.Time     `json:"withdrawn_at"`
}

// enqueueWithdrawal adds the webhook delivery that tells the hotline's
// system that the employee withdrew ticket t, in tx; without a webhook, none.
func (s *Service) enqueueWithdrawal(tx *gorm.DB, t *Ticket, now time.Time) error {
	if s.Settings.WebhookURL == "" {
		return nil
	}
	body, err := json.Marshal(WithdrawalPayload{Event: EventTicketWithdrawn, Ticket: s.ticketPayload(tx, t), TicketStatus: t.Status,
		Reason: t.WithdrawalReason, WithdrawnAt: now})
	if err != nil {
		return err
	}
	return s.enqueueHook(tx, t.ID, string(body), now)
}

// enqueueReopening adds the webhook delivery that tells the hotline's
// system that the employee reopened ticket t with message m (a
// MessagePayload of event ticket.reopened), in tx; without a webhook, none.
func (s *Service) enqueueReopening(tx *gorm.DB, t *Ticket, m *TicketMessage, now time.Time) error {
	if s.Settings.WebhookURL == "" {
		return nil
	}
	body, err := json.Marshal(MessagePayload{Event: EventTicketReopened, Ticket: s.ticketPayload(tx, t), TicketStatus: t.Status,
		Message:     MessageForHook{ID: m.ID, AuthorID: m.AuthorID, Staff: m.Staff, Body: m.Body, CreatedAt: m.CreatedAt},
		MessagesURL: s.url("/api/v1/tickets/" + itoa(t.ID) + "/messages")})
	if err != nil {
		return err
	}
	return s.enqueueHook(tx, t.ID, string(body), now)
}

// enqueueHook adds one pending webhook delivery of payload about ticket id, in tx.
func (s *Service) enqueueHook(tx *gorm.DB, id int64, payload string, now time.Time) error {
	return tx.Create(&Delivery{TicketID: id, Channel: ChannelWebhook, Target: WebhookHost(s.Settings.WebhookURL), Payload: payload,
		Status: DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}).Error
}
