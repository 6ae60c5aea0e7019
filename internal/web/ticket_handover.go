package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// ticketHandOver is what a ticket's page needs to hand the ticket to a
// colleague, and to name who handed it to whom in its history.
type ticketHandOver struct {
	CanHandOver  bool               // the reader may hand the open ticket over now
	CanTakeOver  bool               // the reader, an administrator, may take it from the colleague who holds it
	ReaderID     int64              // whom a take-over hands the ticket to
	Agents       []deflection.Agent // whom it can be handed to: those who work tickets, but its holder and the reader
	HandOverTo   int64              // a refused hand-over's choice
	HandOverNote string             // a refused hand-over's word, as typed
	HandOverForm bool               // the refused form is the hand-over's
	EventUsers   map[int64]*store.User
}

// EventName is the display name of a user the history names by id.
func (d ticketHandOver) EventName(id int64) string {
	if u := d.EventUsers[id]; u != nil {
		return u.DisplayName
	}
	return "#" + strconv.FormatInt(id, 10)
}

// handOverData fills what the page shows of hand-overs: the form (for the
// ticket's holder, for any agent when nobody holds it, for administrators)
// and the names in its history.
func (s *Server) handOverData(c echo.Context, u *store.User, d *ticketPage) error {
	ctx := c.Request().Context()
	ids := []*int64{}
	for i := range d.History {
		if d.History[i].Kind == deflection.TicketEventHandedOver {
			ids = append(ids, &d.History[i].ActorID, d.History[i].AgentID, d.History[i].HeldBy)
		}
	}
	if len(ids) > 0 {
		users, err := s.qa.Users(ctx, ids...)
		if err != nil {
			return err
		}
		d.EventUsers = users
	}
	t := d.Row
	if !d.CanResolve || t.Closed() || (t.AssignedTo != nil && *t.AssignedTo != u.ID && u.Role != store.RoleAdmin) {
		return nil
	}
	// An administrator takes a ticket another holds in one step: a
	// hand-over to themselves, which tells the holder it was taken.
	d.CanTakeOver, d.ReaderID = t.AssignedTo != nil && *t.AssignedTo != u.ID, u.ID
	agents, err := s.help.Agents(ctx)
	if err != nil {
		return err
	}
	for _, a := range agents {
		if a.ID != u.ID && (t.AssignedTo == nil || a.ID != *t.AssignedTo) { // the reader takes one with Take or Take over
			d.Agents = append(d.Agents, a)
		}
	}
	d.CanHandOver = len(d.Agents) > 0
	return nil
}

// ticketHandOverSubmit hands the ticket to the colleague chosen; a refused
// hand-over shows the page again with why, keeping the choice and the word.
func (s *Server) ticketHandOverSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	note := c.FormValue("note")
	to, perr := strconv.ParseInt(c.FormValue("to"), 10, 64)
	if perr != nil {
		to = 0 // refused below as not chosen
	}
	_, err = s.help.HandOver(c.Request().Context(), httpx.User(c), id, to, note)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
	}
	if !errs.Is(err, errs.Invalid) {
		if _, derr := s.help.TicketByID(c.Request().Context(), httpx.User(c), id); derr != nil {
			return derr // another's ticket, to whoever may not see it: as if there were none
		}
		return s.holdRefused(c, id, err)
	}
	return s.deskRefused(c, id, asHandOverField(err), func(d *ticketPage) {
		d.HandOverForm, d.HandOverTo, d.HandOverNote = true, to, note
	})
}

// asHandOverField names a refused hand-over's word by its field on the page,
// handover_note (note is the internal note's, on the same page).
func asHandOverField(err error) error {
	e := errs.As(err)
	out := *e
	out.Fields = make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		switch f.Field {
		case "note":
			f.Field = "handover_note"
		case "to":
			f.Field = "handover_to"
		}
		out.Fields[i] = f
	}
	return &out
}
