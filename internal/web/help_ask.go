package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
)

// helpAskPage is the data of the ask form of a help session.
type helpAskPage struct {
	Session *deflection.Session
	helpEnded
}

func (s *Server) helpAskForm(c echo.Context) error {
	if httpx.User(c) == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	sess, err := s.help.SessionState(c.Request().Context(), s.helpWho(c, false), id)
	if err != nil {
		return err
	}
	d := helpAskPage{Session: sess}
	if err := s.ended(c, &d.helpEnded, sess, !sess.Takes(deflection.OutcomeAsked, s.now())); err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("help.ask_title")
	p.Form = url.Values{"title": {clip(sess.Problem(), qa.TitleMax)}, "body": {sess.Problem()}}
	return s.render(c, "help_ask", p)
}

func (s *Server) helpAskSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	who := s.helpWho(c, false)
	in := qa.QuestionInput{Title: c.FormValue("title"), Body: c.FormValue("body"), Tags: qa.SplitTags(c.FormValue("tags"))}
	q, err := s.help.AskFromSession(ctx, who, id, in) // the same question sent again gives back the first
	if err != nil {
		sess, verr := s.help.SessionState(ctx, who, id)
		if verr != nil {
			return verr
		}
		d := helpAskPage{Session: sess}
		if errs.Is(err, errs.Conflict) && !sess.Takes(deflection.OutcomeAsked, s.now()) {
			// Another question from a session that ended: refused, its text kept.
			if eerr := s.ended(c, &d.helpEnded, sess, true); eerr != nil {
				return eerr
			}
			d.Again = strings.TrimSpace(in.Title)
		}
		p := s.newPage(c, "", d)
		p.Title = p.T("help.ask_title")
		if d.Ended {
			return s.endedForm(c, "help_ask", p, err)
		}
		return s.formError(c, "help_ask", p, err)
	}
	return c.Redirect(http.StatusSeeOther, questionPath(q.ID, q.Title))
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
