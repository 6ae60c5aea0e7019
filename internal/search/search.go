package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Sort orders accepted by Request.Sort.
const (
	SortRelevance = "relevance" // text match blended with answer signals (the default)
	SortNewest    = "newest"    // creation date, newest first
	SortVotes     = "votes"     // question score, highest first
	SortActive    = "active"    // last activity, most recent first
)

// Page sizes accepted by Request.PageSize.
const (
	DefaultPageSize = 20  // used when PageSize is 0
	MaxPageSize     = 100 // larger page sizes are cut to this
)

// Result bounds.
const (
	facetSize       = 10    // tags in Result.Facets
	facetAllMax     = 5000  // Result.Facets count every hit up to this many hits
	maxResultWindow = 10000 // pages ending past this many hits are empty
)

// Request is one search from the search box.
type Request struct {
	Query      string  // raw search-box text, see Parse
	Sort       string  // relevance (default; also for unknown values), newest, votes or active
	Page       int     // 1-based; values below 1 mean 1
	PageSize   int     // 1 to MaxPageSize; 0 means DefaultPageSize
	ExcludeIDs []int64 // questions to leave out
	// UserByName resolves user:NAME to an id (false: nobody, so nothing
	// matches and Parsed.UnknownUser says why); nil leaves such a filter
	// unresolved, matching nothing. It resolves user:N too, where a user
	// has N as username (else N is the id).
	UserByName func(name string) (int64, bool, error)
	// UserExists says whether user:ID names a user (false: nothing matches
	// and Parsed.UnknownUserID says why); nil does not ask.
	UserExists func(id int64) (bool, error)

	NoHighlight bool // skip snippets (Hit.Highlight and TitleHighlight stay empty)
	// Exact searches the words as typed: none is read as a typo of a word
	// some question holds (the page's "search instead for").
	Exact bool
}

// Result is one page of hits.
type Result struct {
	Hits   []Hit
	Total  uint64     // all matching questions
	Facets []TagCount // the 10 most frequent tags among all hits, with how many hits carry each
	// FacetsSampled: more than facetAllMax hits, so Facets are counted
	// among the first 200 hits in order only (their counts are not totals).
	FacetsSampled bool
	Parsed        Query // what was understood from Request.Query
}

// Hit is one matching question. Callers load the question by ID and drop
// it if it is no longer visible.
type Hit struct {
	ID             int64
	Score          float64 // ranking score; compare only within one result
	Highlight      string  // ≤ 200 visible chars from body, accepted answer or title; matched words in <mark>, the rest HTML-escaped
	TitleHighlight string  // the title, HTML-escaped, matched words in <mark>
}

// TagCount is one tag facet.
type TagCount struct {
	Tag   string
	Count int
}

