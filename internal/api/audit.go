package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
)

// AuditJSON is one entry of the audit log.
type AuditJSON struct {
	ID         int64       `json:"id"`
	Action     string      `json:"action"`
	Actor      *AuthorJSON `json:"actor"` // null: the system, or the user themselves (a password reset)
	TargetType string      `json:"target_type"`
	TargetID   *int64      `json:"target_id"`
	Target     *AuthorJSON `json:"target,omitempty"`     // the user an entry is about
	PostTitle  string      `json:"post_title,omitempty"` // the question of a post an entry is about
	Answer     bool        `json:"answer,omitempty"`     // that post is an answer to it
	Detail     string      `json:"detail"`
	CreatedAt  time.Time   `json:"created_at"`
}

func (h *handlers) auditLog(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	if err := auth.CanReadAudit(u); err != nil {
		return err
	}
	page, size, err := paging(c, 50)
	if err != nil {
		return err
	}
	var f errs.Fields
	filter := auth.AuditFilter{Action: c.QueryParam("action"), TargetType: c.QueryParam("target_type"),
		TargetID: int64(wholeNumber(c, &f, "target_id", 0)), ActorID: int64(wholeNumber(c, &f, "actor_id", 0)),
		UserID: int64(wholeNumber(c, &f, "user_id", 0))}
	for _, name := range []string{"target_id", "actor_id", "user_id"} {
		if c.QueryParam(name) == "0" { // (left out, it filters nothing)
			f.Add(name, "field.id_number", "Use an id: a whole number from 1 up.")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	recs, total, err := h.Auth.AuditLog(c.Request().Context(), u, filter, page, size)
	if err != nil {
		return err
	}
	items := make([]AuditJSON, len(recs))
	for i, r := range recs {
		items[i] = AuditJSON{ID: r.ID, Action: r.Action, TargetType: r.TargetType, TargetID: r.TargetID,
			Detail: r.Detail, CreatedAt: r.CreatedAt, Actor: author(r.Actor), Target: author(r.Target),
			PostTitle: r.PostTitle, Answer: r.Answer}
	}
	return c.JSON(http.StatusOK, list(items, total, page, size))
}
