package deflection

import (
	"context"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Ticket priorities, from the least to the most urgent. A new ticket is
// normal; the hotline sets another.
const (
	PriorityLow    = "low"
	PriorityNormal = "normal"
	PriorityHigh   = "high"
	PriorityUrgent = "urgent"
)

// Priorities lists the priorities from the most urgent down, as the queue
// sorted by priority lists them.
var Priorities = []string{PriorityUrgent, PriorityHigh, PriorityNormal, PriorityLow}

// OrderPriority sorts the ticket list by priority, the most urgent first,
// and the oldest first within one priority, as a queue is worked.
const OrderPriority = "priority"

// priorityOrder is the SQL order of OrderPriority.
const priorityOrder = "CASE priority WHEN '" + PriorityUrgent + "' THEN 0 WHEN '" + PriorityHigh + "' THEN 1 WHEN '" +
	PriorityNormal + "' THEN 2 ELSE 3 END, id"

// AuditTicketPriority is the audit log's action for a ticket's priority
// set: about the ticket, detailed "low → urgent".
const AuditTicketPriority = "ticket.priority"

// errPriority refuses a priority that is none of Priorities, named by field.
func errPriority(field string) error {
	e := errs.E(errs.BadRequest, "ticket.priority_value", "The priority is low, normal, high or urgent.")
	e.Fields = []errs.FieldError{{Field: field, Msg: e.Msg}}
	return e
}

// CanSetPriority reports whether u may set a ticket's priority: those who
// work tickets (the hotline and administrators).
func CanSetPriority(u *store.User) bool { return CanResolve(u) }

// SetPriority sets the priority of an open or waiting ticket (the hotline
// and administrators) and records it in the audit log, about the ticket,
// in the same transaction. Setting the priority it has changes nothing and
// records nothing. A resolved or withdrawn ticket's priority is not set
// (409: there is no queue to rank it in, until it is reopened). Anyone else
// is refused (the employee who filed it too) before the ticket is looked
// for, as taking and resolving it are.
func (s *Service) SetPriority(ctx context.Context, actor *store.User, id int64, priority string) (*TicketRow, error) {
	if err := requireRole(actor, store.RoleHotline, store.RoleAdmin); err != nil { // CanSetPriority
		return nil, err
	}
	if !slices.Contains(Priorities, priority) {
		return nil, errPriority("priority")
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if tx.Dialector.Name() == "postgres" { // two agents at once: each audit entry says what it changed
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var t Ticket
		err := q.Select("id", "priority", "status").Where("id = ?", id).Take(&t).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
		}
		if err != nil {
			return err
		}
		if err := priorityClosed(&t); err != nil {
			return err
		}
		if t.Priority == priority {
			return nil
		}
		now := s.now()
		if err := tx.Model(&Ticket{}).Where("id = ?", id).Updates(map[string]any{"priority": priority, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: AuditTicketPriority, TargetType: "ticket", TargetID: &id,
			Detail: t.Priority + " → " + priority, CreatedAt: now}).Error
	})
	if err != nil {
		return nil, wrap(err, "ticket priority")
	}
	return s.TicketByID(ctx, actor, id)
}

// priorityClosed refuses to set a resolved or withdrawn ticket's priority.
func priorityClosed(t *Ticket) error {
	switch t.Status {
	case TicketResolved:
		return errs.E(errs.Conflict, "ticket.priority_resolved", "This ticket is resolved: its priority can no longer be changed.")
	case TicketWithdrawn:
		return errs.E(errs.Conflict, "ticket.priority_withdrawn", "This ticket is withdrawn: its priority can no longer be changed.")
	}
	return nil
}
