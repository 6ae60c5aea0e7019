package deflection

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Suggester finds existing questions like a problem description; the search
// engine is one.
type Suggester interface {
	Suggest(ctx context.Context, problem string, limit int) ([]engine.Item, error)
}

// Service runs help sessions, tickets, the delivery queue and the metrics.
type Service struct {
	Store    *store.Store
	Now      func() time.Time
	Rand     func() float64 // in [0, 1): draws the holdout
	Search   Suggester      // nil: no suggestions
	QA       *qa.Service
	Settings config.Deflection
	Rep      config.Reputation
	BaseURL  string       // public URL for links in tickets; "" gives paths
	HTTP     *http.Client // sends the webhook; a client with a 15s timeout when nil
	Log      *slog.Logger
	// T translates the mails to employees (i18n.Catalog.T); nil leaves
	// message ids in them.
	T func(lang, id string, kv ...any) string

	anonTickets *anonTickets // tickets filed without logging in, per client address (made on first use)
}

// Who is the caller of a help-session method: the logged-in user, the
// browser's visitor id, or both. A session belongs to its user, or, while it
// has none, to the visitor id that started it.
type Who struct {
	User    *store.User
	Visitor string
	Client  string // the client's address, by which tickets filed without logging in are counted
	// Lang is the language of the page (or API request): the user's
	// setting, else the language the request asked for. A ticket records it.
	Lang string
	// Account is the account behind User when an API token's scope made
	// its owner act as a member (the owner, with their whole role); nil
	// when User is the account itself.
	Account *store.User
}

// SupportTeam reports whether the searcher is on the support team (an
// analyst or a hotline agent), whose sessions the dashboard leaves out: by
// the account's role, whatever a token's scope lets it act as.
func (w Who) SupportTeam() bool {
	u := w.User
	if w.Account != nil {
		u = w.Account
	}
	return u != nil && (u.Role == store.RoleAnalyst || u.Role == store.RoleHotline)
}

func (w Who) userID() *int64 {
	if w.User == nil {
		return nil
	}
	id := w.User.ID
	return &id
}

// Limits on what a help session takes.
const (
	QueryMin       = 3
	QueryMax       = 500
	SuggestLimit   = 8
	SubjectMin     = 5
	SubjectMax     = 200
	TicketBodyMax  = 20000
	ResolutionMin  = 30
	refineWindow   = 30 * time.Second // a search refining the previous one within this replaces it
	normMax        = 200
	maxTicketViews = 20
)

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// wrap passes domain errors through and turns others into internal ones.
func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Internalf(err, "deflection: %s", what)
}

func errSessionNotFound() error {
	return errs.E(errs.NotFound, "help.session_not_found", "No such help request.")
}

func errSessionEnded() error {
	return errs.E(errs.Conflict, "help.session_ended", "This help session already has an outcome.")
}

// normalize is what a search is grouped by as a content gap (Event.Norm):
// its words and phrases as the search box reads them, lower-cased, spaces
// collapsed. A search with filters ([tags], user:, is:, score:, -word and
// the like, read or not) is "", no content gap: when it found nothing, the
// filters may have emptied it although its words have answers. So is a
// search without a letter or digit ("🙂🙂🙂"): it says nothing the site lacks.
func normalize(q string) string {
	p := search.Parse(q)
	if p.HasFilters() || p.UserName != "" || len(p.Ignored) > 0 {
		return ""
	}
	return wordsOnly(words(p))
}

// textOf is a search's words and phrases, lower-cased, spaces collapsed,
// whatever filters came with them ("" for filters alone): what tells
// whether a search refines the one before it.
func textOf(q string) string { return words(search.Parse(q)) }

func words(p search.Query) string {
	return collapse(strings.Join(append(p.Words, p.Phrases...), " "))
}

// normalizeProblem is normalize for a problem described on Get help: free
// prose, not search-box syntax, so every word counts ("printer -urgent
// [hr]" is "printer urgent hr", where the search box would read an
// excluded word and a tag filter). Its words are those Suggest looks up
// (search.ProblemWords).
func normalizeProblem(q string) string {
	return wordsOnly(collapse(strings.Join(search.ProblemWords(q), " ")))
}

// wordsOnly is n, or "" when n has no letter or digit ("🙂🙂🙂", "___"): such
// a search says nothing the site lacks.
func wordsOnly(n string) string {
	if !strings.ContainsFunc(n, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
		return ""
	}
	return n
}

// normalizeFor is the norm of a search made in a session from source: a
// Get-help problem's words, or a site search's words and phrases.
func normalizeFor(source, q string) string {
	if source == SourceHelp {
		return normalizeProblem(q)
	}
	return normalize(q)
}

// collapse lower-cases a query and collapses its spaces; it tells whether
// a search is the one shown before.
func collapse(q string) string {
	n := strings.Join(strings.Fields(strings.ToLower(q)), " ")
	if utf8.RuneCountInString(n) > normMax {
		n = string([]rune(n)[:normMax])
	}
	return n
}

func checkQuery(f *errs.Fields, field, q string) {
	n := utf8.RuneCountInString(q)
	switch {
	case n < QueryMin || !text.Shows(q):
		f.Add(field, "help.query_short", "Describe the problem in at least {{.Min}} characters.", "Min", QueryMin)
	case n > QueryMax:
		f.Add(field, "help.query_long", "Use at most {{.Max}} characters.", "Max", QueryMax)
	}
}

// suggest returns the questions like query, accepted ones first, then
// answered ones (an answer voted up), then those with answers, and how many
// there were; nil results when search is unavailable.
func (s *Service) suggest(ctx context.Context, query string) ([]engine.Item, *int) {
	if s.Search == nil {
		return nil, nil
	}
	items, err := s.Search.Suggest(ctx, query, SuggestLimit)
	if err != nil {
		if !errs.Is(err, errs.Unavailable) {
			s.log().Warn("help suggestions", "err", err)
		}
		return nil, nil
	}
	rank := func(it engine.Item) int {
		switch {
		case it.Post.AcceptedAnswerID != nil:
			return 0
		case it.IsAnswered:
			return 1
		case it.Post.AnswerCount > 0:
			return 2
		}
		return 3
	}
	sort.SliceStable(items, func(i, j int) bool { return rank(items[i]) < rank(items[j]) })
	n := len(items)
	return items, &n
}

// loadSession reads a session the caller owns; others are not found.
func loadSession(db *gorm.DB, who Who, id int64) (*Session, error) {
	var sess Session
	err := db.Where("id = ?", id).Take(&sess).Error
	if store.IsNotFound(err) {
		return nil, errSessionNotFound()
	}
	if err != nil {
		return nil, err
	}
	if !owns(who, &sess) {
		return nil, errSessionNotFound()
	}
	return &sess, nil
}

func owns(who Who, sess *Session) bool {
	if sess.UserID != nil {
		return who.User != nil && *sess.UserID == who.User.ID
	}
	return who.Visitor != "" && sess.Visitor == who.Visitor
}

// liveQuestion reads a visible question, or nil.
func liveQuestion(db *gorm.DB, id int64) (*store.Post, error) {
	if id <= 0 {
		return nil, nil
	}
	var q store.Post
	err := db.Select("id", "type", "owner_id", "title", "tags", "accepted_answer_id", "created_at").
		Where("id = ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL", id).Take(&q).Error
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &q, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
