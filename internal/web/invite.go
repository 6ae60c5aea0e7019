package web

import (
	"net/http"
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
// leads to the page that shows, once, the one-time link by which its owner
// sets one.
func (s *Server) inviteSubmit(c echo.Context) error {
	if err := adminOnly(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	_, secret, _, err := s.auth.Invite(ctx, httpx.User(c), auth.SignUp{Username: c.FormValue("username"),
		Email: c.FormValue("email"), DisplayName: c.FormValue("display_name")}, c.FormValue("role"))
	if err != nil {
		p := s.newPage(c, "", invitePage{Roles: auth.Roles})
		p.Title = p.T("invite.title")
		p.NoIndex = true
		return s.formError(c, "invite", p, err)
	}
	// Post/redirect/get: the link shows once, on the page the redirect
	// opens, carried there by a cookie for that one page (never in an
	// address, which logs and histories keep), so a reload neither sends
	// the form again nor loses the link before it is seen.
	c.SetCookie(s.inviteCookie(c, secret, 120))
	return c.Redirect(http.StatusSeeOther, invitedPath)
}

// invitedPath is the page that shows the link of the account just added.
const invitedPath = "/admin/users/added"

// inviteCookieName carries the password link of an account just added to
// the one page that shows it.
const inviteCookieName = "stackdesk_new_person"

func (s *Server) inviteCookie(c echo.Context, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: inviteCookieName, Value: value, Path: invitedPath, MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteStrictMode}
}

// invitedPage shows, once, the one-time password link of the account just
// added by this administrator; opened again (a reload), the link is gone
// and the page leads back to the form.
func (s *Server) invitedPage(c echo.Context) error {
	if err := adminOnly(c); err != nil {
		return err
	}
	ck, err := c.Cookie(inviteCookieName)
	if err != nil {
		return c.Redirect(http.StatusSeeOther, "/admin/users/new")
	}
	c.SetCookie(s.inviteCookie(c, "", -1))
	c.Response().Header().Set("Cache-Control", "no-store")
	u, expires, err := s.auth.InvitedLink(c.Request().Context(), httpx.User(c), ck.Value)
	if errs.Is(err, errs.NotFound) {
		return c.Redirect(http.StatusSeeOther, "/admin/users/new")
	}
	if err != nil {
		return err
	}
	p := s.newPage(c, "", passwordLinkPage{UserID: u.ID, DisplayName: u.DisplayName,
		URL: httpx.AbsoluteURL(c, s.cfg.BaseURL, "/password/"+url.PathEscape(ck.Value)), Expires: expires, Invited: u.Role})
	p.Title = p.T("invite.created_title")
	p.NoIndex = true
	return s.render(c, "password_link", p)
}
