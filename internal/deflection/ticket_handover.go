package deflection

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// HandOverNoteMax bounds the word an agent leaves for the colleague they
// hand a ticket to. The word may run over several lines.
const HandOverNoteMax = 500

// TicketEventHandedOver is the kind of a ticket's history entry that says an
// agent gave it to a colleague: ActorID the one who gave it, AgentID the
// colleague, HeldBy who held it before (an administrator's Take over is a
// hand-over to themselves from HeldBy), Note their word. Only the hotline's staff read it.
const TicketEventHandedOver = "handed_over"

// Agent is someone a ticket can be handed to: an active hotline agent or
// administrator.
type Agent struct {
	ID          int64
	Username    string
	DisplayName string
}

// Agents lists those who work tickets (active hotline agents and
// administrators), by name, for the hand-over's choice.
func (s *Service) Agents(ctx context.Context) ([]Agent, error) {
	out := []Agent{}
	err := s.Store.DB.WithContext(ctx).Model(&store.User{}).Select("id", "username", "display_name").
		Where("role IN ? AND deactivated_at IS NULL", []string{store.RoleHotline, store.RoleAdmin}).
		Order("display_name, id").Limit(500).Find(&out).Error
	return out, wrap(err, "agents")
}

// HandOver gives an open or waiting ticket to a colleague who works tickets
// (to), with an optional word for them: the ticket's holder hands over
// their own, any agent one nobody holds, an administrator anyone's. The
// colleague is told in their inbox, what asked its holder to work it is
// read in theirs, the ticket's history (which only the hotline reads)
// records it, and an administrator's hand-over of a ticket
// another agent held is told to that agent and is in the audit log about
// them; all in one
// transaction. Handing a ticket to whoever holds it changes nothing.
func (s *Service) HandOver(ctx context.Context, actor *store.User, id, to int64, note string) (*TicketRow, error) {
	if err := requireRole(actor, store.RoleHotline, store.RoleAdmin); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(text.LineEnds(note)) // a word of several lines, as typed
	var f errs.Fields
	if to <= 0 {
		f.Add("to", "ticket.handover_to_required", "Choose the colleague to hand the ticket to.")
	}
	if p, ok := text.Check(note, 0, HandOverNoteMax, true); !ok {
		f.Add("note", p.ID, p.Text, p.KV()...)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		// The giver may not be deactivated meanwhile (see Take).
		if err := auth.LockActive(tx, actor.ID); err != nil {
			return err
		}
		q := tx
		if tx.Dialector.Name() == "postgres" { // of two hand-overs, takes or releases at once, one waits
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var t Ticket
		err := q.Select("id", "status", "assigned_to").Where("id = ?", id).Take(&t).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
		}
		if err != nil {
			return err
		}
		if t.Closed() {
			return errClosed(&t)
		}
		if t.AssignedTo != nil && *t.AssignedTo != actor.ID && actor.Role != store.RoleAdmin {
			return errs.E(errs.Forbidden, "ticket.handover_not_yours", "{{.Name}} holds this ticket: only they or an administrator can hand it over.",
				"Name", holderName(tx, *t.AssignedTo))
		}
		toName, err := lockAgent(tx, to)
		if err != nil {
			return err
		}
		if t.AssignedTo != nil && *t.AssignedTo == to {
			return nil
		}
		now := s.now()
		res := tx.Model(&Ticket{}).Where("id = ? AND status IN ?", id, []string{TicketOpen, TicketWaiting}).
			Updates(map[string]any{"assigned_to": to, "assigned_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 { // closed meanwhile (SQLite reads without a row lock)
			return errResolved()
		}
		if err := tx.Create(&TicketEvent{TicketID: id, Kind: TicketEventHandedOver, ActorID: actor.ID, AgentID: &to,
			HeldBy: t.AssignedTo, Note: note, CreatedAt: now}).Error; err != nil {
			return err
		}
		if held := t.AssignedTo; held != nil {
			if err := notify.TicketHandedAway(tx, id, *held, now); err != nil {
				return err
			}
		}
		if held := t.AssignedTo; held != nil && *held != actor.ID {
			// An administrator took it from its holder: they are told, so
			// they stop working it. (The employee hears of no hand-over.)
			if err := notify.TicketTakenAway(tx, *held, id, actor.ID, now); err != nil {
				return err
			}
			if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "ticket.handover", TargetType: "user", TargetID: held,
				Detail: "ticket #" + strconv.FormatInt(id, 10) + " to @" + toName, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		if to == actor.ID {
			return nil
		}
		return notify.TicketHandedOver(tx, to, id, actor.ID, now)
	})
	if err != nil {
		return nil, wrap(err, "hand over ticket")
	}
	return s.TicketByID(ctx, actor, id)
}

// lockAgent checks, under a share lock that a deactivation or a change of
// role waits for, that user id works tickets: an active hotline agent or
// administrator, and gives their username. Anyone else is refused on the
// form's field "to".
func lockAgent(tx *gorm.DB, id int64) (string, error) {
	q := tx.Select("id", "username", "role", "deactivated_at").Where("id = ?", id)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "SHARE"})
	}
	var u store.User
	err := q.Take(&u).Error
	if err != nil && !store.IsNotFound(err) {
		return "", err
	}
	if err != nil || !u.Active() || (u.Role != store.RoleHotline && u.Role != store.RoleAdmin) {
		var f errs.Fields
		f.Add("to", "ticket.handover_to_not_agent", "Tickets can be handed only to an active hotline agent or administrator.")
		return "", f.Err()
	}
	return u.Username, nil
}
