package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
)

// passwordPage is the data of the "set your password" page a link opens.
type passwordPage struct {
	Username string
	Token    string
}

// passwordLinkPage shows an administrator the link just issued.
type passwordLinkPage struct {
	UserID      int64
	DisplayName string
	URL         string
	Expires     time.Time
}

// confirmPassword reports a repeated password that differs from the first.
func confirmPassword(c echo.Context) error {
	if c.FormValue("password") == c.FormValue("password_confirm") {
		return nil
	}
	var f errs.Fields
	f.Add("password_confirm", "field.password_confirm.differs", "The two passwords differ.")
	return f.Err()
}

// passwordForm shows the form a password link opens; a used or expired
// link gets a page that says so.
func (s *Server) passwordForm(c echo.Context) error {
	token := c.Param("token")
	u, err := s.auth.PasswordLinkUser(c.Request().Context(), token)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", passwordPage{Username: u.Username, Token: token})
	p.Title = p.T("password.set_title")
	p.NoIndex = true
	return s.render(c, "password_set", p)
}

// passwordSubmit sets the password through the link and logs the user in.
func (s *Server) passwordSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	u, err := s.auth.PasswordLinkUser(ctx, token)
	if err != nil {
		return err
	}
	if err = confirmPassword(c); err == nil {
		_, err = s.auth.SetPasswordWithLink(ctx, token, c.FormValue("password"))
	}
	if err != nil {
		p := s.newPage(c, "", passwordPage{Username: u.Username, Token: token})
		p.Title = p.T("password.set_title")
		p.NoIndex = true
		return s.formError(c, "password_set", p, err)
	}
	// Whoever was logged in here is logged out: the browser now belongs
	// to the account the link is for.
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil {
		if err := s.auth.DeleteSession(ctx, ck.Value); err != nil {
			return err
		}
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?password=1")
}

// passwordChange changes the password of the user logged in, who knows the
// current one; the user's other sessions end.
func (s *Server) passwordChange(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	keep := ""
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil {
		keep = ck.Value
	}
	if err = confirmPassword(c); err == nil {
		err = s.auth.ChangePassword(c.Request().Context(), httpx.User(c), c.FormValue("current_password"),
			c.FormValue("password"), keep)
	}
	if err != nil {
		p := s.newPage(c, "", d)
		p.Title = p.T("settings.title")
		p.NoIndex = true
		return s.formError(c, "settings", p, err)
	}
	return c.Redirect(http.StatusSeeOther, "/settings?password=1")
}

// passwordLink issues a password link for a user (administrators only) and
// shows it, to be passed on to its owner.
func (s *Server) passwordLink(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	actor := httpx.User(c)
	if actor == nil {
		return loginRequired()
	}
	ctx := c.Request().Context()
	secret, expires, err := s.auth.CreatePasswordLink(ctx, actor, id)
	if err != nil {
		return err
	}
	u, err := s.auth.UserByID(ctx, id)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", passwordLinkPage{UserID: u.ID, DisplayName: u.DisplayName,
		URL: httpx.AbsoluteURL(c, s.cfg.BaseURL, "/password/"+url.PathEscape(secret)), Expires: expires})
	p.Title = p.T("password.link_title")
	p.NoIndex = true
	return s.render(c, "password_link", p)
}

// accountSubmit changes the display name and e-mail address of the user
// logged in.
func (s *Server) accountSubmit(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	name, email := c.FormValue("display_name"), c.FormValue("email_address")
	_, err = s.auth.UpdateAccount(c.Request().Context(), httpx.User(c), auth.AccountInput{DisplayName: &name, Email: &email})
	if err != nil {
		errs.RenameField(err, "email", "email_address") // "email" is the notification mode on this page
		p := s.newPage(c, "", d)
		p.Title = p.T("settings.title")
		p.NoIndex = true
		return s.formError(c, "settings", p, err)
	}
	return c.Redirect(http.StatusSeeOther, "/settings?saved=1")
}
