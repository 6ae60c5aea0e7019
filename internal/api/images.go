package api

import (
	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// shown returns what makes stored post or comment HTML body_html: images
// from other sites only where Deps.Images lists their host, any other a
// link to it with the hint in the caller's language, however long ago the
// post was stored.
func (h *handlers) shown(c echo.Context) func(string) string {
	hint := h.Catalog.T(httpx.Lang(c), "post.image_hint")
	return func(stored string) string { return h.Images.Gate(stored, hint) }
}
