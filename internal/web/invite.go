package web

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// invitePage is the form by which an administrator adds a person.
type invitePage struct {
	Roles []string
}

// adminOnly answers for a page only administrators open.
func adminOnly(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	if u.Role != store.RoleAdmin {
		return errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	return nil
}

// inviteForm shows the form that adds a person (administrators).
func (s *Server) inviteForm(c echo.Context) error {
	if err := adminOnly(c); err != nil {
		return err
	}
	p := s.newPage(c, "", invitePage{Roles: auth.Roles})
	p.Title = p.T("invite.title")
	p.NoIndex = true
	return s.render(c, "invite", p)
}

// inviteSubmit creates the account, with its role and no password, and
// shows the one-time link by which its owner sets one.
func (s *Server) inviteSubmit(c echo.Context) error {
	if err := adminOnly(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, secret, expires, err := s.auth.Invite(ctx, httpx.User(c), auth.SignUp{Username: c.FormValue("username"),
		Email: c.FormValue("email"), DisplayName: c.FormValue("display_name")}, c.FormValue("role"))
	if err != nil {
		p := s.newPage(c, "", invitePage{Roles: auth.Roles})
		p.Title = p.T("invite.title")
		p.NoIndex = true
		return s.formError(c, "invite", p, err)
	}
	p := s.newPage(c, "", passwordLinkPage{UserID: u.ID, DisplayName: u.DisplayName,
		URL: httpx.AbsoluteURL(c, s.cfg.BaseURL, "/password/"+url.PathEscape(secret)), Expires: expires, Invited: u.Role})
	p.Title = p.T("invite.created_title")
	p.NoIndex = true
	return s.render(c, "password_link", p)
}
