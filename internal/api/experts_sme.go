package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

func (h *handlers) listSMEs(c echo.Context) error {
	us, err := h.Experts.SMEs(c.Request().Context(), c.Param("name"))
	if err != nil {
		return err
	}
	items := make([]AuthorJSON, len(us))
	for i := range us {
		items[i] = *author(&us[i])
	}
	return c.JSON(http.StatusOK, whole(items))
}

// setSME names (on) or un-names a tag's subject-matter expert; admins only.
func (h *handlers) setSME(on bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := actor(c)
		if err != nil {
			return err
		}
		id, err := httpx.ParamID(c, "user_id")
		if err != nil {
			return err
		}
		// Idempotent, as PUT and DELETE are: 204 whether or not it changed anything.
		if _, err := h.Experts.SetSME(c.Request().Context(), u, c.Param("name"), id, on); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}
