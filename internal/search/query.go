package search

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Query is what the parser understood from the search box. The page shows
// it back ("searching [vpn] with words …"); Search turns it into a Bleve
// query. All strings are valid UTF-8 without control characters.
type Query struct {
	Words        []string // plain words, as typed
	Phrases      []string // "exact phrases", without the quotes
	Excluded     []string // -word or -"phrase": documents containing it are dropped
	Tags         []string // [tag] or tag:name, lower-case; all must be present
	ExcludedTags []string // -[tag] or -tag:name: questions with any of them are dropped
	UserID       int64    // user:ID, 0 if absent
	UserName     string   // user:NAME (a username), which the caller resolves to UserID
	// UserNumber is user:N as typed where N, digits only, is also a
	// username's form (3 to 30 digits): a user who has it as username
	// (named before usernames needed a letter) is meant rather than id N.
	UserNumber    string
	MinScore      *int      // score:N (or >=N, >N-1), question score at least N
	MaxScore      *int      // score:<=N (or <N+1), question score at most N
	MinAnswers    *int      // answers:N (or >=N, >N-1), at least N answers
	MaxAnswers    *int      // answers:<=N (or <N+1), at most N answers; answers:0 is at most 0 (none)
	Answered      bool      // is:answered (or -is:unanswered), an accepted answer or an answer with score > 0
	Accepted      bool      // is:accepted, an accepted answer
	NotAccepted   bool      // -is:accepted, no accepted answer
	Unanswered    bool      // is:unanswered (or -is:answered), the opposite of is:answered
	Closed        *bool     // closed:yes or closed:no (-closed:no, -closed:yes)
	CreatedFrom   time.Time // created:>… lower bound, inclusive (UTC midnight); zero if absent
	CreatedBefore time.Time // created:<… upper bound, exclusive (UTC midnight); zero if absent
	Truncated     bool      // the input was longer than maxQueryRunes or maxQueryTerms
	Ignored       []string  // filters left out (as typed): a value that could not be read, or a minus with no opposite (-user:ada)
	UnknownUser   bool      // set by Index.Search, not Parse: user:NAME names nobody, so nothing matches
	UnknownUserID bool      // set by Index.Search, not Parse: user:ID is no user's number, so nothing matches
	UnknownTags   []string  // set by Index.Search, not Parse: the Tags no question has, so nothing matches
	StopWordsOnly bool      // set by Index.Search, not Parse: the words and phrases are all stop words ("the", "don't"), which are not searched
	NearWords     []string  // set by Index.Search, not Parse: words no question holds, searched as the nearest word one holds (a typo: "pritner" as "printer")
	NearAs        []string  // set by Index.Search, not Parse: for each of NearWords, the word it was searched as, lower-case, as questions write it
}

// Corrected is the query as searched when words were read as typos, in
// String's syntax, each such word replaced by the word it was read as
// ("vpn disconnects" for "vpn disconects"); "" when no word was, or when
// one has no such word ("").
func (q Query) Corrected() string {
	if len(q.NearWords) == 0 || len(q.NearAs) != len(q.NearWords) || slices.Contains(q.NearAs, "") {
		return ""
	}
	c := q
	c.Words = slices.Clone(q.Words)
	for i, w := range c.Words {
		if k := slices.Index(q.NearWords, w); k >= 0 {
			c.Words[i] = q.NearAs[k]
		}
	}
	return c.String()
}

// HasText reports whether the query has words or phrases to match.
func (q Query) HasText() bool { return len(q.Words) > 0 || len(q.Phrases) > 0 }

// HasFilters reports whether the query restricts results other than by text.
func (q Query) HasFilters() bool {
	return len(q.Excluded) > 0 || len(q.Tags) > 0 || len(q.ExcludedTags) > 0 ||
		q.UserID != 0 || q.MinScore != nil || q.MaxScore != nil || q.MinAnswers != nil || q.MaxAnswers != nil || q.Answered ||
		q.Accepted || q.NotAccepted || q.Unanswered || q.Closed != nil || !q.CreatedFrom.IsZero() ||
		!q.CreatedBefore.IsZero()
}

