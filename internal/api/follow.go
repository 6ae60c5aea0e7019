package api

import (
	"net/http"
	"strings"
	"time"

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

// FollowedQuestionJSON is a question on the caller's following list.
type FollowedQuestionJSON struct {
	ID               int64     `json:"id"`
	Title            string    `json:"title"`
	Tags             []string  `json:"tags"`
	AnswerCount      int       `json:"answer_count"`
	AcceptedAnswerID *int64    `json:"accepted_answer_id"`
	Closed           bool      `json:"closed"`
	Asked            bool      `json:"asked"` // the caller asked it
	LastActivityAt   time.Time `json:"last_activity_at"`
	URL              string    `json:"url"`
}

// listFollowing lists the questions the caller follows, the latest active
// first: asked or answered by them (unless unfollowed), or followed.
func (h *handlers) listFollowing(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 30)
	if err != nil {
		return err
	}
	qs, total, err := h.Notify.FollowedQuestions(c.Request().Context(), u.ID, page, size)
	if err != nil {
		return err
	}
	out := ListJSON[FollowedQuestionJSON]{Items: make([]FollowedQuestionJSON, len(qs)), Total: total, Page: page, PageSize: size}
	for i, q := range qs {
		out.Items[i] = FollowedQuestionJSON{ID: q.ID, Title: q.Title, Tags: strings.Fields(q.Tags), AnswerCount: q.AnswerCount,
			AcceptedAnswerID: q.AcceptedAnswerID, Closed: q.ClosedAt != nil, Asked: u.Owns(q.OwnerID),
			LastActivityAt: q.LastActivityAt, URL: "/questions/" + itoa(q.ID)}
	}
	return c.JSON(http.StatusOK, out)
}
