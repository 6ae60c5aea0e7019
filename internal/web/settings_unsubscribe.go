package web

import (
	"github.com/labstack/echo/v4"

	"stackdesk/internal/notify"
)

// unsubscribePage is the data of the unsubscribe page.
type unsubscribePage struct {
	Token string
	Who   *notify.Unsubscriber
	Done  bool
}

// unsubscribeForm asks to confirm, so that link scanners that open every
// link in an e-mail do not unsubscribe anyone.
func (s *Server) unsubscribeForm(c echo.Context) error {
	who, err := s.notes.ByToken(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "", unsubscribePage{Token: c.Param("token"), Who: who})
	p.Title = p.T("unsubscribe.title")
	p.NoIndex = true
	return s.render(c, "settings_unsubscribe", p)
}

// unsubscribeSubmit turns notification e-mail off: from the confirmation
// form, or as a mail program's one-click unsubscribe (RFC 8058).
func (s *Server) unsubscribeSubmit(c echo.Context) error {
	who, err := s.notes.Unsubscribe(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	p := s.newPage(c, "", unsubscribePage{Who: who, Done: true})
	p.Title = p.T("unsubscribe.title")
	p.NoIndex = true
	return s.render(c, "settings_unsubscribe", p)
}
