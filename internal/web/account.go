package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/i18n"
	"stackdesk/internal/store"
)

func (s *Server) signupForm(c echo.Context) error {
	if httpx.User(c) != nil { // logged in already (another tab, a bookmark)
		return c.Redirect(http.StatusSeeOther, localPath(c.QueryParam("next")))
	}
	p := s.newPage(c, "", nil)
	p.Title = p.T("signup.title")
	p.Form = c.QueryParams()
	if s.settings.SignupClosed {
		p.Status = http.StatusForbidden
	}
	return s.render(c, "signup", p)
}

func (s *Server) signupSubmit(c echo.Context) error {
	if s.settings.SignupClosed {
		return errSignupClosed()
	}
	ctx := c.Request().Context()
	in := auth.SignUp{Username: c.FormValue("username"), Email: c.FormValue("email"),
		Password: c.FormValue("password"), DisplayName: c.FormValue("display_name")}
	u, err := s.auth.CreateUser(ctx, in, store.RoleUser)
	if err != nil {
		p := s.newPage(c, "", nil)
		p.Title = p.T("signup.title")
		return s.formError(c, "signup", p, err)
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	// On to where the link led, greeting the new member there.
	return c.Redirect(http.StatusSeeOther, withQuery(localPath(c.FormValue("next")), "welcome", "1"))
}

func (s *Server) loginForm(c echo.Context) error {
	if u := httpx.User(c); u != nil { // logged in already: on to where the link led
		return c.Redirect(http.StatusSeeOther, landing(c.QueryParam("next"), u))
	}
	p := s.newPage(c, "", newLoginPage(c))
	p.Title = p.T("login.title")
	p.Form = c.QueryParams()
	return s.render(c, "login", p)
}

func (s *Server) loginSubmit(c echo.Context) error {
	var missing errs.Fields
	auth.RequireCredentials(&missing, "login", c.FormValue("login"), c.FormValue("password"))
	if err := missing.Err(); err != nil { // said per field, as sign-up does (422)
		p := s.newPage(c, "", nil)
		p.Title = p.T("login.title")
		return s.formError(c, "login", p, err)
	}
	u, err := s.auth.Authenticate(c.Request().Context(), c.FormValue("login"), c.FormValue("password"))
	if err != nil {
		p := s.newPage(c, "", nil)
		p.Title = p.T("login.title")
		p.Form, _ = c.FormParams()
		p.Form.Del("password")
		e := httpx.FromEcho(err)
		if e.Code == errs.RateLimited {
			httpx.RetryAfter(c, auth.FailureWait)
		}
		p.Status = httpx.Status(e.Code)
		p.Error = s.cat.Msg(p.Lang, e.Msg)
		if e.Code != errs.Unauthorized && e.Code != errs.RateLimited && e.Code != errs.Forbidden { // Forbidden: a deactivated account
			return err
		}
		return s.render(c, "login", p)
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, landing(c.FormValue("next"), u))
}

func (s *Server) startSession(c echo.Context, u *store.User) error {
	token, err := s.auth.CreateSession(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: httpx.SessionCookie, Value: token, Path: "/", MaxAge: int(s.cfg.SessionCookieAge().Seconds()),
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode,
	})
	// The session's own form token: one known before (planted, or seen by
	// someone else at this browser) does not carry over to the session.
	s.setCSRF(c, auth.SessionCSRF(token))
	return nil
}

// newCSRF gives the browser a new random form token, for what it sends
// without a session: at log-out, so that a token of the session that
// ended (in a form left open in another tab, or seen there) does not pass
// for whoever uses the browser next.
func (s *Server) newCSRF(c echo.Context) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	s.setCSRF(c, base64.RawURLEncoding.EncodeToString(b))
}

// setCSRF makes token the browser's form token, in its cookie and in the
// page being answered.
func (s *Server) setCSRF(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name: csrfCookie, Value: token, Path: "/", MaxAge: int(s.cfg.SessionCookieAge().Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies(), SameSite: http.SameSiteLaxMode,
	})
	c.Set("csrf", token)
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil {
		if err := s.auth.DeleteSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: httpx.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode})
	s.newCSRF(c)
	// The help sessions begun in this browser without logging in are not
	// the next person's at the browser: a new visitor id.
	httpx.RotateVisitor(c, s.secure(c))
	return c.Redirect(http.StatusSeeOther, "/")
}

// setLanguage stores the chosen UI language on the user, or in a cookie for visitors.
func (s *Server) setLanguage(c echo.Context) error {
	lang := c.FormValue("lang")
	ok := lang == ""
	for _, l := range i18n.Languages {
		ok = ok || l == lang
	}
	if !ok {
		lang = ""
	}
	if u := httpx.User(c); u != nil {
		if err := s.auth.SetLanguage(c.Request().Context(), u.ID, lang); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next")))
}

// secure reports whether cookies must be Secure: the site is configured as
// https, or this request arrived over TLS (directly or through a proxy).
func (s *Server) secure(c echo.Context) bool {
	return s.cfg.SecureCookies() || c.Scheme() == "https"
}

// errSignupClosed refuses a sign-up where only administrators create accounts.
func errSignupClosed() error {
	return errs.E(errs.Forbidden, "auth.signup_closed", "Accounts on this site are created by its administrators: ask one for yours.")
}
