package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/notify"
)

// passwordPage is the data of the "set your password" page a link opens.
type passwordPage struct {
	Username string
	Token    string
	Current  string // who is logged in in this browser, if someone else: the link logs them out
	Invalid  bool   // the link was used, replaced or expired
	// NoEmail: the site sends no e-mail, so a new link comes from an
	// administrator, not from "Forgot your password?".
	NoEmail bool
}

// newPasswordPage starts the page a password link opens.
func (s *Server) newPasswordPage(c echo.Context, d passwordPage) *page {
	if u := httpx.User(c); u != nil && u.Username != d.Username {
		d.Current = u.Username
	}
	d.NoEmail = s.resets == nil
	p := s.newPage(c, "", d)
	p.Title = p.T("password.set_title")
	if d.Invalid {
		p.Title = p.T("password.invalid_title")
		p.Status = http.StatusNotFound
	}
	p.NoIndex = true
	return p
}

// passwordLinkPage shows an administrator the link just issued.
type passwordLinkPage struct {
	UserID      int64
	DisplayName string
	URL         string
	Expires     time.Time
	Invited     string // the role of an account just created with the link, else ""
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
	if errs.Is(err, errs.NotFound) {
		return s.render(c, "password_set", s.newPasswordPage(c, passwordPage{Invalid: true}))
	}
	if err != nil {
		return err
	}
	return s.render(c, "password_set", s.newPasswordPage(c, passwordPage{Username: u.Username, Token: token}))
}

// passwordSubmit sets the password through the link and logs the user in:
// on their role's first page when it was the first password of an account an
// administrator added, else (a lost password, an imported account claimed)
// on the settings page that says the password is set.
func (s *Server) passwordSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	u, err := s.auth.PasswordLinkUser(ctx, token)
	if errs.Is(err, errs.NotFound) {
		return s.render(c, "password_set", s.newPasswordPage(c, passwordPage{Invalid: true}))
	}
	if err != nil {
		return err
	}
	joined := false
	if err = confirmPassword(c); err == nil {
		_, joined, err = s.auth.SetPasswordWithLink(ctx, token, c.FormValue("password"))
	}
	if errs.Is(err, errs.NotFound) { // spent by another request meanwhile
		return s.render(c, "password_set", s.newPasswordPage(c, passwordPage{Invalid: true}))
	}
	if err != nil {
		return s.formError(c, "password_set", s.newPasswordPage(c, passwordPage{Username: u.Username, Token: token}), err)
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
	if joined {
		// The first password of an account an administrator added: its
		// owner arrives, on their role's first page, greeted as a new
		// member is. An imported account's owner, claiming it, is no new
		// member: as after a lost password, the settings page.
		return c.Redirect(http.StatusSeeOther, withQuery(homeFor(u), "welcome", "1"))
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
		p.back = "/settings"
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

// accountSubmit changes the display name, the line about them and the
// e-mail address of the user logged in.
func (s *Server) accountSubmit(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	u := httpx.User(c)
	in := auth.AccountInput{DisplayName: ptr(c.FormValue("display_name")), Email: ptr(c.FormValue("email_address")),
		CurrentPassword: c.FormValue("account_password")}
	if c.Request().PostForm.Has("about") {
		in.About = ptr(c.FormValue("about"))
	}
	if *in.Email == "" && u.Email == nil {
		in.Email = nil // an imported account may have no address; it need not add one to rename itself
	}
	_, err = s.auth.UpdateAccount(c.Request().Context(), u, in)
	if err != nil {
		errs.RenameField(err, "email", "email_address") // "email" is the notification mode on this page
		errs.RenameField(err, "current_password", "account_password")
		p := s.newPage(c, "", d)
		p.Title = p.T("settings.title")
		p.NoIndex = true
		p.back = "/settings"
		return s.formError(c, "settings", p, err)
	}
	return c.Redirect(http.StatusSeeOther, "/settings?saved=1")
}

func ptr(s string) *string { return &s }

// forgotPage is the data of the "forgot your password?" page.
type forgotPage struct {
	Enabled bool // e-mail is set up, so a link can be sent
	Sent    bool // a request was just taken
}

// newForgotPage starts the "forgot your password?" page.
func (s *Server) newForgotPage(c echo.Context, sent bool) *page {
	p := s.newPage(c, "", forgotPage{Enabled: s.resets != nil, Sent: sent})
	p.Title = p.T("forgot.title")
	return p
}

// forgotForm asks for the username or e-mail address of an account whose
// password is forgotten; without e-mail it says whom to ask instead.
func (s *Server) forgotForm(c echo.Context) error {
	return s.render(c, "password_forgot", s.newForgotPage(c, c.QueryParam("sent") == "1"))
}

// forgotSubmit queues a password link for the account named. The answer is
// the same whether or not the account exists, and comes before any lookup,
// so neither its words nor its timing tell.
func (s *Server) forgotSubmit(c echo.Context) error {
	if s.resets == nil {
		return c.Redirect(http.StatusSeeOther, "/password/forgot")
	}
	login := strings.TrimSpace(c.FormValue("login"))
	var f errs.Fields
	switch {
	case login == "":
		f.Add("login", "field.login.required", "Enter your username or e-mail address.")
	case len(login) > auth.MaxLoginLen:
		f.Add("login", "field.login.too_long", "That is longer than any username or e-mail address.")
	}
	if err := f.Err(); err != nil {
		return s.formError(c, "password_forgot", s.newForgotPage(c, false), err)
	}
	if err := s.resets.Ask(login, c.RealIP()); err != nil {
		httpx.RetryAfter(c, notify.ResetWait) // "in a few minutes", as the page says
		return s.formError(c, "password_forgot", s.newForgotPage(c, false), err)
	}
	return c.Redirect(http.StatusSeeOther, "/password/forgot?sent=1")
}
