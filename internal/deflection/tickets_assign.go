package deflection

import (
	"context"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Take gives an open (or waiting) ticket to the actor (hotline and admins) to work on,
// so other agents see it is in hand. A ticket someone else holds is
// refused (a conflict) until they or an administrator release it; taking
// one's own again changes nothing. One conditional update decides, so of
// two agents taking a ticket at once exactly one holds it.
func (s *Service) Take(ctx context.Context, actor *store.User, id int64) (*TicketRow, error) {
	if err := requireRole(actor, store.RoleHotline, store.RoleAdmin); err != nil {
		return nil, err
	}
	db := s.Store.DB.WithContext(ctx)
	for range 3 { // a ticket released between the update and the read is tried again
		now := s.now()
		var taken int64
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			// A deactivation under way either ends first, and the agent is
			// refused here, or waits and then releases the ticket taken.
			if err := auth.LockActive(tx, actor.ID); err != nil {
				return err
			}
			res := tx.Model(&Ticket{}).Where("id = ? AND status IN ? AND assigned_to IS NULL", id, []string{TicketOpen, TicketWaiting}).
				Updates(map[string]any{"assigned_to": actor.ID, "assigned_at": now, "updated_at": now})
			taken = res.RowsAffected
			return res.Error
		})
		if err != nil {
			return nil, wrap(err, "take ticket")
		}
		if taken == 1 {
			return s.TicketByID(ctx, actor, id)
		}
		t, err := s.holding(ctx, id)
		if err != nil {
			return nil, err
		}
		switch {
		case t.Closed():
			return nil, errClosed(t)
		case t.AssignedTo == nil:
			continue
		case *t.AssignedTo == actor.ID:
			return s.TicketByID(ctx, actor, id)
		}
		return nil, errs.E(errs.Conflict, "ticket.held", "{{.Name}} holds this ticket: take it once they or an administrator release it.",
			"Name", holderName(db, *t.AssignedTo))
	}
	return nil, errs.E(errs.Conflict, "ticket.busy", "Others are taking and releasing this ticket right now: try again.")
}

// Release lets go of a ticket: the hotline its own, admins anyone's.
// Releasing a ticket nobody holds changes nothing. An administrator's
// release of a ticket someone else holds is on record in the audit log,
// about the agent who held it, in the same transaction.
func (s *Service) Release(ctx context.Context, actor *store.User, id int64) (*TicketRow, error) {
	if err := requireRole(actor, store.RoleHotline, store.RoleAdmin); err != nil {
		return nil, err
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if tx.Dialector.Name() == "postgres" { // of a take and a release at once, one waits for the other
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var t Ticket
		err := q.Select("id", "assigned_to").Where("id = ?", id).Take(&t).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
		}
		if err != nil {
			return err
		}
		if t.AssignedTo == nil {
			return nil
		}
		holder := *t.AssignedTo
		if holder != actor.ID && actor.Role != store.RoleAdmin {
			return errs.E(errs.Forbidden, "ticket.release_not_yours", "{{.Name}} holds this ticket: only they or an administrator can release it.",
				"Name", holderName(tx, holder))
		}
		now := s.now()
		if err := tx.Model(&Ticket{}).Where("id = ?", id).
			Updates(map[string]any{"assigned_to": nil, "assigned_at": nil, "updated_at": now}).Error; err != nil {
			return err
		}
		if holder == actor.ID {
			return nil
		}
		return tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "ticket.release", TargetType: "user", TargetID: &holder,
			Detail: "ticket #" + strconv.FormatInt(id, 10), CreatedAt: now}).Error
	})
	if err != nil {
		return nil, wrap(err, "release ticket")
	}
	return s.TicketByID(ctx, actor, id)
}

// holding reads whether a ticket is open and who holds it.
func (s *Service) holding(ctx context.Context, id int64) (*Ticket, error) {
	var t Ticket
	err := s.Store.DB.WithContext(ctx).Select("id", "status", "assigned_to").Where("id = ?", id).Take(&t).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
	}
	if err != nil {
		return nil, wrap(err, "ticket")
	}
	return &t, nil
}

// holderName is the display name of the agent who holds a ticket, for the
// message that tells another agent so: isolated (text.Isolate), so that a
// right-to-left name does not carry the sentence's words to its side.
func holderName(db *gorm.DB, id int64) string {
	var u store.User
	if err := db.Select("id", "display_name", "username").Where("id = ?", id).Take(&u).Error; err != nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	if u.DisplayName != "" {
		return text.Isolate(u.DisplayName)
	}
	return text.Isolate(u.Username)
}
