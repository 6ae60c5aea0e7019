package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// deleteComment deletes a comment (its author; moderators any). A comment
// deleted already is no error for them (a retry).
func (h *handlers) deleteComment(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := h.QA.DeleteComment(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// undeleteComment restores a deleted comment (moderators). A live comment
// is left as it is (a retry).
func (h *handlers) undeleteComment(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := h.QA.UndeleteComment(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
