package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// followTag follows (on) or unfollows a tag for the caller.
func (h *handlers) followTag(on bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := actor(c)
		if err != nil {
			return err
		}
		if err := h.Notify.SetTagFollow(c.Request().Context(), u, c.Param("name"), on); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// followQuestion follows (on) or unfollows a question for the caller.
func (h *handlers) followQuestion(on bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := actor(c)
		if err != nil {
			return err
		}
		id, err := httpx.ParamID(c, "id")
		if err != nil {
			return err
		}
		if err := h.Notify.SetQuestionFollow(c.Request().Context(), u, id, on); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
