package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// editPage is the data of the edit form.
type editPage struct {
	Post     *store.Post
	Revision int  // the revision the edit starts from
	Conflict bool // another edit was saved meanwhile
}

func (s *Server) editForm(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	post, err := s.qa.Post(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if err := s.qa.CanEdit(httpx.User(c), post); err != nil {
		return err
	}
	p := s.newPage(c, "", editPage{Post: post, Revision: post.Revision})
	p.Title = p.T("edit.title")
	p.Form = url.Values{"title": {post.Title}, "body": {markdown.Source(post.BodyMarkdown, post.BodyHTML)}, "tags": {post.Tags}}
	return s.render(c, "edit", p)
}

func (s *Server) editSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(c.FormValue("revision"))
	in := qa.EditInput{Comment: c.FormValue("comment"), Revision: max(base, 0)}
	body := c.FormValue("body")
	in.Body = &body
	if post.Type == store.PostQuestion {
		title := c.FormValue("title")
		in.Title = &title
		in.Tags = qa.SplitTags(c.FormValue("tags"))
	}
	if _, err := s.qa.Edit(ctx, httpx.User(c), id, in); err != nil {
		d := editPage{Post: post, Revision: in.Revision}
		if errs.Is(err, errs.Conflict) {
			// Saving again means "mine over theirs", knowingly.
			d.Revision, d.Conflict = post.Revision, true
		}
		p := s.newPage(c, "", d)
		p.Title = p.T("edit.title")
		return s.formError(c, "edit", p, err)
	}
	return c.Redirect(http.StatusSeeOther, postPath(post))
}

// revisionsPage is the data of a post's history.
type revisionsPage struct {
	Post      *store.Post
	Revisions []qa.Revision
}

func (s *Server) revisions(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	revs, err := s.qa.Revisions(ctx, id)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", revisionsPage{Post: post, Revisions: revs})
	p.Title = p.T("revisions.title")
	return s.render(c, "revisions", p)
}
