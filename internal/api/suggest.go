package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// SuggestionJSON is a suggested edit: the whole proposed version (title and
// tags for a question) and the version it was made from.
type SuggestionJSON struct {
	ID           int64       `json:"id"`
	PostID       int64       `json:"post_id"`
	QuestionID   int64       `json:"question_id"`
	Author       *AuthorJSON `json:"author"`
	BaseRevision int         `json:"base_revision"`
	Title        string      `json:"title,omitempty"`
	Body         string      `json:"body"`
	Tags         []string    `json:"tags,omitempty"`
	OldTitle     string      `json:"old_title,omitempty"`
	OldBody      string      `json:"old_body"`
	OldTags      []string    `json:"old_tags,omitempty"`
	Comment      string      `json:"comment"`
	Status       string      `json:"status"`   // pending, approved, rejected, superseded (closed unreviewed by a direct edit) or withdrawn
	Outdated     bool        `json:"outdated"` // pending, but the post was edited since: it can only be rejected
	CreatedAt    time.Time   `json:"created_at"`
	Reviewer     *AuthorJSON `json:"reviewer,omitempty"`
	ReviewedAt   *time.Time  `json:"reviewed_at,omitempty"`
	RejectReason string      `json:"reject_reason,omitempty"` // no_improvement, intent, reply or vandalism; post_deleted when its post was deleted
	RejectNote   string      `json:"reject_note,omitempty"`
	Revision     *int        `json:"revision,omitempty"` // the revision an approval saved
	URL          string      `json:"url"`
}

// RejectJSON is the body of a rejection.
type RejectJSON struct {
	Reason string `json:"reason"` // no_improvement, intent, reply or vandalism
	Note   string `json:"note"`   // optional, at most 300 characters
}

func suggestionJSON(s *qa.Suggestion) SuggestionJSON {
	j := SuggestionJSON{ID: s.ID, PostID: s.PostID, QuestionID: s.QuestionID, Author: author(s.Author),
		BaseRevision: s.BaseRevision, Title: s.Title, Body: s.Body, OldTitle: s.OldTitle, OldBody: s.OldBody,
		Comment: s.Comment, Status: s.Status, Outdated: s.Outdated, CreatedAt: s.CreatedAt, Reviewer: author(s.Reviewer),
		ReviewedAt: s.ReviewedAt, RejectReason: s.RejectReason, RejectNote: s.RejectNote, Revision: s.Revision,
		URL: "/suggested-edits/" + itoa(s.ID)}
	if s.Post != nil && s.Post.Type == store.PostQuestion {
		j.Tags, j.OldTags = qa.TagList(s.Tags), qa.TagList(s.OldTags)
	}
	return j
}

// suggestEdit stores an edit of a post for review, by a caller who may not
// edit it directly.
func (h *handlers) suggestEdit(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in EditJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	sug, err := h.QA.Suggest(ctx, u, id, qa.EditInput{Title: in.Title, Body: in.Body, Tags: in.Tags, Comment: in.Comment, Revision: in.Revision})
	if err != nil {
		return err
	}
	return h.respondSuggestion(c, http.StatusCreated, sug.ID)
}

func (h *handlers) respondSuggestion(c echo.Context, status int, id int64) error {
	v, err := h.QA.Suggestion(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(status, suggestionJSON(v))
}

func (h *handlers) getSuggestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	return h.respondSuggestion(c, http.StatusOK, id)
}

// listSuggestions reads the suggested edits waiting for the caller's review.
func (h *handlers) listSuggestions(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 20)
	if err != nil {
		return err
	}
	items, total, err := h.QA.ReviewQueue(c.Request().Context(), u, page, size)
	if err != nil {
		return err
	}
	out := make([]SuggestionJSON, len(items))
	for i := range items {
		out[i] = suggestionJSON(&items[i])
	}
	return c.JSON(http.StatusOK, ListJSON[SuggestionJSON]{Items: out, Total: total, Page: page, PageSize: size})
}

func (h *handlers) approveSuggestion(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if _, err := h.QA.ApproveSuggestion(c.Request().Context(), u, id); err != nil {
		return err
	}
	return h.respondSuggestion(c, http.StatusOK, id)
}

func (h *handlers) withdrawSuggestion(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := h.QA.WithdrawSuggestion(c.Request().Context(), u, id); err != nil {
		return err
	}
	return h.respondSuggestion(c, http.StatusOK, id)
}

func (h *handlers) rejectSuggestion(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in RejectJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.QA.RejectSuggestion(c.Request().Context(), u, id, in.Reason, in.Note); err != nil {
		return err
	}
	return h.respondSuggestion(c, http.StatusOK, id)
}
