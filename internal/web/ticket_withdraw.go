package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
)

// The forms of a ticket's page that its employee sends, named so that a
// refused one shows its error beside itself.
const (
	formWithdraw = "withdraw"
	formReopen   = "reopen"
)

// ticketWithdraw withdraws the employee's own open ticket, with an optional
// reason; refused, the page shows again with why, and what was typed.
func (s *Server) ticketWithdraw(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	_, err = s.help.Withdraw(c.Request().Context(), httpx.User(c), id, c.FormValue("reason"))
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
	}
	return s.ticketFormRefused(c, id, formWithdraw, err, "reason")
}

// ticketReopen reopens the employee's own resolved or withdrawn ticket,
// with their message saying why.
func (s *Server) ticketReopen(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	_, _, err = s.help.Reopen(c.Request().Context(), httpx.User(c), id, c.FormValue("body"))
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10)+"#messages")
	}
	return s.ticketFormRefused(c, id, formReopen, err, "body")
}

// ticketFormRefused shows the ticket's page again with why the employee's
// form was refused (field is the form's text, where a rate limit is said).
func (s *Server) ticketFormRefused(c echo.Context, id int64, form string, err error, field string) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.RateLimited) {
		return err // another's ticket: its page has no such form to show the error beside
	}
	d, derr := s.ticketData(c, id)
	if derr != nil {
		return derr
	}
	d.ActionForm = form
	p := s.newPage(c, "", d)
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	p.NoIndex = true
	return s.formError(c, "tickets_show", p, besideField(err, field))
}
