package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
)

// SearchItemJSON is one search hit.
type SearchItemJSON struct {
	ID                int64       `json:"id"`
	Title             string      `json:"title"`
	Score             int         `json:"score"`
	AnswerCount       int         `json:"answer_count"`
	IsAnswered        bool        `json:"is_answered"`
	HasAcceptedAnswer bool        `json:"has_accepted_answer"`
	Tags              []string    `json:"tags"`
	Highlight         string      `json:"highlight"`       // HTML: escaped text, matched words in <mark>
	TitleHighlight    string      `json:"title_highlight"` // HTML: escaped title, matched words in <mark>
	AcceptedExcerpt   string      `json:"accepted_excerpt,omitempty"`
	Closed            bool        `json:"closed"`
	DuplicateOfID     *int64      `json:"duplicate_of_id,omitempty"`
	Author            *AuthorJSON `json:"author"`
	AuthorName        string      `json:"author_name,omitempty"` // an imported author who is no account here
	URL               string      `json:"url"`
}

// SearchJSON is a page of search results with tag facets.
type SearchJSON struct {
	Items    []SearchItemJSON `json:"items"`
	Total    uint64           `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"page_size"`
	Facets   FacetsJSON       `json:"facets"`
	Parsed   ParsedJSON       `json:"parsed"`
}

// ParsedJSON tells what the search understood of the query.
type ParsedJSON struct {
	Words        []string `json:"words"`
	Phrases      []string `json:"phrases"`
	Excluded     []string `json:"excluded"`
	Tags         []string `json:"tags"`
	ExcludedTags []string `json:"excluded_tags"`
	UserID       int64    `json:"user_id,omitempty"`
	MinScore     *int     `json:"min_score,omitempty"`   // score:N, score:>=N (score:>N is N+1)
	MaxScore     *int     `json:"max_score,omitempty"`   // score:<=N (score:<N is N-1)
	MinAnswers   *int     `json:"min_answers,omitempty"` // answers:N (N > 0), answers:>=N (answers:>N is N+1)
	MaxAnswers   *int     `json:"max_answers,omitempty"` // answers:<=N (answers:<N is N-1); answers:0 is 0: no answers
	Answered     bool     `json:"answered,omitempty"`
	Accepted     bool     `json:"accepted,omitempty"`
	NotAccepted  bool     `json:"not_accepted,omitempty"` // -is:accepted
	Unanswered   bool     `json:"unanswered,omitempty"`
	Closed       *bool    `json:"closed,omitempty"` // closed:yes or closed:no (also -closed:no, -closed:yes)
	CreatedFrom  string   `json:"created_from,omitempty"`
	CreatedTo    string   `json:"created_before,omitempty"`
	Truncated    bool     `json:"truncated,omitempty"`
	Ignored      []string `json:"ignored,omitempty"`      // filters left out: a value that could not be read, or a minus with no opposite (-user:ada)
	UnknownUser  string   `json:"unknown_user,omitempty"` // the NAME of user:NAME when no user has it: nothing matches
	// UnknownUserID is the ID of user:ID when no user has that number:
	// nothing matches.
	UnknownUserID int64 `json:"unknown_user_id,omitempty"`
	// The tag filters no question has (nothing matches), and for each the
	// tags in use with similar names ("walet": ["wallet"]), as /tags/NAME offers them.
	UnknownTags []string `json:"unknown_tags,omitempty"`
	// StopWordsOnly: every word and phrase typed is a stop word ("the",
	// "don't"), and none is searched.
	StopWordsOnly bool                `json:"stop_words_only,omitempty"`
	SimilarTags   map[string][]string `json:"similar_tags,omitempty"`
	// NearWords are words no question holds, as typed, each searched as
	// the nearest word some question holds, a letter or two away (a typo).
	NearWords []string `json:"near_words,omitempty"`
	// NearAs holds, for each of NearWords, the word it was searched as,
	// lower-case, as questions write it.
	NearAs []string `json:"near_as,omitempty"`
	// Corrected is the query as searched, in search-box syntax, each of
	// NearWords replaced by its NearAs ("showing results for"); absent
	// when no word was read as a typo or one has no NearAs. Send exact=1
	// to search the words as typed instead.
	Corrected string `json:"corrected,omitempty"`
}

