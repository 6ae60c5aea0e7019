package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// subresourcePaths are the addresses whose content a page may load as an
// image (or a style, a script, a font): uploads, static files, the icon.
var subresourcePaths = []string{"/uploads/", "/static/", "/favicon.ico"}

// onlyDocuments refuses, before anything reads the session or writes, a
// request that a browser sends to load an image or another subresource
// (Sec-Fetch-Dest) from an address that is a page or an API call. Posts
// may show images from any http(s) address, this site's own included, and
// a reader's browser sends their cookies along: without this, a post's
// ![](https://this-site/inbox/5) would mark its readers' notification read,
// and ![](https://this-site/search?q=…) write searches into their help
// sessions. Requests without the header (older browsers, API clients,
// curl) and page loads, frames and fetches by the site's own scripts pass.
func onlyDocuments(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Header.Get("Sec-Fetch-Dest") {
		case "", "document", "empty", "iframe", "frame", "nested-document":
			return next(c)
		}
		path := c.Request().URL.Path
		for _, p := range subresourcePaths {
			if strings.HasPrefix(path, p) {
				return next(c)
			}
		}
		return c.NoContent(http.StatusNotFound)
	}
}
