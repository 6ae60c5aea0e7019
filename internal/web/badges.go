package web

import (
	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/reputation"
)

// badgesPage is the data of the badge list.
type badgesPage struct {
	Badges []reputation.BadgeCount
}

func (s *Server) badges(c echo.Context) error {
	counts, err := s.rep.BadgeCounts(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.newPage(c, "", badgesPage{Badges: counts})
	p.Title = p.T("badges.title")
	return s.render(c, "badges", p)
}

// badgePage is the data of one badge's page.
type badgePage struct {
	Badge   reputation.Badge
	Holders []reputation.Holder // this page's awards
	Total   int64               // awards in all
	Pages   pager
}

// holdersPageSize is how many awards a badge's page lists.
const holdersPageSize = 60

func (s *Server) badge(c echo.Context) error {
	b, ok := reputation.BadgeByName(c.Param("name"))
	if !ok {
		return errs.E(errs.NotFound, "badge.not_found", "No such badge.")
	}
	page := max(httpx.QueryInt(c, "page", 1), 1)
	hs, total, err := s.rep.Holders(c.Request().Context(), b.Name, page, holdersPageSize)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", badgePage{Badge: b, Holders: hs, Total: total, Pages: newPager(page, holdersPageSize, total)})
	p.Title = p.T("badge." + b.Name + ".name")
	return s.render(c, "badge", p)
}
