package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
)

// questionsPage is the data of the question list.
type questionsPage struct {
	List  *qa.QuestionList
	Query qa.ListQuery
	Pages pager
}

func (s *Server) questions(c echo.Context) error {
	q := qa.ListQuery{Sort: c.QueryParam("sort"), Tag: c.QueryParam("tag"), Page: httpx.QueryInt(c, "page", 1), PageSize: httpx.QueryInt(c, "page_size", 30)}
	q.Normalize()
	if raw := c.QueryParam("tag"); raw != q.Tag {
		// ?tag=VPN lists vpn's questions at vpn's one address.
		if t, err := s.qa.Tag(c.Request().Context(), q.Tag); err == nil {
			return c.Redirect(http.StatusMovedPermanently, "/questions?"+withQueryValue(c.Request().URL.RawQuery, "tag", t.Name))
		}
	}
	list, err := s.qa.Questions(c.Request().Context(), q)
	if err != nil && q.Tag != "" {
		return s.tagMissing(c, q.Tag, err)
	}
	if err != nil {
		return err
	}
	p := s.newPage(c, "", questionsPage{List: list, Query: q, Pages: newPager(q.Page, q.PageSize, list.Total)})
	p.Title = p.T("questions.title")
	if q.Tag != "" {
		p.Title = p.T("questions.tagged", "Tag", q.Tag)
	}
	return s.render(c, "questions", p)
}

// withQueryValue gives the first key of a raw query the value v, keeping
// the other parameters as they were written and in their order.
func withQueryValue(raw, key, v string) string {
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		k, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(k); err == nil && k == key {
			parts[i] = url.QueryEscape(key) + "=" + url.QueryEscape(v)
			break
		}
	}
	return strings.Join(parts, "&")
}

// pager computes the page links of a list.
type pager struct {
	Page, Last int
	Prev, Next int // 0 when there is none
	Numbers    []int
	PastEnd    bool // the page is past the last of a list that has items
}

func newPager(page, size int, total int64) pager {
	last := int((total + int64(size) - 1) / int64(size))
	if last < 1 {
		last = 1
	}
	p := pager{Page: page, Last: last, PastEnd: page > last && total > 0}
	if page > 1 {
		p.Prev = page - 1
	}
	if page < last {
		p.Next = page + 1
	}
	for n := page - 2; n <= page+2; n++ {
		if n >= 1 && n <= last {
			p.Numbers = append(p.Numbers, n)
		}
	}
	return p
}
