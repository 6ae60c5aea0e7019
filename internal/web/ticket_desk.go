package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// ticketDeskRoutes registers what those who work tickets do beside the
// conversation: internal notes, the priority and handing a ticket over.
func (s *Server) ticketDeskRoutes() {
	s.Echo.POST("/tickets/:id/notes", s.ticketNote)
	s.Echo.POST("/tickets/:id/priority", s.ticketPriority)
	s.Echo.POST("/tickets/:id/handover", s.ticketHandOverSubmit)
}

// ticketDesk is what a ticket's page shows those who work tickets (the
// hotline and administrators) and nobody else: the internal notes, within
// the conversation, and the priority.
type ticketDesk struct {
	CanNote        bool        // the reader reads and writes internal notes
	CanSetPriority bool        // the reader sets the priority of this open or waiting ticket
	Conversation   []ConvEntry // the messages and, for CanNote, the notes, oldest first
	Note           string      // a refused note, as typed
	NoteForm       bool        // the refused form is the note's
	PriorityForm   bool        // the refused form is the priority's
	Priorities     []string    // the priorities to choose from, the most urgent first
}

// priorityKey starts the message id that names a priority (deflection.Priorities).
const priorityKey = "tickets.priority_"

// ConvEntry is one entry of a ticket's conversation as its page shows it: a
// message, or (Note) an internal note, which only those who work tickets see.
type ConvEntry struct {
	deflection.TicketMessage
	Note bool
}

// ResolveForm reports whether a refused form on the page is the resolution's
// (or there is none): where the page says a form's error that names no field.
func (d ticketPage) ResolveForm() bool {
	return !d.MessageForm && !d.NoteForm && !d.PriorityForm && d.ActionForm == ""
}

// deskData fills d's notes and priority for u, after its messages: the
// conversation holds the notes only for those who may read them.
func (s *Server) deskData(c echo.Context, u *store.User, d *ticketPage) error {
	// A resolved or withdrawn ticket's priority is not set (it is in no queue).
	d.CanNote, d.CanSetPriority, d.Priorities = deflection.CanNote(u), deflection.CanSetPriority(u) && !d.Row.Closed(), deflection.Priorities
	d.Conversation = make([]ConvEntry, 0, len(d.Messages))
	for _, m := range d.Messages {
		d.Conversation = append(d.Conversation, ConvEntry{TicketMessage: m})
	}
	if !d.CanNote {
		return nil
	}
	notes, err := s.help.TicketNotes(c.Request().Context(), u, d.Row.ID)
	if err != nil {
		return err
	}
	ids := make([]*int64, 0, len(notes))
	for _, n := range notes {
		d.Conversation = append(d.Conversation, ConvEntry{TicketMessage: deflection.TicketMessage{ID: n.ID, TicketID: n.TicketID,
			AuthorID: n.AuthorID, Staff: true, Body: n.Body, CreatedAt: n.CreatedAt}, Note: true})
		ids = append(ids, &n.AuthorID)
	}
	sort.SliceStable(d.Conversation, func(i, j int) bool { return d.Conversation[i].CreatedAt.Before(d.Conversation[j].CreatedAt) })
	if len(ids) == 0 {
		return nil
	}
	authors, err := s.qa.Users(c.Request().Context(), ids...)
	if err != nil {
		return err
	}
	if d.Authors == nil {
		d.Authors = map[int64]*store.User{}
	}
	for id, a := range authors {
		d.Authors[id] = a
	}
	return nil
}

// ticketNote adds an internal note to the ticket (the hotline and
// administrators); a refused note shows the page again with why, and with
// what was typed.
func (s *Server) ticketNote(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("note")
	n, err := s.help.AddNote(c.Request().Context(), httpx.User(c), id, body)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10)+"#note-"+strconv.FormatInt(n.ID, 10))
	}
	if !errs.Is(err, errs.Invalid) {
		return s.deskForbidden(c, id, err)
	}
	return s.deskRefused(c, id, asNoteField(err), func(d *ticketPage) { d.NoteForm, d.Note = true, body })
}

// asNoteField names a refused note's text by its field on the page, note
// (body is the message's, on the same page).
func asNoteField(err error) error {
	e := errs.As(err)
	out := *e
	out.Fields = make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if f.Field == "body" {
			f.Field = "note"
		}
		out.Fields[i] = f
	}
	return &out
}

// ticketPriority sets the ticket's priority (the hotline and administrators).
func (s *Server) ticketPriority(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	_, err = s.help.SetPriority(c.Request().Context(), httpx.User(c), id, c.FormValue("priority"))
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
	}
	if !errs.Is(err, errs.BadRequest) && !errs.Is(err, errs.Conflict) { // a closed ticket's (409) is said where the form was
		return s.deskForbidden(c, id, err)
	}
	return s.deskRefused(c, id, err, func(d *ticketPage) { d.PriorityForm = true })
}

// deskForbidden is err, except that a refusal on another's ticket, to
// whoever may not see it, is as if there were none (404), as its page is.
func (s *Server) deskForbidden(c echo.Context, id int64, err error) error {
	if errs.Is(err, errs.Forbidden) {
		if _, derr := s.help.TicketByID(c.Request().Context(), httpx.User(c), id); derr != nil {
			return derr
		}
	}
	return err
}

// deskRefused shows the ticket's page again with why a form of the desk was refused.
func (s *Server) deskRefused(c echo.Context, id int64, err error, form func(*ticketPage)) error {
	d, derr := s.ticketData(c, id)
	if derr != nil {
		return derr
	}
	form(&d)
	p := s.newPage(c, "", d)
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	p.NoIndex = true
	return s.formError(c, "tickets_show", p, err)
}

// PriorityLink is the list's address with a priority filter ("" for any),
// keeping the status, order, assignment, delivery and search.
func (d ticketsPage) PriorityLink(priority string) string {
	d.Priority = priority
	return d.link(d.Status, d.Order, d.Assigned, d.Delivery)
}
