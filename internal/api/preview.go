package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// PreviewInputJSON is Markdown to preview: a post's (kind "post", the
// default) or a comment's ("comment").
type PreviewInputJSON struct {
	Body string `json:"body"`
	Kind string `json:"kind,omitempty"`
}

// PreviewJSON is the HTML the Markdown would be shown as (body_html of a
// post: other sites' images only from the listed hosts, see Deps.Images).
type PreviewJSON struct {
	HTML string `json:"html"`
}

// preview renders Markdown as a post or comment would show it, writing
// nothing (the pages preview what is typed with it).
func (h *handlers) preview(c echo.Context) error {
	if _, err := actor(c); err != nil {
		return err
	}
	var in PreviewInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	html, err := h.QA.Preview(c.Request().Context(), in.Kind, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, PreviewJSON{HTML: h.shown(c)(html)})
}
