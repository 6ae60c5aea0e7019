package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/notify"
)

// NotificationJSON is one inbox entry.
type NotificationJSON struct {
	ID            int64     `json:"id"`
	Type          string    `json:"type"` // answer, comment, mention, accepted, badge, routed, tag, closed, reopened, deleted, restored, ticket, ticket_message, ticket_reply, ticket_withdrawn, ticket_reopened, ticket_handed_over, ticket_handed_away, edit_suggested, edit_approved, edit_rejected, edit_closed, flag_helpful or flag_declined
	Read          bool      `json:"read"`
	CreatedAt     time.Time `json:"created_at"`
	QuestionID    *int64    `json:"question_id"`
	QuestionTitle string    `json:"question_title,omitempty"`
	PostID        *int64    `json:"post_id,omitempty"`
	CommentID     *int64    `json:"comment_id,omitempty"`
	ActorID       *int64    `json:"actor_id,omitempty"`
	ActorName     string    `json:"actor_name,omitempty"`
	TicketID      *int64    `json:"ticket_id,omitempty"`
	TicketSubject string    `json:"ticket_subject,omitempty"`
	Badge         string    `json:"badge,omitempty"`
	Tag           string    `json:"tag,omitempty"`
	Note          string    `json:"note,omitempty"` // flag_declined: the moderator's word to the flagger, if any
	Text          string    `json:"text"`           // in the caller's language, without the question title
	URL           string    `json:"url"`
}

// NotificationListJSON is a page of the caller's inbox, newest first.
type NotificationListJSON struct {
	Items    []NotificationJSON `json:"items"`
	Unread   int64              `json:"unread"`
	Total    int64              `json:"total"`
	Page     int                `json:"page"`
	PageSize int                `json:"page_size"`
}

// MarkReadJSON is the body of POST /notifications/read: ids, or all.
type MarkReadJSON struct {
	IDs []int64 `json:"ids,omitempty"`
	All bool    `json:"all,omitempty"`
}

// MarkedJSON says how many notifications were marked read and how many stay unread.
type MarkedJSON struct {
	Marked int64 `json:"marked"`
	Unread int64 `json:"unread"`
}

func (h *handlers) listNotifications(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 30)
	if err != nil {
		return err
	}
	in, err := h.Notify.Inbox(c.Request().Context(), u.ID, page, size)
	if err != nil {
		return err
	}
	lang := httpx.Lang(c)
	out := NotificationListJSON{Items: make([]NotificationJSON, len(in.Items)), Unread: in.Unread, Total: in.Total, Page: page, PageSize: size}
	for i := range in.Items {
		it := &in.Items[i]
		out.Items[i] = NotificationJSON{ID: it.ID, Type: it.Type, Read: it.Read(), CreatedAt: it.CreatedAt,
			QuestionID: it.QuestionID, QuestionTitle: it.QuestionTitle, PostID: it.PostID, CommentID: it.CommentID,
			TicketID: it.TicketID, TicketSubject: it.TicketSubject,
			ActorID: it.ActorID, ActorName: it.ActorName, Badge: it.Badge, Tag: it.Tag, Note: it.Note,
			Text: notify.Line(h.Catalog.T, lang, it), URL: it.URL()}
	}
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) markNotificationsRead(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	var in MarkReadJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	if in.All && len(in.IDs) > 0 {
		var f errs.Fields
		f.Add("ids", "field.notify_ids.both", "Give ids or all, not both.")
		return f.Err()
	}
	ctx := c.Request().Context()
	n, err := h.Notify.MarkRead(ctx, u.ID, in.IDs, in.All)
	if err != nil {
		return err
	}
	unread, err := h.Notify.Unread(ctx, u.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, MarkedJSON{Marked: n, Unread: unread})
}
