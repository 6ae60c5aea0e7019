package deflection

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// TicketNote is an internal note on a ticket: written by the hotline (or an
// administrator) for those who work tickets, never shown to the employee,
// never mailed nor sent by webhook. Notes have a table of their own, apart
// from the conversation with the employee (TicketMessage), so that no
// reader of the conversation can show one.
type TicketNote struct {
	ID        int64
	TicketID  int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time
}

// TableName names the table of TicketNote.
func (TicketNote) TableName() string { return "ticket_notes" }

// NoteMax bounds an internal note, in characters.
const NoteMax = MessageMax

// CanNote reports whether u may read and write a ticket's internal notes:
// those who work tickets (the hotline and administrators). The employee who
// filed it may not, nor analysts, who count tickets.
func CanNote(u *store.User) bool { return CanResolve(u) }

// noteTicket checks that actor may read or write the notes of ticket id:
// anyone but the hotline and administrators is refused (the employee who
// filed it too) before the ticket is looked for, as taking and resolving
// it are, so the refusal tells nothing of other people's tickets.
func (s *Service) noteTicket(ctx context.Context, actor *store.User, id int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	if !CanNote(actor) {
		e := errs.E(errs.Forbidden, "ticket.notes_forbidden", "Only the hotline and administrators read and write a ticket's internal notes.")
		e.Roles = []string{store.RoleHotline, store.RoleAdmin}
		return e
	}
	_, err := s.holding(ctx, id)
	return err
}

// TicketNotes lists a ticket's internal notes, oldest first, to the hotline
// and administrators.
func (s *Service) TicketNotes(ctx context.Context, actor *store.User, id int64) ([]TicketNote, error) {
	if err := s.noteTicket(ctx, actor, id); err != nil {
		return nil, wrap(err, "ticket notes")
	}
	out := []TicketNote{}
	if err := s.Store.DB.WithContext(ctx).Where("ticket_id = ?", id).Order("id").Find(&out).Error; err != nil {
		return nil, wrap(err, "ticket notes")
	}
	return out, nil
}

// AddNote adds an internal note to a ticket, whatever its status (a note
// on a resolved ticket tells the next agent what came of it). It tells
// nobody and sends nothing: the employee never learns of it.
func (s *Service) AddNote(ctx context.Context, actor *store.User, id int64, body string) (*TicketNote, error) {
	if err := s.noteTicket(ctx, actor, id); err != nil {
		return nil, wrap(err, "ticket note")
	}
	body = strings.TrimSpace(body)
	var f errs.Fields
	if !text.Shows(body) {
		f.Add("body", "ticket.note_empty", "Write a note.")
	} else if p, ok := text.Check(body, 1, NoteMax, true); !ok {
		f.Add("body", p.ID, p.Text, p.KV()...)
	} else if utf8.RuneCountInString(body) > NoteMax {
		f.Add("body", "help.query_long", "Use at most {{.Max}} characters.", "Max", NoteMax)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	n := TicketNote{TicketID: id, AuthorID: actor.ID, Body: body, CreatedAt: s.now()}
	if err := s.Store.DB.WithContext(ctx).Create(&n).Error; err != nil {
		return nil, wrap(err, "ticket note")
	}
	return &n, nil
}
