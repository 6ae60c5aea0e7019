package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
)

// searchPage is the data of the search page.
type searchPage struct {
	Q       string
	Sort    string
	Result  *engine.Result
	Pages   pager
	Session int64 // the help session this search belongs to; 0 when none was recorded
	// Exact: ?exact=1, the words searched as typed, none read as a typo
	// (the link "search instead for" what was typed).
	Exact bool
	// UnknownTags are the tag filters no question has, each with the
	// tags in use named like it, linked as the same search with that tag.
	UnknownTags []unknownTag
}

// unknownTag is a tag filter no question has, and the tags like it.
type unknownTag struct {
	Tag     string
	Similar []facet // Count unused
}

// AllWordsMissed reports an empty result of a search sorted by date, votes
// or activity with several words: there a question must hold every word,
// and relevance order (any word) may find some.
func (d searchPage) AllWordsMissed() bool {
	return d.Result != nil && d.Result.Total == 0 && d.Sort != "" && d.Sort != "relevance" &&
		len(d.Result.Parsed.Words) > 1
}

// Understood lists what the query parser took from the query, for the page to echo.
func (d searchPage) Understood() []string {
	if d.Result == nil {
		return nil
	}
	q := d.Result.Parsed
	var out []string
	for _, t := range q.Tags {
		out = append(out, "["+t+"]")
	}
	for _, t := range q.ExcludedTags {
		out = append(out, "-["+t+"]")
	}
	for _, p := range q.Phrases {
		out = append(out, `"`+p+`"`)
	}
	out = append(out, q.Words...)
	for _, w := range q.Excluded {
		out = append(out, search.Exclusion(w))
	}
	return append(out, q.Filters()...)
}

// searchSorts are the orders the page offers.
var searchSorts = []string{search.SortRelevance, search.SortNewest, search.SortVotes, search.SortActive}

// searchPageSize is how many results a page of the search page shows.
const searchPageSize = 20

// searchRequest is the search a page of the search page runs: q in the
// order sort (relevance for one the page does not offer), on page.
func searchRequest(q, sort string, page int, exact bool) search.Request {
	if !slices.Contains(searchSorts, sort) {
		sort = search.SortRelevance
	}
	return search.Request{Query: q, Sort: sort, Page: max(page, 1), PageSize: searchPageSize, Exact: exact}
}

func (s *Server) searchPage(c echo.Context) error {
	req := searchRequest(c.QueryParam("q"), c.QueryParam("sort"), httpx.QueryInt(c, "page", 1), c.QueryParam("exact") == "1")
	d := searchPage{Q: req.Query, Sort: req.Sort, Exact: req.Exact}
	if strings.TrimSpace(d.Q) != "" {
		res, err := s.engine.Search(c.Request().Context(), req)
		if err != nil {
			return err
		}
		d.Result = res
		d.Pages = newPager(req.Page, searchPageSize, int64(min(res.Total, 10000)))
		if d.UnknownTags, err = s.unknownTags(c.Request().Context(), res.Parsed, d.Sort); err != nil {
			return err
		}
		d.Session = s.recordSiteSearch(c, d.Q, int(min(res.Total, 1<<31-1)), deflection.ItemIDs(res.Items))
	}
	p := s.newPage(c, "", d)
	if d.Session != 0 {
		// Sort and page links stay in the same session.
		p.Query.Set("help", strconv.FormatInt(d.Session, 10))
	}
	p.Title = p.T("search.title")
	p.NoIndex = true
	return s.render(c, "search", p)
}

// searchShown returns the questions a page of the search page showed for
// q (in the order sort, on page, exact or not), as it shows them now: what
// "This solved my problem" from a search that recorded no session (see
// recordSiteSearch) may name.
func (s *Server) searchShown(ctx context.Context, q, sort string, page int, exact bool) ([]int64, error) {
	req := searchRequest(q, sort, page, exact)
	req.NoHighlight = true
	res, err := s.engine.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	return deflection.ItemIDs(res.Items), nil
}

