package deflection

import (
	"context"
	"strconv"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Take gives an open ticket to the actor (hotline and admins) to work on,
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
		res := db.Model(&Ticket{}).Where("id = ? AND status = ? AND assigned_to IS NULL", id, TicketOpen).
			Updates(map[string]any{"assigned_to": actor.ID, "assigned_at": now, "updated_at": now})
		if res.Error != nil {
			return nil, wrap(res.Error, "take ticket")
		}
		if res.RowsAffected == 1 {
			return s.TicketByID(ctx, actor, id)
		}
		t, err := s.holding(ctx, id)
		if err != nil {
			return nil, err
		}
		switch {
		case t.Status == TicketResolved:
			return nil, errResolved()
		case t.AssignedTo == nil:
			continue
		case *t.AssignedTo == actor.ID:
			return s.TicketByID(ctx, actor, id)
		}
		return nil, errs.E(errs.Conflict, "ticket.held", "{{.Name}} holds this ticket: take it once they or an administrator release it.",
			"Name", s.holderName(ctx, *t.AssignedTo))
	}
	return nil, errs.E(errs.Conflict, "ticket.busy", "Others are taking and releasing this ticket right now: try again.")
}

// Release lets go of a ticket: the hotline its own, admins anyone's.
// Releasing a ticket nobody holds changes nothing.
func (s *Service) Release(ctx context.Context, actor *store.User, id int64) (*TicketRow, error) {
	if err := requireRole(actor, store.RoleHotline, store.RoleAdmin); err != nil {
		return nil, err
	}
	db := s.Store.DB.WithContext(ctx)
	q := db.Model(&Ticket{}).Where("id = ? AND assigned_to IS NOT NULL", id)
	if actor.Role != store.RoleAdmin {
		q = q.Where("assigned_to = ?", actor.ID)
	}
	res := q.Updates(map[string]any{"assigned_to": nil, "assigned_at": nil, "updated_at": s.now()})
	if res.Error != nil {
		return nil, wrap(res.Error, "release ticket")
	}
	if res.RowsAffected == 0 {
		t, err := s.holding(ctx, id)
		if err != nil {
			return nil, err
		}
		if t.AssignedTo != nil && *t.AssignedTo != actor.ID {
			return nil, errs.E(errs.Forbidden, "ticket.release_not_yours", "{{.Name}} holds this ticket: only they or an administrator can release it.",
				"Name", s.holderName(ctx, *t.AssignedTo))
		}
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
func (s *Service) holderName(ctx context.Context, id int64) string {
	var u store.User
	if err := s.Store.DB.WithContext(ctx).Select("id", "display_name", "username").Where("id = ?", id).Take(&u).Error; err != nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	if u.DisplayName != "" {
		return text.Isolate(u.DisplayName)
	}
	return text.Isolate(u.Username)
}
