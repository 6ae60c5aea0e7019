package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
)

// helpTicketPage is the data of the hotline form of a help session.
type helpTicketPage struct {
	Session *deflection.Session
	Viewed  []deflection.Viewed
	Checked map[int64]bool
	helpEnded
}

// helpEnded says, on the ticket and ask forms of a session that takes no
// such outcome any more, how it ended: the form opened again shows that
// instead of itself, and a different ticket or question sent from it is
// refused with its text kept, leading to a new search for it (Again).
type helpEnded struct {
	Ended  bool
	Again  string             // the problem of a refused form, for the new search
	Ending *deflection.Ending // what came of the session, when Ended
}

// ended fills in e for session sess, which takes the form's outcome no
// more when ended: what came of it.
func (s *Server) ended(c echo.Context, e *helpEnded, sess *deflection.Session, ended bool) error {
	if e.Ended = ended; !ended {
		return nil
	}
	var err error
	e.Ending, err = s.help.Ending(c.Request().Context(), s.helpWho(c, false), sess)
	return err
}

func (s *Server) helpTicketData(c echo.Context, id int64) (helpTicketPage, error) {
	ctx := c.Request().Context()
	who := s.helpWho(c, false)
	sess, err := s.help.SessionState(ctx, who, id)
	if err != nil {
		return helpTicketPage{}, err
	}
	viewed, err := s.help.ViewedQuestions(ctx, who, id)
	if err != nil {
		return helpTicketPage{}, err
	}
	d := helpTicketPage{Session: sess, Viewed: viewed, Checked: map[int64]bool{}}
	if err := s.ended(c, &d.helpEnded, sess, !sess.Takes(deflection.OutcomeTicket, s.now())); err != nil {
		return helpTicketPage{}, err
	}
	return d, nil
}

func (s *Server) helpTicketForm(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.helpTicketData(c, id)
	if err != nil {
		return err
	}
	for _, v := range d.Viewed {
		d.Checked[v.ID] = true
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("help.ticket_title")
	p.NoIndex = true
	p.Form = url.Values{"subject": {clip(d.Session.Problem(), deflection.SubjectMax)}, "body": {d.Session.Problem()}}
	if u := p.User; u != nil && u.Email != nil {
		p.Form.Set("email", *u.Email)
	}
	return s.render(c, "help_ticket", p)
}

func (s *Server) helpTicketSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	in := deflection.TicketInput{Subject: form.Get("subject"), Body: form.Get("body"), Email: form.Get("email"),
		ConsentPublish: form.Get("consent_publish") == "on"}
	for _, v := range form["question_ids"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.QuestionIDs = append(in.QuestionIDs, n)
		}
	}
	_, err = s.help.SetOutcome(c.Request().Context(), s.helpWho(c, false), id,
		deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: &in})
	if err == nil { // also the same ticket sent again (a double click, a reload)
		return c.Redirect(http.StatusSeeOther, helpPath(id, "/done"))
	}
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	d, derr := s.helpTicketData(c, id)
	if derr != nil {
		return derr
	}
	for _, q := range in.QuestionIDs {
		d.Checked[q] = true
	}
	if d.Ended {
		d.Again = strings.TrimSpace(in.Subject) // another ticket: refused, its text kept
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("help.ticket_title")
	p.NoIndex = true
	if d.Ended && errs.Is(err, errs.Conflict) {
		return s.endedForm(c, "help_ticket", p, err)
	}
	return s.formError(c, "help_ticket", p, unprefix(err, "ticket."))
}

// endedForm shows a help session's ticket or ask form again, with what was
// typed, refusing it with err (a conflict): the session ended before, and
// the form's notice (help_ended) says how and offers a new search.
func (s *Server) endedForm(c echo.Context, name string, p *page, err error) error {
	p.Status = httpx.Status(errs.As(err).Code)
	p.Form, _ = c.FormParams()
	return s.render(c, name, p)
}

// unprefix names an error's fields as the form does (ticket.subject → subject).
func unprefix(err error, prefix string) error {
	e := errs.As(err)
	out := *e
	out.Fields = make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		f.Field = strings.TrimPrefix(f.Field, prefix)
		out.Fields[i] = f
	}
	return &out
}

// endedWith returns the caller's session when err says it has ended and it
// ended with outcome: a form sent again (a double click, a reload) then
// leads to what the first one did rather than to an error.
func (s *Server) endedWith(c echo.Context, id int64, err error, outcome string) *deflection.Session {
	if !errs.Is(err, errs.Conflict) {
		return nil
	}
	sess, verr := s.help.SessionState(c.Request().Context(), s.helpWho(c, false), id)
	if verr != nil || sess.OutcomeName() != outcome {
		return nil
	}
	return sess
}
