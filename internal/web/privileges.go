package web

import (
	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
)

// privilege is one thing reputation unlocks, with what it takes: message
// ids privileges.p.NAME and privileges.p.NAME_help.
type privilege struct {
	Name string
	Need int // reputation needed
}

// privilegesPage is the data of /privileges: what reputation unlocks, and
// for a logged-in user, what they have and how far the rest is.
type privilegesPage struct {
	Privileges []privilege
	Rep        int             // the user's reputation
	LoggedIn   bool            // Rep means something
	Staff      bool            // moderators and administrators have every privilege
	NewMembers *newMemberRules // nil: new members write as everyone does
}

// newMemberRules are the throttles on new members (qa.Service.IsNewMember)
// as /privileges states them; a zero limit is none.
type newMemberRules struct {
	Below      int // members with less reputation are new
	Questions  int
	Window     errs.InSpan
	AnswerGap  errs.Span
	CommentGap errs.Span
	You        bool // the logged-in user is a new member
}

// Missing is how much reputation the user still needs for p (0: they have it).
func (d privilegesPage) Missing(p privilege) int {
	if d.Staff {
		return 0
	}
	return max(p.Need-d.Rep, 0)
}

func (s *Server) privileges(c echo.Context) error {
	r := s.rep.Rules
	d := privilegesPage{Privileges: []privilege{
		{"ask", 0}, {"answer", 0}, {"comment", 0},
		{"vote_up", r.VoteUp}, {"vote_down", r.VoteDown}, {"edit_others", r.EditOthers}, {"vote_close", r.VoteClose},
	}}
	if u := httpx.User(c); u != nil {
		d.Rep, d.LoggedIn, d.Staff = u.Reputation, true, u.IsStaff()
	}
	if n := s.cfg.NewMembers; n.Below > 0 && (n.Questions > 0 || n.AnswerGap > 0 || n.CommentGap > 0) {
		d.NewMembers = &newMemberRules{Below: n.Below, Questions: n.Questions, Window: errs.InSpan(n.QuestionWindow),
			AnswerGap: errs.Span(n.AnswerGap), CommentGap: errs.Span(n.CommentGap), You: s.qa.IsNewMember(httpx.User(c))}
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("privileges.title")
	return s.render(c, "privileges", p)
}
