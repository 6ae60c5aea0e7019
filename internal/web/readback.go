package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/api"
)

// readRoutes lists the route paths (as registered, /tickets/:id) that
// answer GET with a page.
func readRoutes(e *echo.Echo) map[string]bool {
	out := map[string]bool{}
	for _, r := range e.Routes() {
		if r.Method == http.MethodGet && !strings.HasPrefix(r.Path, api.Prefix+"/") && !strings.HasPrefix(r.Path, "/static/") {
			out[r.Path] = true
		}
	}
	return out
}

// readable reports whether a GET of path (decoded) reaches a page's route.
// An address without one routes to no path, or to one that takes other
// methods only (a 405).
func (s *Server) readable(path string) bool {
	c := s.Echo.NewContext(nil, nil)
	s.Echo.Router().Find(http.MethodGet, path, c)
	return s.reads[c.Path()]
}

// readBack is the page to read again from a page answering a write whose
// handler named none: the page the form was sent from, when the browser
// says it and it is one to read (a page answering a write before is not);
// else the nearest address up from the request's own that is one (the
// ticket's page for /tickets/15/resolve, /settings for
// /settings/password); else the site's first page. The language
// switcher's next, the log-in link's, lead there: a GET of the write's
// own address would be refused (405), and what was typed lost with it.
func (s *Server) readBack(c echo.Context) string {
	if back := backPath(c); back != "" {
		if u, err := url.Parse(back); err == nil && s.readable(u.Path) {
			return back
		}
	}
	for p := c.Request().URL.EscapedPath(); strings.HasPrefix(p, "/") && p != "/"; p = p[:strings.LastIndex(p, "/")] {
		if dec, err := url.PathUnescape(p); err == nil && s.readable(dec) {
			return p
		}
	}
	return "/"
}
