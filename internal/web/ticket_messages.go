package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
)

// ticketMessage adds a message to the ticket's conversation: the hotline's
// (which may set it waiting on the employee) or the employee's. A refused
// message shows the page again with why, and with what was typed.
func (s *Server) ticketMessage(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	in := deflection.MessageInput{Body: c.FormValue("body"), Waiting: c.FormValue("waiting") == "on"}
	_, _, err = s.help.PostMessage(c.Request().Context(), httpx.User(c), id, in)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10)+"#messages")
	}
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.RateLimited) {
		return err
	}
	d, derr := s.ticketData(c, id)
	if derr != nil {
		return derr
	}
	d.MessageForm, d.Message = true, in.Body
	p := s.newPage(c, "", d)
	p.back = "/tickets/" + strconv.FormatInt(id, 10)
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	p.NoIndex = true
	return s.formError(c, "tickets_show", p, besideField(err, "body"))
}
