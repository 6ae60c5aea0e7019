package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// commentEditPage is the form that changes a comment's text.
type commentEditPage struct {
	Comment    *store.Comment
	QuestionID int64
}

// commentEditTarget reads the comment of the request and its question, and
// refuses one the user may not edit (its author for five minutes after
// writing it; moderators any time).
func (s *Server) commentEditTarget(c echo.Context) (commentEditPage, error) {
	ctx := c.Request().Context()
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return commentEditPage{}, err
	}
	cm, err := s.qa.Comment(ctx, id)
	if err != nil {
		return commentEditPage{}, err
	}
	post, err := s.qa.Post(ctx, cm.PostID)
	if err != nil {
		return commentEditPage{}, err
	}
	d := commentEditPage{Comment: cm, QuestionID: post.ID}
	if post.ParentID != nil {
		d.QuestionID = *post.ParentID
	}
	return d, nil
}

func (s *Server) commentEditForm(c echo.Context) error {
	if httpx.User(c) == nil {
		return loginFirst(c, "", c.Request().URL.RequestURI())
	}
	d, err := s.commentEditTarget(c)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("comment.edit_title")
	p.NoIndex = true
	p.Form = url.Values{"body": {d.Comment.Body}}
	if err := s.qa.CheckCommentEdit(httpx.User(c), d.Comment); err != nil {
		// Said before anything is typed: too late, or someone else's.
		return s.formError(c, "comment_edit", p, err)
	}
	return s.render(c, "comment_edit", p)
}

func (s *Server) commentEditSubmit(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	d, err := s.commentEditTarget(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.qa.EditComment(ctx, u, d.Comment.ID, c.FormValue("body")); err != nil {
		p := s.newPage(c, "", d)
		p.Title = p.T("comment.edit_title")
		p.NoIndex = true
		return s.formError(c, "comment_edit", p, err)
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(ctx, d.QuestionID, "#comment-"+strconv.FormatInt(d.Comment.ID, 10)))
}