func parsedJSON(q search.Query) ParsedJSON {
	j := ParsedJSON{Words: nonNil(q.Words), Phrases: nonNil(q.Phrases), Excluded: nonNil(q.Excluded),
		Tags: nonNil(q.Tags), ExcludedTags: nonNil(q.ExcludedTags), UserID: q.UserID, MinScore: q.MinScore,
		MaxScore: q.MaxScore, MinAnswers: q.MinAnswers, MaxAnswers: q.MaxAnswers, Answered: q.Answered, Accepted: q.Accepted, NotAccepted: q.NotAccepted,
		Unanswered: q.Unanswered, Closed: q.Closed, Truncated: q.Truncated, Ignored: q.Ignored}
	if q.UnknownUser {
		j.UnknownUser = q.UserName
	}
	if q.UnknownUserID {
		j.UnknownUserID = q.UserID
	}
	j.UnknownTags, j.StopWordsOnly, j.NearWords, j.NearAs, j.Corrected = q.UnknownTags, q.StopWordsOnly, q.NearWords, q.NearAs, q.Corrected()
	if !q.CreatedFrom.IsZero() {
		j.CreatedFrom = q.CreatedFrom.Format("2006-01-02")
	}
	if !q.CreatedBefore.IsZero() {
		j.CreatedTo = q.CreatedBefore.Format("2006-01-02")
	}
	return j
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// FacetsJSON holds the facet counts of a search.
type FacetsJSON struct {
	Tags []TagFacetJSON `json:"tags"` // the most frequent tags of all hits, each with how many hits carry it
	// Sampled: more than 5,000 hits, so the tags are counted among the
	// first 200 hits only and the counts are not totals.
	Sampled bool `json:"sampled,omitempty"`
}

// TagFacetJSON is how many hits carry a tag.
type TagFacetJSON struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// SimilarJSON is the list of questions like the one being asked.
type SimilarJSON struct {
	Items []SearchItemJSON `json:"items"`
}

func searchItem(it engine.Item) SearchItemJSON {
	p := it.Post
	j := SearchItemJSON{ID: p.ID, Title: p.Title, Score: p.Score, AnswerCount: p.AnswerCount,
		IsAnswered: it.IsAnswered, HasAcceptedAnswer: p.AcceptedAnswerID != nil, Tags: qa.TagList(p.Tags),
		Highlight: it.Highlight, TitleHighlight: it.TitleHighlight, AcceptedExcerpt: it.Accepted,
		Closed: p.ClosedAt != nil, DuplicateOfID: p.DuplicateOfID, Author: author(it.Author), AuthorName: p.OwnerName,
		URL: "/questions/" + itoa(p.ID)}
	if j.Tags == nil {
		j.Tags = []string{}
	}
	return j
}

// searchSorts are the orders /search accepts.
var searchSorts = map[string]bool{"": true, search.SortRelevance: true, search.SortNewest: true, search.SortVotes: true, search.SortActive: true}

// searchExact are the values /search accepts for exact: 1 (or true)
// searches the words as typed, none read as a typo.
var searchExact = map[string]bool{"": false, "0": false, "false": false, "1": true, "true": true}

func (h *handlers) search(c echo.Context) error {
	sort := c.QueryParam("sort")
	if !searchSorts[sort] {
		var f errs.Fields
		f.Add("sort", "field.search_sort", "Sort by relevance, newest, votes or active.")
		return f.Err()
	}
	exact, ok := searchExact[c.QueryParam("exact")]
	if !ok {
		var f errs.Fields
		f.Add("exact", "field.search_exact", "Send exact=1 to search the words as typed, or leave it out.")
		return f.Err()
	}
	page, size, err := paging(c, search.DefaultPageSize)
	if err != nil {
		return err
	}
	res, err := h.Search.Search(c.Request().Context(), search.Request{Query: c.QueryParam("q"), Sort: sort, Page: page, PageSize: size, Exact: exact})
	if err != nil {
		return err
	}
	out := SearchJSON{Items: make([]SearchItemJSON, len(res.Items)), Total: res.Total, Page: page, PageSize: size,
		Facets: FacetsJSON{Tags: make([]TagFacetJSON, len(res.Facets)), Sampled: res.FacetsSampled}, Parsed: parsedJSON(res.Parsed)}
	for i, it := range res.Items {
		out.Items[i] = searchItem(it)
	}
	for i, f := range res.Facets {
		out.Facets.Tags[i] = TagFacetJSON{Tag: f.Tag, Count: f.Count}
	}
	if len(res.Parsed.UnknownTags) > 0 {
		similar, err := h.QA.SimilarTagNames(c.Request().Context(), res.Parsed.UnknownTags)
		if err != nil {
			return err
		}
		if len(similar) > 0 {
			out.Parsed.SimilarTags = similar
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) similar(c echo.Context) error {
	title, body := c.QueryParam("title"), c.QueryParam("body")
	var f errs.Fields
	if strings.TrimSpace(title) == "" && strings.TrimSpace(body) == "" {
		f.Add("title", "field.similar_title", "Give a title (or a body) to compare with.")
	}
	// As with page sizes: what cannot be read is refused, the rest clamped.
	limit := min(max(wholeNumber(c, &f, "limit", 5), 1), 20)
	exclude := wholeNumber(c, &f, "exclude", 0)
	if err := f.Err(); err != nil {
		return err
	}
	items, err := h.Search.Similar(c.Request().Context(), title, body, limit, int64(exclude))
	if err != nil {
		return err
	}
	out := SimilarJSON{Items: make([]SearchItemJSON, len(items))}
	for i, it := range items {
		out.Items[i] = searchItem(it)
	}
	return c.JSON(http.StatusOK, out)
}
