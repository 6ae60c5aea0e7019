package web

import (
	"github.com/labstack/echo/v4"

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
	Rep        int  // the user's reputation
	LoggedIn   bool // Rep means something
	Staff      bool // moderators and administrators have every privilege
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
		{"ask", 0}, {"answer", 0}, {"comment", 0}, {"vote_up", 0},
		{"vote_down", r.VoteDown}, {"edit_others", r.EditOthers},
	}}
	if u := httpx.User(c); u != nil {
		d.Rep, d.LoggedIn, d.Staff = u.Reputation, true, u.IsStaff()
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("privileges.title")
	return s.render(c, "privileges", p)
}
