package web

import (
	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// usersPage is the data of the user directory.
type usersPage struct {
	Users  []store.User
	Filter string
	Pages  pager
}

func (s *Server) users(c echo.Context) error {
	q := auth.UserQuery{Filter: c.QueryParam("filter"), Page: httpx.QueryInt(c, "page", 1), PageSize: 36}
	us, total, err := s.auth.Users(c.Request().Context(), q)
	if err != nil {
		return err
	}
	if q.Page < 1 {
		q.Page = 1
	}
	p := s.newPage(c, "", usersPage{Users: us, Filter: q.Filter, Pages: newPager(q.Page, 36, total)})
	p.Title = p.T("users.title")
	return s.render(c, "users", p)
}

// userPage is the data of a profile.
type userPage struct {
	Profile   *store.User
	Questions []qa.UserPost
	Answers   []qa.UserPost
}

func (s *Server) user(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := s.auth.UserByID(ctx, id)
	if err != nil {
		return err
	}
	qs, err := s.qa.UserPosts(ctx, id, store.PostQuestion, 20)
	if err != nil {
		return err
	}
	as, err := s.qa.UserPosts(ctx, id, store.PostAnswer, 20)
	if err != nil {
		return err
	}
	p := s.newPage(c, u.DisplayName, userPage{Profile: u, Questions: qs, Answers: as})
	return s.render(c, "user", p)
}