// Empty reports whether nothing at all was understood.
func (q Query) Empty() bool { return !q.HasText() && !q.HasFilters() }

// String renders the query in canonical search-box syntax; parsing the
// result yields the same Query (Truncated, Ignored, UnknownUser, UnknownUserID, UnknownTags, StopWordsOnly, NearWords and NearAs aside).
// A negated state reads as its opposite where it has a name (-is:answered
// as is:unanswered, -closed:yes as closed:no).
func (q Query) String() string {
	var parts []string
	for _, t := range q.Tags {
		parts = append(parts, "["+t+"]")
	}
	for _, t := range q.ExcludedTags {
		parts = append(parts, "-["+t+"]")
	}
	parts = append(parts, q.Filters()...)
	parts = append(parts, q.Words...)
	for _, p := range q.Phrases {
		parts = append(parts, `"`+p+`"`)
	}
	for _, e := range q.Excluded {
		parts = append(parts, Exclusion(e))
	}
	return strings.Join(parts, " ")
}

// Filters renders the filters other than tags in search-box syntax, in
// String's order: is:, user:, score:, answers:, closed:, created:.
func (q Query) Filters() []string {
	var parts []string
	if q.Answered {
		parts = append(parts, "is:answered")
	}
	if q.Accepted {
		parts = append(parts, "is:accepted")
	}
	if q.Unanswered {
		parts = append(parts, "is:unanswered")
	}
	if q.NotAccepted {
		parts = append(parts, "-is:accepted")
	}
	if q.UserName != "" {
		parts = append(parts, "user:"+q.UserName)
	} else if q.UserNumber != "" {
		parts = append(parts, "user:"+q.UserNumber)
	} else if q.UserID != 0 {
		parts = append(parts, "user:"+strconv.FormatInt(q.UserID, 10))
	}
	if q.MinScore != nil {
		parts = append(parts, "score:"+strconv.Itoa(*q.MinScore))
	}
	if q.MaxScore != nil {
		parts = append(parts, "score:<="+strconv.Itoa(*q.MaxScore))
	}
	switch {
	case q.MinAnswers != nil && *q.MinAnswers == 0:
		parts = append(parts, "answers:>=0") // (answers:0 is none)
	case q.MinAnswers != nil:
		parts = append(parts, "answers:"+strconv.Itoa(*q.MinAnswers))
	}
	switch {
	case q.MaxAnswers != nil && *q.MaxAnswers == 0:
		parts = append(parts, "answers:0")
	case q.MaxAnswers != nil:
		parts = append(parts, "answers:<="+strconv.Itoa(*q.MaxAnswers))
	}
	if q.Closed != nil {
		parts = append(parts, "closed:"+map[bool]string{true: "yes", false: "no"}[*q.Closed])
	}
	return append(parts, q.CreatedFilters()...)
}

// CreatedFilters renders the date bounds as the search box reads them
// (created:2024-05-01, or created:>=… and created:<…); none without bounds.
func (q Query) CreatedFilters() []string { return createdString(q.CreatedFrom, q.CreatedBefore) }

// createdString renders the date bounds: one token for a single day,
// otherwise one per bound.
func createdString(from, before time.Time) []string {
	const day = "2006-01-02"
	switch {
	case from.IsZero() && before.IsZero():
		return nil
	case !from.IsZero() && before.Equal(from.AddDate(0, 0, 1)):
		return []string{"created:" + from.Format(day)}
	}
	var out []string
	if !from.IsZero() {
		out = append(out, "created:>="+from.Format(day))
	}
	if !before.IsZero() {
		out = append(out, "created:<"+before.Format(day))
	}
	return out
}

// Exclusion is an excluded word or phrase of Query.Excluded as typed in the
// search box: quoted when it has a space, or when bare it would read as an
// excluded tag or a negated filter (-"[vpn]", -"is:answered").
func Exclusion(e string) string {
	key, _, filter := strings.Cut(e, ":")
	if _, tag := bracketTags(e); tag || filter && operators[strings.ToLower(key)] || strings.ContainsRune(e, ' ') {
		return `-"` + e + `"`
	}
	return "-" + e
}
