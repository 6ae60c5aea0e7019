package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// FlagInputJSON raises a flag.
type FlagInputJSON struct {
	Reason      string `json:"reason"`                 // spam, rude, not_an_answer (answers only), duplicate (questions only) or other
	Note        string `json:"note"`                   // optional; at least 10 characters for other; at most 500
	DuplicateOf int64  `json:"duplicate_of,omitempty"` // for duplicate: the question duplicated (live, not the flagged one; else 422)
}

// FlagJSON is a flag as raised.
type FlagJSON struct {
	ID        int64       `json:"id"`
	PostID    int64       `json:"post_id"`
	CommentID *int64      `json:"comment_id,omitempty"`
	Reason    string      `json:"reason"`
	Note      string      `json:"note"`
	Status    string      `json:"status"` // pending, helpful or declined
	User      *AuthorJSON `json:"user,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	// DuplicateOf is, for a duplicate flag, the question it names.
	DuplicateOf *int64 `json:"duplicate_of,omitempty"`
}

// FlaggedJSON is a post or comment in the moderators' queue.
type FlaggedJSON struct {
	PostID     int64       `json:"post_id"`
	CommentID  *int64      `json:"comment_id,omitempty"`
	Kind       string      `json:"kind"` // question, answer or comment
	QuestionID int64       `json:"question_id"`
	Title      string      `json:"title"`
	Excerpt    string      `json:"excerpt"`
	Author     *AuthorJSON `json:"author"`
	Flags      []FlagJSON  `json:"flags"`
	URL        string      `json:"url"`
}

// ResolveFlagsJSON is a moderator's decision on the flags of a post or comment.
type ResolveFlagsJSON struct {
	PostID    int64  `json:"post_id"`
	CommentID *int64 `json:"comment_id"`
	Outcome   string `json:"outcome"` // helpful or declined
	UpTo      int64  `json:"up_to"`   // the newest flag seen (its id): flags raised since stay waiting; 0 for all
	Note      string `json:"note"`    // optional, declined only: the moderator's word to the flaggers (one line, at most 200 characters)
}

// ResolvedJSON says how many flags a decision closed.
type ResolvedJSON struct {
	Resolved int64 `json:"resolved"`
}

func flagJSON(f *store.Flag, users map[int64]*store.User) FlagJSON {
	return FlagJSON{ID: f.ID, PostID: f.PostID, CommentID: f.CommentID, Reason: f.Reason, Note: f.Note, Status: f.Status,
		User: author(users[f.UserID]), CreatedAt: f.CreatedAt, DuplicateOf: f.DuplicateOfID}
}

// flag raises a flag on a post (comment false) or a comment.
func (h *handlers) flag(comment bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, id, err := actorAndID(c)
		if err != nil {
			return err
		}
		var in FlagInputJSON
		if err := httpx.BindJSON(c, &in); err != nil {
			return err
		}
		var f *store.Flag
		if comment {
			f, err = h.QA.FlagComment(c.Request().Context(), u, id, qa.FlagInput{Reason: in.Reason, Note: in.Note, DuplicateOf: in.DuplicateOf})
		} else {
			f, err = h.QA.FlagPost(c.Request().Context(), u, id, qa.FlagInput{Reason: in.Reason, Note: in.Note, DuplicateOf: in.DuplicateOf})
		}
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, flagJSON(f, map[int64]*store.User{u.ID: u}))
	}
}

// listFlags reads the moderators' queue, the longest waiting first.
func (h *handlers) listFlags(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 20)
	if err != nil {
		return err
	}
	queue, err := h.QA.Flags(c.Request().Context(), u, page, size)
	if err != nil {
		return err
	}
	items := make([]FlaggedJSON, len(queue.Items))
	for i, it := range queue.Items {
		kind, url := "question", "/questions/"+itoa(it.QuestionID)
		switch {
		case it.CommentID != nil:
			kind, url = "comment", url+"#comment-"+itoa(*it.CommentID)
		case it.PostType == store.PostAnswer:
			kind, url = "answer", url+"#answer-"+itoa(it.PostID)
		}
		j := FlaggedJSON{PostID: it.PostID, CommentID: it.CommentID, Kind: kind, QuestionID: it.QuestionID, Title: it.Title,
			Excerpt: it.Excerpt, Flags: make([]FlagJSON, len(it.Flags)), URL: url}
		if it.OwnerID != nil {
			j.Author = author(queue.Users[*it.OwnerID])
		}
		for k := range it.Flags {
			j.Flags[k] = flagJSON(&it.Flags[k], queue.Users)
		}
		items[i] = j
	}
	return c.JSON(http.StatusOK, ListJSON[FlaggedJSON]{Items: items, Total: queue.Total, Page: page, PageSize: size})
}

// resolveFlags closes the waiting flags of a post or comment.
func (h *handlers) resolveFlags(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	var in ResolveFlagsJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	var f errs.Fields
	if in.PostID < 1 {
		f.Add("post_id", "field.post_id.required", "Give the id of the flagged post (and comment_id for a comment).")
	}
	if in.Outcome != qa.FlagHelpful && in.Outcome != qa.FlagDeclined {
		f.Add("outcome", "field.outcome.invalid", "Say helpful or declined.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if in.UpTo < 0 {
		f.Add("up_to", "field.up_to.invalid", "Give the id of the newest flag seen, or leave it out.")
		return f.Err()
	}
	n, err := h.QA.ResolveFlags(c.Request().Context(), u, in.PostID, in.CommentID, in.UpTo, in.Outcome == qa.FlagHelpful, in.Note)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ResolvedJSON{Resolved: n})
}
