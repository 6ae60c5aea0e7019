package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
	"stackdesk/internal/notify"
)

// followTag follows or unfollows a tag from the follow button on its page.
func (s *Server) followTag(c echo.Context) error {
	name := c.Param("name")
	if err := s.notes.SetTagFollow(c.Request().Context(), httpx.User(c), name, c.FormValue("follow") != "false"); err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" {
		return c.Redirect(http.StatusSeeOther, localPath(next))
	}
	return c.Redirect(http.StatusSeeOther, "/tags/"+url.PathEscape(name))
}

// followQuestion follows or unfollows a question from the button on its page.
func (s *Server) followQuestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if httpx.User(c) == nil { // the session ran out while the page was open
		return loginFirst(c, "follow", s.threadPath(c.Request().Context(), id, ""))
	}
	if err := s.notes.SetQuestionFollow(c.Request().Context(), httpx.User(c), id, c.FormValue("follow") != "false"); err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" {
		return c.Redirect(http.StatusSeeOther, localPath(next))
	}
	return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(id, 10))
}

// followingPage is the data of the page of what a user follows.
type followingPage struct {
	Questions []notify.FollowedQuestion
	Total     int64
	Pages     pager
	Tags      []string
}

// Questions a page of the following list shows.
const followingSize = 30

// following lists the questions and tags the logged-in user follows, each
// with a button to unfollow it.
func (s *Server) following(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	ctx := c.Request().Context()
	page := max(httpx.QueryInt(c, "page", 1), 1)
	qs, total, err := s.notes.FollowedQuestions(ctx, u.ID, page, followingSize)
	if err != nil {
		return err
	}
	tags, err := s.notes.FollowedTags(ctx, u.ID)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", followingPage{Questions: qs, Total: total, Pages: newPager(page, followingSize, total), Tags: tags})
	p.Title = p.T("following.title")
	p.NoIndex = true
	return s.render(c, "following", p)
}
