package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// editComment changes a comment's text: its author within five minutes of
// writing it, moderators any time.
func (h *handlers) editComment(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in CommentInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	cm, err := h.QA.EditComment(ctx, u, id, in.Body)
	if err != nil {
		return err
	}
	users := map[int64]*store.User{u.ID: u}
	if cm.OwnerID != nil && *cm.OwnerID != u.ID {
		// A moderator's edit: the comment's author is someone else.
		owner, err := h.Auth.UserByID(ctx, *cm.OwnerID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		users[*cm.OwnerID] = owner
	}
	return c.JSON(http.StatusOK, commentJSON(cm, users, h.shown(c)))
}

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
