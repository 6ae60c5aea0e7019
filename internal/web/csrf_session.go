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
// from then on. Writes the browser vouches for as same-origin
// (Sec-Fetch-Site), requests with an API token, and visitors who are not
// logged in (sign-up, log-in, Get help) keep the plain check.
func (s *Server) csrfBound(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok, _ := c.Get("csrf").(string)
		if tok == "" || tok == middleware.CSRFUsingSecFetchSite || httpx.User(c) == nil ||
			c.Request().Header.Get(echo.HeaderAuthorization) != "" {
			return next(c)
		}
		ck, err := c.Cookie(httpx.SessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		want := auth.SessionCSRF(ck.Value)
		if subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1 {
			return next(c)
		}
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			s.setCSRF(c, want)
			return next(c)
		}
		return errCSRF
	}
}
