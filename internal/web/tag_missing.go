package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/text"
)

// similarTagsShown bounds the tags a missing tag's page offers instead.
const similarTagsShown = 8

// tagMissing answers a tag name that no tag has (on /tags/NAME or
// /questions?tag=NAME) with a 404 that says so, and offers the tags whose
// names are like it (start alike, a typo away, contain it) and the list of
// all tags. err is the error
// that found the tag missing; any other is returned as it is.
func (s *Server) tagMissing(c echo.Context, name string, err error) error {
	if errs.CodeOf(err) != errs.NotFound {
		return err
	}
	name = text.NormalizeTag(name)
	similar, prefix, serr := s.qa.SimilarTags(c.Request().Context(), name, similarTagsShown)
	if serr != nil {
		return serr
	}
	p := s.newPage(c, "", errorPage{SimilarTags: similar, SimilarPrefix: prefix, TagList: true})
	p.Title = p.T("error.title")
	p.Status = http.StatusNotFound
	p.NoIndex = true
	if text.ValidTag(name) {
		p.Error = p.T("tag.no_such", "Name", text.Isolate(name))
	} else {
		p.Error = s.cat.Msg(p.Lang, errs.As(qa.ErrNoTag(name)).Msg)
	}
	return s.render(c, "error", p)
}
