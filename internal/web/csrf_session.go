package web

import (
	"crypto/subtle"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"stackdesk/internal/auth"
	"stackdesk/internal/httpx"
)

// csrfBound runs after the form-token check and binds the token to the
// session: a logged-in browser's write must carry its session's own token
// (auth.SessionCSRF), not merely one that matches its token cookie, which a
// sibling host could have planted or someone at the browser before could
// know. A page read with another token in the cookie (a session started
// before tokens were bound, or a planted cookie) gets the session's token
// from then on. Requests with an API token keep the plain check, and so do
// visitors who are not logged in (sign-up, log-in, Get help): their form's
// token must match their cookie's.
//
// A browser that says a request is the site's own (Sec-Fetch-Site:
// same-origin, as every browser of today does) passes Echo's check without
// a token, and its pages would carry a fixed stand-in for one. Here its
// pages get the real token all the same, and its writes must carry it: a
// form left open from before a log-out, or from another person's session
// at the same browser, is the site's own too, and must not send as
// whoever is logged in now.
func (s *Server) csrfBound(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok, _ := c.Get("csrf").(string)
		if tok == "" || c.Request().Header.Get(echo.HeaderAuthorization) != "" {
			return next(c)
		}
		vouched := tok == middleware.CSRFUsingSecFetchSite
		want := "" // the token this browser's pages carry and its writes must
		if ck, err := c.Cookie(httpx.SessionCookie); err == nil && ck.Value != "" && httpx.User(c) != nil {
			want = auth.SessionCSRF(ck.Value)
		} else if !vouched {
			return next(c) // a visitor whose form's token matched the cookie's
		} else if ck, err := c.Cookie(csrfCookie); err == nil {
			want = ck.Value
		}
		safe := false
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			safe = true
		}
		if vouched && !safe {
			tok = c.Request().Header.Get("X-CSRF-Token")
			if tok == "" {
				tok = c.FormValue("_csrf")
			}
		}
		if want != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1 {
			c.Set("csrf", want) // for a form the answer shows again
			return next(c)
		}
		if safe {
			switch cur, err := c.Cookie(csrfCookie); {
			case want == "":
				s.newCSRF(c) // a visitor's first page
			case err == nil && cur.Value == want:
				c.Set("csrf", want)
			default:
				s.setCSRF(c, want)
			}
			return next(c)
		}
		if err := httpx.BodyOverLimit(c); err != nil {
			return err // a form too large to read has no token to find
		}
		return errCSRF
	}
}

// errorPageCSRF gives a page that answers an error the form token its
// forms (Log out, the language) must carry, as every other page has: the
// session's, or a visitor's own. The error may have come before the token
// check ran (a 405, a form too large), from the check itself, which leaves
// none or Echo's stand-in for a browser that says the request is the
// site's own, or after a visitor's check, whose token stands. Only the
// page gets the token; the check that refused stays as it was.
func (s *Server) errorPageCSRF(c echo.Context) {
	if ck, err := c.Cookie(httpx.SessionCookie); err == nil && ck.Value != "" && httpx.User(c) != nil {
		want := auth.SessionCSRF(ck.Value)
		if cur, err := c.Cookie(csrfCookie); err == nil && cur.Value == want {
			c.Set("csrf", want)
		} else {
			s.setCSRF(c, want)
		}
		return
	}
	if tok, _ := c.Get("csrf").(string); tok != "" && tok != middleware.CSRFUsingSecFetchSite {
		return // a visitor's token, checked or new
	}
	if ck, err := c.Cookie(csrfCookie); err == nil && ck.Value != "" {
		c.Set("csrf", ck.Value)
		return
	}
	s.newCSRF(c)
}
