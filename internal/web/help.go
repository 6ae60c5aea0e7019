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
	"stackdesk/internal/reputation"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
)

// helpPage is the data of the Get-help page.
type helpPage struct {
	Session *deflection.Session // nil before the first search
	// Rewarded says, on the page after "This solved my problem", that the
	// reader's word paid the answer's author (not their own answer, with
	// the vote-up privilege): the thanks say so only then.
	Rewarded    bool
	Query       string
	Suggestions []engine.Item
	Open        bool // the session takes searches and an outcome
	Autostart   bool // a problem given in the address: the script searches it at once
	// Ending is what came of a session that ended (the question asked or
	// that solved it, the ticket filed), said with the notice that it ended.
	Ending *deflection.Ending
	// Shown is, for a session that ended, the search whose suggestions the
	// page keeps as what the visitor was shown then (Query, the search
	// field's text, is then empty: it is for a new problem).
	Shown string
	// AskAgain and TicketAgain say that a session that ended still takes
	// a question (it was solved, but not after all) or a ticket (solved or
	// asked): the page offers them for the same problem.
	AskAgain, TicketAgain bool
	// Following says which suggested questions the logged-in visitor
	// follows: those nobody has answered yet carry a Follow button.
	Following map[int64]bool
}

// helpWho identifies the visitor of the help pages, making a visitor id when asked.
func (s *Server) helpWho(c echo.Context, create bool) deflection.Who {
	secure := s.cfg.SecureCookies() || c.Scheme() == "https"
	return deflection.Who{User: httpx.User(c), Visitor: httpx.Visitor(c, create, secure), Client: c.RealIP(), Account: httpx.Account(c), Lang: httpx.Lang(c)}
}

func (s *Server) renderHelp(c echo.Context, d helpPage, err error) error {
	d.Open = d.Session != nil && d.Session.OpenAt(s.now())
	if d.Session != nil && !d.Open {
		ending, eerr := s.help.Ending(c.Request().Context(), s.helpWho(c, false), d.Session)
		if eerr != nil {
			return eerr
		}
		d.Ending = ending
		now := s.now()
		d.AskAgain, d.TicketAgain = d.Session.Takes(deflection.OutcomeAsked, now), d.Session.Takes(deflection.OutcomeTicket, now)
	}
	if u := httpx.User(c); u != nil && s.notes != nil && len(d.Suggestions) > 0 {
		ids := make([]int64, len(d.Suggestions))
		for i, it := range d.Suggestions {
			ids[i] = it.Post.ID
		}
		following, ferr := s.notes.FollowsQuestions(c.Request().Context(), u, ids)
		if ferr != nil {
			return ferr
		}
		d.Following = following
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("help.title")
	p.NoIndex = true
	if err != nil {
		return s.formError(c, "help", p, err)
	}
	return s.render(c, "help", p)
}

// helpForm shows the empty Get-help page (a ?query= prefills it).
func (s *Server) helpForm(c echo.Context) error {
	q := c.QueryParam("query")
	return s.renderHelp(c, helpPage{Query: q, Autostart: strings.TrimSpace(q) != ""}, nil)
}

// helpSubmit starts a session, or adds a search to the visitor's open one,
// and shows its suggestions: the Get-help page without JavaScript.
func (s *Server) helpSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	who := s.helpWho(c, true)
	query := c.FormValue("query")
	if id, _ := strconv.ParseInt(c.FormValue("session"), 10, 64); id > 0 {
		res, err := s.help.AddEvent(ctx, who, id, deflection.EventInput{Type: deflection.EventSearch, Query: query})
		switch {
		case err == nil:
			return c.Redirect(http.StatusSeeOther, helpPath(res.Session.ID, ""))
		case errs.Is(err, errs.Invalid):
			v, verr := s.help.Session(ctx, who, id)
			if verr != nil {
				return verr
			}
			return s.renderHelp(c, helpPage{Session: v.Session, Query: query, Suggestions: v.Suggestions}, err)
		case !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.NotFound):
			return err
		}
		// An ended or foreign session: start afresh.
	}
	v, err := s.help.Start(ctx, who, query)
	if err != nil {
		return s.renderHelp(c, helpPage{Query: query}, err)
	}
	return c.Redirect(http.StatusSeeOther, helpPath(v.Session.ID, ""))
}

// helpSession shows a session's latest search with its suggestions and the choices.
func (s *Server) helpSession(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	sess, err := s.help.SessionState(c.Request().Context(), s.helpWho(c, false), id)
	if err != nil {
		return err
	}
	if sess.Source == deflection.SourceSearch && sess.LastQuery != "" {
		// Its suggestions were search results: back to them.
		return c.Redirect(http.StatusSeeOther, "/search?"+url.Values{"q": {sess.LastQuery}, "help": {strconv.FormatInt(id, 10)}}.Encode())
	}
	v, err := s.help.Session(c.Request().Context(), s.helpWho(c, false), id)
	if err != nil {
		return err
	}
	d := helpPage{Session: v.Session, Query: v.Session.LastQuery, Suggestions: v.Suggestions}
	if !v.Session.OpenAt(s.now()) {
		// Its suggestions are kept as what was shown; the field is for a new problem.
		d.Shown, d.Query = d.Query, ""
	}
	return s.renderHelp(c, d, nil)
}