// recordSiteSearch counts a search of the search page as a help session
// (see deflection.Service.SiteSearch), continuing the one named by ?help=.
//
// Only a logged-in user or a visitor who came back with the visitor cookie
// is counted: a client that keeps no cookies (a crawler, a link preview, a
// monitor) would otherwise open a session on every request. A new visitor's
// first search sets the cookie and goes uncounted. Neither is the support
// team's (analysts and the hotline): searching for a caller or looking
// into the figures is not an employee's problem.
//
// Analytics never stand in the way of search: a query the sessions refuse
// (too long), a failed write or one slower than a second leaves the search
// unrecorded, and a failure is logged.
//
// shown is the page of results shown, whose questions open through the
// session (and no others).
func (s *Server) recordSiteSearch(c echo.Context, q string, results int, shown []int64) int64 {
	if c.Request().Method != http.MethodGet {
		return 0
	}
	u := httpx.User(c)
	if supportTeam(httpx.Account(c)) {
		return 0
	}
	known := u != nil || s.helpWho(c, false).Visitor != ""
	who := s.helpWho(c, true)
	if !known {
		return 0
	}
	sid, _ := strconv.ParseInt(c.QueryParam("help"), 10, 64)
	ctx, cancel := context.WithTimeout(c.Request().Context(), time.Second)
	defer cancel()
	sess, err := s.help.SiteSearch(ctx, who, sid, q, results, shown)
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			s.log.Warn("record site search", "err", err)
		}
		return 0
	}
	return sess.ID
}

// facet is a tag of the results, with the search narrowed to it.
type facet struct {
	Tag   string
	Count int
	URL   string
}

// Facets lists the results' tags not already in the query, each linking to
// the same search (in the same order) narrowed to it.
func (d searchPage) Facets() []facet {
	if d.Result == nil {
		return nil
	}
	var out []facet
	for _, f := range d.Result.Facets {
		if slices.Contains(d.Result.Parsed.Tags, f.Tag) {
			continue
		}
		v := url.Values{"q": {strings.TrimSpace(d.Q) + " [" + f.Tag + "]"}}
		if d.Sort != "" && d.Sort != "relevance" {
			v.Set("sort", d.Sort)
		}
		if d.Exact {
			v.Set("exact", "1")
		}
		out = append(out, facet{Tag: f.Tag, Count: f.Count, URL: "/search?" + v.Encode()})
	}
	return out
}

// unknownTags lists the tag filters of q that no question has, each with
// the tags in use whose names are like it (as /tags/NAME offers them),
// linked as the same search with that tag instead.
func (s *Server) unknownTags(ctx context.Context, q search.Query, sort string) ([]unknownTag, error) {
	similar, err := s.qa.SimilarTagNames(ctx, q.UnknownTags)
	if err != nil {
		return nil, err
	}
	var out []unknownTag
	for _, t := range q.UnknownTags {
		u := unknownTag{Tag: t}
		for _, name := range similar[t] {
			alt := q
			alt.Tags = slices.Clone(q.Tags)
			alt.Tags[slices.Index(alt.Tags, t)] = name
			v := url.Values{"q": {alt.String()}}
			if sort != "" && sort != search.SortRelevance {
				v.Set("sort", sort)
			}
			u.Similar = append(u.Similar, facet{Tag: name, URL: "/search?" + v.Encode()})
		}
		out = append(out, u)
	}
	return out, nil
}

// CorrectedURL is the search for the query as searched when words were
// read as typos (search.Query.Corrected), in the same order and help
// session; "" when there is none to show.
func (d searchPage) CorrectedURL() string {
	if d.Result == nil || d.Result.Parsed.Corrected() == "" {
		return ""
	}
	return d.searchURL(d.Result.Parsed.Corrected(), false)
}

// ExactURL is the same search with every word searched as typed, none
// read as a typo ("search instead for").
func (d searchPage) ExactURL() string { return d.searchURL(d.Q, true) }

// searchURL is the search page for q in the page's order and help session.
func (d searchPage) searchURL(q string, exact bool) string {
	v := url.Values{"q": {q}}
	if d.Sort != "" && d.Sort != search.SortRelevance {
		v.Set("sort", d.Sort)
	}
	if exact {
		v.Set("exact", "1")
	}
	if d.Session != 0 {
		v.Set("help", strconv.FormatInt(d.Session, 10))
	}
	return "/search?" + v.Encode()
}

// SearchSorts lists the search orders for the template.
func (d searchPage) SearchSorts() []string { return searchSorts }
