package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
)

func (s *Server) askForm(c echo.Context) error {
	if httpx.User(c) == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	p := s.newPage(c, "", nil)
	p.Title = p.T("ask.title")
	p.Form = c.QueryParams() // a prefilled title, e.g. from search
	return s.render(c, "ask", p)
}

func (s *Server) askSubmit(c echo.Context) error {
	in := qa.QuestionInput{Title: c.FormValue("title"), Body: c.FormValue("body"), Tags: qa.SplitTags(c.FormValue("tags"))}
	q, err := s.qa.Ask(c.Request().Context(), httpx.User(c), in)
	if err != nil {
		p := s.newPage(c, "", nil)
		p.Title = p.T("ask.title")
		return s.formError(c, "ask", p, err)
	}
	return c.Redirect(http.StatusSeeOther, questionPath(q.ID, q.Title))
}
