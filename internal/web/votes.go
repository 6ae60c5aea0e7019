package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// vote handles the vote arrows as a plain form post; JavaScript uses the API instead.
func (s *Server) vote(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	value, _ := strconv.Atoi(c.FormValue("value"))
	if c.FormValue("value") == "" || c.FormValue("value") != strconv.Itoa(value) {
		value = 2 // refused below as invalid
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	if httpx.User(c) == nil { // a visitor without JavaScript: log in, then back to the post
		return loginFirst(c, "vote", s.postAt(ctx, post))
	}
	if _, err := s.rep.Vote(ctx, httpx.User(c), id, value); err != nil {
		if errs.Is(err, errs.Forbidden) {
			return s.voteRefused(c, post, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, s.postAt(ctx, post))
}

// voteRefused shows the question page again, with the 403 status, and why
// the vote was refused (a privilege not earned yet, one's own post) beside
// the post, as a click on the arrow shows it with JavaScript.
func (s *Server) voteRefused(c echo.Context, post *store.Post, err error) error {
	return s.formFailed(c, questionOf(post), err, func(d *questionPage) { d.VoteRefused = post.ID })
}

// accept toggles the accepted answer as a plain form post.
func (s *Server) accept(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	if httpx.User(c) == nil { // the session ran out while the page was open
		return loginFirst(c, "accept", s.threadPath(ctx, questionOf(post), "#answer-"+strconv.FormatInt(id, 10)))
	}
	if c.FormValue("accept") == "false" {
		_, err = s.rep.Unaccept(ctx, httpx.User(c), id)
	} else {
		_, err = s.rep.Accept(ctx, httpx.User(c), id)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(ctx, questionOf(post), "#answer-"+strconv.FormatInt(id, 10)))
}

// postPath is the address of a post on its question's page: the question's
// article is #post-ID, an answer's #answer-ID.
func postPath(p *store.Post) string {
	if p.ParentID != nil {
		return "/questions/" + strconv.FormatInt(*p.ParentID, 10) + "#answer-" + strconv.FormatInt(p.ID, 10)
	}
	return "/questions/" + strconv.FormatInt(p.ID, 10) + "#post-" + strconv.FormatInt(p.ID, 10)
}

// threadPath is the canonical address of question qid, with its slug,
// followed by anchor (#answer-7, say): where a form posted on its page
// returns. Should the question not be read, the bare id serves.
func (s *Server) threadPath(ctx context.Context, qid int64, anchor string) string {
	if q, err := s.qa.Post(ctx, qid); err == nil && q.ParentID == nil {
		return questionPath(qid, q.Title) + anchor
	}
	return "/questions/" + strconv.FormatInt(qid, 10) + anchor
}

// postAt is the canonical address of a post on its question's page.
func (s *Server) postAt(ctx context.Context, p *store.Post) string {
	path := postPath(p)
	return s.threadPath(ctx, questionOf(p), path[strings.Index(path, "#"):])
}

func questionOf(p *store.Post) int64 {
	if p.ParentID != nil {
		return *p.ParentID
	}
	return p.ID
}