// Search runs a search-box query. Malformed syntax never fails (see
// Parse); errors come only from the index or the context.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	parsed := Parse(r.Query)
	res := &Result{Parsed: parsed}
	// A user and tags that name nothing are each reported, all in one
	// answer, so that the searcher need not fix one to learn of the next.
	nothing := false
	if parsed.UserName != "" {
		id, ok := int64(0), false
		if r.UserByName != nil {
			var err error
			if id, ok, err = r.UserByName(parsed.UserName); err != nil {
				return nil, err
			}
		}
		if ok {
			parsed.UserID, res.Parsed.UserID = id, id
		} else {
			// Nobody by that name wrote anything. Only a resolver that
			// looked can say there is no such user.
			res.Parsed.UnknownUser = r.UserByName != nil
			nothing = true
		}
	}
	if parsed.UserNumber != "" && r.UserByName != nil {
		// user:1234: an account named "1234" rather than id 1234.
		id, ok, err := r.UserByName(parsed.UserNumber)
		if err != nil {
			return nil, err
		}
		if ok {
			parsed.UserID, res.Parsed.UserID = id, id
		}
	}
	if parsed.UserName == "" && parsed.UserID != 0 && r.UserExists != nil {
		ok, err := r.UserExists(parsed.UserID)
		if err != nil {
			return nil, err
		}
		if !ok {
			res.Parsed.UnknownUserID = true
			nothing = true
		}
	}
	if len(parsed.Tags) > 0 {
		unknown, err := ix.unknownTags(ctx, parsed.Tags)
		if err != nil {
			return nil, err
		}
		if len(unknown) > 0 {
			// A tag no question has: nothing matches, and the caller
			// can say which tag (and offer similar ones).
			res.Parsed.UnknownTags = unknown
			nothing = true
		}
	}
	if nothing {
		return res, nil
	}
	size := r.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	size = min(size, MaxPageSize)
	// A page ending past the window has no hits, but still the total, so
	// that the pager can lead back (a page this far could overflow from).
	from, past := 0, r.Page > maxResultWindow
	if !past {
		from = (max(r.Page, 1) - 1) * size
		past = from+size > maxResultWindow
	}
	relevance := r.Sort != SortNewest && r.Sort != SortVotes && r.Sort != SortActive
	p, err := ix.buildQuery(ctx, parsed, r.ExcludeIDs, !relevance, r.Exact)
	if err != nil {
		return nil, err
	}
	res.Parsed.StopWordsOnly, res.Parsed.NearWords, res.Parsed.NearAs = p.stopOnly, p.near, p.nearAs
	if p.nothing {
		return res, nil
	}
	rerank := p.hasText && relevance
	var order []string // nil: by text score
	if !rerank {
		order = sortOrder(r.Sort)
	}
	// The first rerankDepth hits in order carry their tags (for the
	// facets) and, for relevance, the signals to re-rank them with. A page
	// past them continues in plain order.
	fields := []string{fTags}
	if rerank {
		fields = append(fields, signalFields...)
	}
	head, err := ix.page(ctx, p.q, order, 0, rerankDepth, fields)
	if err != nil {
		return nil, err
	}
	res.Total = head.Total
	switch {
	case head.Total <= uint64(len(head.Hits)):
		res.Facets = countTags(head.Hits, facetSize) // every hit
	case head.Total <= uint64(ix.facetMax):
		counted, err := ix.count(ctx, p.q, true)
		if err != nil {
			return nil, err
		}
		res.Facets = tagFacets(counted)
	default:
		res.Facets, res.FacetsSampled = countTags(head.Hits, facetSize), true
	}
	if past {
		return res, nil
	}
	top := head.Hits
	if rerank {
		top = reRank(top, ix.now())
	}
	hits := top[min(from, len(top)):min(from+size, len(top))]
	if len(top) == rerankDepth && from+size > rerankDepth {
		start := max(from, rerankDepth)
		more, err := ix.page(ctx, p.q, order, start, from+size-start, nil)
		if err != nil {
			return nil, err
		}
		hits = append(hits, more.Hits...)
	}
	res.Hits = make([]Hit, 0, len(hits))
	for _, h := range hits {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hit, err := ix.hit(h, p.terms, !r.NoHighlight)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

// unknownTags returns the tags of tags that no question has.
func (ix *Index) unknownTags(ctx context.Context, tags []string) ([]string, error) {
	st, err := ix.newStats(ctx)
	if err != nil {
		return nil, err
	}
	defer st.close()
	var out []string
	for _, t := range tags {
		if st.docFreq(t, fTags) == 0 {
			out = append(out, t)
		}
	}
	return out, nil
}

// sortOrder is the Bleve sort for an explicit order, or for relevance
// without text (where it means votes). Votes ties go to the newer question.
func sortOrder(sort string) []string {
	switch sort {
	case SortNewest:
		return []string{"-" + fSortCreated}
	case SortActive:
		return []string{"-" + fSortActivity}
	}
	return []string{"-" + fSortVotes, "-" + fSortCreated}
}

// page runs one search: order (nil for text score), from, size and the
// stored fields to load with each hit.
func (ix *Index) page(ctx context.Context, q query.Query, order []string, from, size int, fields []string) (*bleve.SearchResult, error) {
	if order != nil {
		return ix.sortedPage(ctx, q, order, from, size, fields)
	}
	return ix.scanPage(ctx, q, nil, from, size, fields)
}

// scanPage runs one Bleve search, which visits every match.
func (ix *Index) scanPage(ctx context.Context, q query.Query, order []string, from, size int, fields []string) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	if order != nil {
		req.SortBy(order)
		req.Score = bleve.ScoreNone // field order: text scores are not needed
	}
	req.Fields = fields
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return sr, nil
}

// countTags returns the size most frequent tags among hits (ties by
// name), from their stored tags field.
func countTags(hits bsearch.DocumentMatchCollection, size int) []TagCount {
	counts := map[string]int{}
	for _, h := range hits {
		switch v := h.Fields[fTags].(type) {
		case string:
			counts[v]++
		case []any:
			for _, t := range v {
				if s, ok := t.(string); ok {
					counts[s]++
				}
			}
		}
	}
	out := make([]TagCount, 0, len(counts))
	for t, n := range counts {
		out = append(out, TagCount{Tag: t, Count: n})
	}
	slices.SortFunc(out, func(a, b TagCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Tag, b.Tag)
	})
	return out[:min(size, len(out))]
}

// tagFacet names the tag facet in a Bleve search request.
const tagFacet = "tags"

// addTagFacet asks a search to count the tags of every match: the
// facetSize most frequent (Bleve reads them from the tags field's
// postings, uninverted once per segment and cached).
func addTagFacet(req *bleve.SearchRequest) {
	req.AddFacet(tagFacet, bleve.NewFacetRequest(fTags, facetSize))
}

// tagFacets returns the most frequent tags of all matches of sr (ties by
// name), as counted by addTagFacet.
func tagFacets(sr *bleve.SearchResult) []TagCount {
	fr := sr.Facets[tagFacet]
	if fr == nil || fr.Terms == nil {
		return nil
	}
	var out []TagCount
	for _, t := range fr.Terms.Terms() {
		out = append(out, TagCount{Tag: t.Term, Count: t.Count})
	}
	slices.SortFunc(out, func(a, b TagCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Tag, b.Tag)
	})
	return out
}

// hit converts a Bleve hit and adds highlights.
func (ix *Index) hit(h *bsearch.DocumentMatch, ts termSet, highlight bool) (Hit, error) {
	id, err := parseDocID(h.ID)
	if err != nil {
		return Hit{}, err
	}
	out := Hit{ID: id, Score: h.Score}
	if !highlight {
		return out, nil
	}
	if err := ix.highlight(&out, h.ID, ts); err != nil {
		return Hit{}, err
	}
	return out, nil
}

// now is the clock used for recency; tests may replace it with SetClock.
func (ix *Index) now() time.Time {
	if ix.clock != nil {
		return ix.clock()
	}
	return time.Now()
}

// SetClock replaces the clock used for the recency signal (nil restores
// time.Now). Call it before the index is shared between goroutines.
func (ix *Index) SetClock(now func() time.Time) { ix.clock = now }
