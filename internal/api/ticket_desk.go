package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/httpx"
)

// TicketNoteInputJSON is an internal note on a ticket.
type TicketNoteInputJSON struct {
	Body string `json:"body"`
}

// TicketNoteJSON is an internal note on a ticket: the hotline's and
// administrators' to read, never the employee's.
type TicketNoteJSON struct {
	ID        int64     `json:"id"`
	TicketID  int64     `json:"ticket_id"`
	AuthorID  int64     `json:"author_id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// TicketHandOverJSON hands a ticket to a colleague who works tickets (the
// user id of an active hotline agent or administrator), with an optional
// word for them.
type TicketHandOverJSON struct {
	To   int64  `json:"to"`
	Note string `json:"note,omitempty"`
}

// TicketPriorityJSON sets a ticket's priority: low, normal, high or urgent.
type TicketPriorityJSON struct {
	Priority string `json:"priority"`
}

func ticketNoteJSON(n deflection.TicketNote) TicketNoteJSON {
	return TicketNoteJSON{ID: n.ID, TicketID: n.TicketID, AuthorID: n.AuthorID, Body: n.Body, CreatedAt: n.CreatedAt}
}

// listTicketNotes lists a ticket's internal notes, oldest first (hotline, admins).
func (h *handlers) listTicketNotes(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ns, err := h.Help.TicketNotes(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	items := make([]TicketNoteJSON, len(ns))
	for i, n := range ns {
		items[i] = ticketNoteJSON(n)
	}
	return c.JSON(http.StatusOK, list(items, int64(len(items)), 1, max(len(items), 1)))
}

// addTicketNote adds an internal note to a ticket (hotline, admins).
func (h *handlers) addTicketNote(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in TicketNoteInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	n, err := h.Help.AddNote(c.Request().Context(), u, id, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ticketNoteJSON(*n))
}

// setTicketPriority sets a ticket's priority (hotline, admins).
func (h *handlers) setTicketPriority(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in TicketPriorityJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	row, err := h.Help.SetPriority(c.Request().Context(), u, id, in.Priority)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}

// handOverTicket hands an open or waiting ticket to a colleague: the
// caller's own, one nobody holds, or (admins) anyone's.
func (h *handlers) handOverTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in TicketHandOverJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	row, err := h.Help.HandOver(c.Request().Context(), u, id, in.To, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}
