package web

import (
	"net/url"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// tagsPage is the data of the tag list.
type tagsPage struct {
	Tags   []store.Tag
	Filter string
	Pages  pager
}

func (s *Server) tags(c echo.Context) error {
	q := qa.TagQuery{Filter: c.QueryParam("filter"), Sort: c.QueryParam("sort"), Page: httpx.QueryInt(c, "page", 1), PageSize: 60}
	tags, total, err := s.qa.Tags(c.Request().Context(), q)
	if err != nil {
		return err
	}
	if q.Page < 1 {
		q.Page = 1
	}
	p := s.newPage(c, "", tagsPage{Tags: tags, Filter: q.Filter, Pages: newPager(q.Page, 60, total)})
	p.Title = p.T("tags.title")
	return s.render(c, "tags", p)
}

// tagPage is the data of one tag's page.
type tagPage struct {
	Tag   *store.Tag
	List  *qa.QuestionList
	Query qa.ListQuery
	Pages pager
	tagExtras
}

func (s *Server) tag(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.qa.Tag(ctx, c.Param("name"))
	if err != nil {
		return s.tagMissing(c, c.Param("name"), err)
	}
	if c.Request().URL.Path != "/tags/"+t.Name { // VPN, or " vpn": one address per tag
		return redirectCanonical(c, "/tags/"+url.PathEscape(t.Name))
	}
	q := qa.ListQuery{Tag: t.Name, Sort: c.QueryParam("sort"), Page: httpx.QueryInt(c, "page", 1), PageSize: 30}
	q.Normalize()
	list, err := s.qa.Questions(ctx, q)
	if err != nil {
		return err
	}
	extras, err := s.tagExtras(ctx, httpx.User(c), t)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", tagPage{Tag: t, List: list, Query: q, Pages: newPager(q.Page, q.PageSize, list.Total), tagExtras: extras})
	p.Title = p.T("questions.tagged", "Tag", t.Name)
	return s.render(c, "tag", p)
}
