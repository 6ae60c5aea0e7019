package web

import (
	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/httpx"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	Records []auth.AuditRecord
	Actions []string
	Filter  auth.AuditFilter
	Total   int64
	Pages   pager
}

// auditLog lists the audit log (administrators only), filtered by action
// or by what an entry is about (?target_type=user&target_id=7).
func (s *Server) auditLog(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	const size = 50
	page := max(httpx.QueryInt(c, "page", 1), 1)
	f := auth.AuditFilter{Action: c.QueryParam("action"), TargetType: c.QueryParam("target_type"),
		TargetID: int64(max(httpx.QueryInt(c, "target_id", 0), 0))}
	recs, total, err := s.auth.AuditLog(c.Request().Context(), u, f, page, size)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", auditPage{Records: recs, Actions: auth.AuditActions, Filter: f, Total: total,
		Pages: newPager(page, size, total)})
	p.Title = p.T("audit.title")
	p.NoIndex = true
	return s.render(c, "audit", p)
}