// helpOpen records that a suggestion was opened and shows the question,
// which then asks whether it solved the problem. A question that is not
// there (or not a live question) is a 404, whoever's the session; one the
// session never showed leads back to its suggestions, saying so (only
// those open through it, and may solve it); a
// session that is not the visitor's (missing, or a link someone shared)
// records nothing and leads to the plain question; the visitor's ended
// session leads to the question with it, whose page knows it ended.
func (s *Server) helpOpen(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	qid, err := httpx.ParamID(c, "qid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	noQuestion := errs.E(errs.NotFound, "help.no_question", "No such question.")
	_, err = s.help.AddEvent(ctx, s.helpWho(c, false), id, deflection.EventInput{Type: deflection.EventView, QuestionID: qid})
	switch {
	case deflection.NotShown(err):
		return s.notShown(c, id, err)
	case errs.Is(err, errs.Invalid):
		return noQuestion
	case errs.Is(err, errs.NotFound), errs.Is(err, errs.Conflict):
		// The session was looked at before the question: look at it now.
		q, qerr := s.qa.Post(ctx, qid)
		if errs.Is(qerr, errs.NotFound) || (qerr == nil && q.Type != store.PostQuestion) {
			return noQuestion
		}
		if qerr != nil {
			return qerr
		}
		if errs.Is(err, errs.NotFound) {
			return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(qid, 10))
		}
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(qid, 10)+"?help="+strconv.FormatInt(id, 10))
}

// notShown answers a question the session id never showed, opened or
// named as what solved it (err, deflection.NotShown): the session's page
// with its suggestions, saying so (422).
func (s *Server) notShown(c echo.Context, id int64, err error) error {
	v, verr := s.help.Session(c.Request().Context(), s.helpWho(c, false), id)
	if verr != nil {
		return verr
	}
	return s.renderHelp(c, helpPage{Session: v.Session, Query: v.Session.LastQuery, Suggestions: v.Suggestions}, err)
}

// helpSolved records "This solved my problem" from a question page: for a
// help session, or for a visitor who came from the site search (with q).
func (s *Server) helpSolved(c echo.Context) error {
	ctx := c.Request().Context()
	qid, _ := strconv.ParseInt(c.FormValue("question_id"), 10, 64)
	aid, _ := strconv.ParseInt(c.FormValue("answer_id"), 10, 64)
	if id, _ := strconv.ParseInt(c.FormValue("session"), 10, 64); id > 0 {
		_, err := s.help.SetOutcome(ctx, s.helpWho(c, false), id,
			deflection.OutcomeInput{Outcome: deflection.OutcomeSolved, QuestionID: qid, AnswerID: aid})
		if deflection.NotShown(err) {
			return s.notShown(c, id, err)
		}
		if err != nil && s.endedWith(c, id, err, deflection.OutcomeSolved) == nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, helpPath(id, "/done"))
	}
	if supportTeam(httpx.Account(c)) { // not an employee's help session (see recordSiteSearch)
		return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(qid, 10))
	}
	// The page of results it came from (its query, order and page, which
	// the question page copies from the way there) says what was shown.
	q := c.FormValue("q")
	var shown []int64
	if strings.TrimSpace(q) != "" {
		page, _ := strconv.Atoi(c.FormValue("page"))
		var err error
		if shown, err = s.searchShown(ctx, q, c.FormValue("sort"), page, c.FormValue("exact") == "1"); err != nil {
			return err
		}
	}
	sess, err := s.help.SolvedFromSearch(ctx, s.helpWho(c, true), q, shown, qid, aid)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, helpPath(sess.ID, "/done"))
}

// helpDone thanks the visitor and says what happens next.
func (s *Server) helpDone(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	sess, err := s.help.SessionState(c.Request().Context(), s.helpWho(c, false), id)
	if err != nil {
		return err
	}
	if sess.Outcome == nil { // not done: back to its suggestions
		return c.Redirect(http.StatusSeeOther, helpPath(id, ""))
	}
	d := helpPage{Session: sess}
	if u := httpx.User(c); u != nil && sess.AnswerID != nil && sess.OutcomeName() == deflection.OutcomeSolved {
		var n int64
		if err := s.qa.Store.DB.WithContext(c.Request().Context()).Model(&store.ReputationEvent{}).
			Where("post_id = ? AND actor_id = ? AND kind = ?", *sess.AnswerID, u.ID, reputation.KindSolved).
			Limit(1).Count(&n).Error; err != nil {
			return err
		}
		d.Rewarded = n > 0
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("help.done_title")
	p.NoIndex = true
	return s.render(c, "help_done", p)
}

// helpFrom returns the help session a question page was opened from
// (?help=ID) when it is the viewer's, else 0: an address copied from the
// browser and sent to a colleague, or a mistyped one, shows the question
// without someone else's "Did this solve your problem?". A session that
// ended as asked or ticket (or was abandoned long ago) takes "solved" no
// more, so its question page is the plain one too, not a button that can
// only be refused; one that ended solved keeps its block (a second click,
// "not solved after all").
func (s *Server) helpFrom(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.QueryParam("help"), 10, 64)
	if err != nil || id <= 0 {
		return 0, nil
	}
	sess, err := s.help.Owned(c.Request().Context(), s.helpWho(c, false), id)
	if errs.Is(err, errs.NotFound) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	if !sess.Takes(deflection.OutcomeSolved, s.now()) && sess.OutcomeName() != deflection.OutcomeSolved {
		return 0, nil
	}
	return id, nil
}

func helpPath(id int64, suffix string) string {
	return "/help/" + strconv.FormatInt(id, 10) + suffix
}
