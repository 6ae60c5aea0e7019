package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/i18n"
	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

// page is what every template receives: the request's user, language and
// CSRF token, the page's own data, and form errors to show inline.
type page struct {
	Title     string
	Lang      string
	User      *store.User
	CSRF      string
	Path      string
	Query     url.Values
	Data      any
	Form      url.Values        // what was typed, shown again after an error
	Errors    map[string]string // field → message
	Error     string            // a message for the whole form
	Langs     []string
	NoIndex   bool
	Canonical string // the page's one address, when others lead to it too
	Status    int
	cat       *i18n.Catalog
	now       time.Time
	settings  *Settings
	edit      bool         // the user may edit other people's posts
	voteUp    error        // why the user may not vote up; nil when they may
	voteDown  error        // why the user may not vote down; nil when they may
	unread    func() int64 // the header's unread count, see UnreadCount
	uploadMax int64        // the largest image upload, in bytes
	// pendingFlags counts the flagged items waiting, for a moderator's header.
	pendingFlags func() int64
	// pendingReviews counts the suggested edits waiting, for a reviewer's header.
	pendingReviews func() int64
	// openTickets counts the open tickets nobody holds, for the header of
	// whoever works the ticket queue.
	openTickets func() int64
	views       *views // for fragments rendered and cached apart from the page
	welcome     bool   // a member who has just joined is greeted (?welcome=1)
	// back is the page Here leads to when this one answers a write (a
	// form sent to an address that takes no GET, such as
	// /tickets/15/resolve): the form's own page, set by the handler that
	// knows it, or else by render (see readBack).
	back string
}

// T translates a message id.
func (p *page) T(id string, kv ...any) string { return p.cat.T(p.Lang, id, kv...) }

// TextLang is the language of a post's texts (search.Lang) when it is not the
// page's, for a lang attribute on them; "" when they are in the page's language.
func (p *page) TextLang(texts ...string) string {
	if l := search.Lang(texts...); l != p.Lang {
		return l
	}
	return ""
}

// N translates a message with plural forms.
func (p *page) N(id string, n int, kv ...any) string { return p.cat.N(p.Lang, id, n, kv...) }

// Ago says how long ago t was, in words.
func (p *page) Ago(t time.Time) string {
	d := p.now.Sub(t)
	switch {
	case d < time.Minute:
		return p.T("time.just_now")
	case d < time.Hour:
		return p.N("time.minutes_ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return p.N("time.hours_ago", int(d/time.Hour))
	case d < 30*24*time.Hour:
		return p.N("time.days_ago", int(d/(24*time.Hour)))
	}
	if p.Lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("Jan 2, 2006")
}

// Day writes a date given as YYYY-MM-DD the way the page's language writes
// dates; anything else is shown as it is.
func (p *page) Day(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	if p.Lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("Jan 2, 2006")
}

// Decimal writes a number with at most maxFrac decimals, as the page's
// language writes numbers.
func (p *page) Decimal(v float64, maxFrac int) string { return i18n.Decimal(p.Lang, v, maxFrac) }

// Int writes a whole number grouped as the page's language writes numbers.
func (p *page) Int(n int) string { return i18n.Integer(p.Lang, n) }

// Date formats a time for the page's language.
func (p *page) Date(t time.Time) string {
	if p.Lang == "de" {
		return t.UTC().Format("02.01.2006 15:04")
	}
	return t.UTC().Format("Jan 2, 2006 15:04")
}

// DayOf formats a time's date alone for the page's language.
func (p *page) DayOf(t time.Time) string {
	if p.Lang == "de" {
		return t.UTC().Format("02.01.2006")
	}
	return t.UTC().Format("Jan 2, 2006")
}

// Can reports whether the user is logged in.
func (p *page) LoggedIn() bool { return p.User != nil }

// IsStaff reports whether the user moderates.
func (p *page) IsStaff() bool { return p.User.IsStaff() }

// welcomeFor is how long after signing up the page sign-up leads to
// (marked ?welcome=1) still greets the new member; a link copied later, or
// followed by someone else, greets no one.
const welcomeFor = 10 * time.Minute

// arrived reports whether the user logged in has just joined: signed up, or
// set the first password of an account an administrator added (which may
// have been made days before), within welcomeFor.
func (s *Server) arrived(c echo.Context) bool {
	u := httpx.User(c)
	if u == nil {
		return false
	}
	since := s.now().Add(-welcomeFor)
	if u.CreatedAt.After(since) {
		return true
	}
	ok, err := s.auth.FirstPasswordSetSince(c.Request().Context(), u.ID, since)
	return err == nil && ok
}

// Welcome reports whether the page greets a member who has just signed up,
// with the places to start.
func (p *page) Welcome() bool { return p.welcome }

// Here is the page's address on this site, path and query, for the links
// and forms that come back to it (log-in, language). A page that answers a
// form's post has an address that may take no GET: Here is then the page
// to read again, the form's own.
func (p *page) Here() string {
	if p.back != "" {
		return p.back
	}
	if q := p.Query.Encode(); q != "" {
		return p.Path + "?" + q
	}
	return p.Path
}

// Section is the aria-current of the main menu's link to section (such as
// "/tags") on this page: "page" on the section's own page, "true" on a page
// within it (/tags/vpn, a question of /questions), "" elsewhere.
func (p *page) Section(section string) string {
	switch {
	case p.Path == section:
		return "page"
	case strings.HasPrefix(p.Path, section+"/"):
		return "true"
	}
	return ""
}

// Owns reports whether the user wrote something owned by id.
func (p *page) Owns(id *int64) bool { return p.User != nil && id != nil && *id == p.User.ID }

// MayEditComment reports whether the user may edit the comment now, so
// that pages offer the edit only where the server would take it.
func (p *page) MayEditComment(c *store.Comment) bool { return qa.MayEditComment(p.User, c, p.now) }

// CanEdit reports whether the user may edit a post owned by owner, so that
// pages offer only the edits the server would take.
func (p *page) CanEdit(owner *int64) bool { return p.Owns(owner) || p.edit }

// VoteUpRefused says why the logged-in user may not vote up yet ("" when
// they may), as VoteDownRefused does for voting down.
func (p *page) VoteUpRefused() string {
	if e := errs.As(p.voteUp); p.voteUp != nil && e != nil {
		return p.cat.Msg(p.Lang, e.Msg)
	}
	return ""
}

// VoteDownRefused says why the logged-in user may not vote down yet ("" when
// they may), so that pages show it on the button instead of offering a
// vote the server refuses.
func (p *page) VoteDownRefused() string {
	if e := errs.As(p.voteDown); p.voteDown != nil && e != nil {
		return p.cat.Msg(p.Lang, e.Msg)
	}
	return ""
}

// SupportTeam reports whether the user is on the support team (analysts and
// the hotline), whose searches are not employees' help sessions.
func (p *page) SupportTeam() bool { return supportTeam(p.User) }

func supportTeam(u *store.User) bool {
	return u != nil && (u.Role == store.RoleAnalyst || u.Role == store.RoleHotline)
}

// Settings are the few server settings pages need.
type Settings struct {
	RequireLogin bool
	SignupClosed bool                  // only administrators create accounts
	Images       *markdown.ImagePolicy // the other sites whose images posts show
}

// SignupOpen reports whether anyone may sign up, for the links to it.
func (p *page) SignupOpen() bool { return !p.settings.SignupClosed }

func (s *Server) newPage(c echo.Context, title string, data any) *page {
	csrf, _ := c.Get("csrf").(string)
	query := c.Request().URL.Query()
	// The greeting is for this one page: its links (sorting, language, log-in) do not carry it on.
	welcome := query.Get("welcome") == "1" && s.arrived(c)
	query.Del("welcome")
	return &page{
		welcome: welcome,
		Title:   title, Lang: httpx.Lang(c), User: httpx.User(c), CSRF: csrf,
		Path: c.Request().URL.EscapedPath(), Query: query, Data: data,
		Langs: i18n.Languages, cat: s.cat, now: s.now(), settings: &s.settings,
		edit:     httpx.User(c) != nil && reputation.Require(s.qa.Rep, httpx.User(c), reputation.EditOthers) == nil,
		voteUp:   s.voteRefusal(c, reputation.VoteUp),
		voteDown: s.voteRefusal(c, reputation.VoteDown),
		unread:   s.unreadFunc(c.Request().Context(), httpx.User(c)), views: s.tmpl,
		pendingFlags: s.pendingFlagsFunc(c.Request().Context(), httpx.User(c)), uploadMax: s.cfg.UploadMax,
		pendingReviews: s.pendingReviewsFunc(c.Request().Context(), httpx.User(c)),
		openTickets:    s.openTicketsFunc(c.Request().Context(), httpx.User(c)),
	}
}

// voteRefusal is why the logged-in user may not vote with privilege p yet,
// or nil: a visitor's vote leads to the log-in page.
func (s *Server) voteRefusal(c echo.Context, p reputation.Privilege) error {
	if httpx.User(c) == nil {
		return nil
	}
	return reputation.Require(s.qa.Rep, httpx.User(c), p)
}

// render writes a full page with status 200, or p.Status when set.
func (s *Server) render(c echo.Context, name string, p *page) error {
	status := p.Status
	if status == 0 {
		status = http.StatusOK
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead && p.back == "" && p.Path == c.Request().URL.EscapedPath() {
		p.back = s.readBack(c)
	}
	return c.Render(status, name, p)
}

// formError re-renders a form page with the error's messages next to the fields.
func (s *Server) formError(c echo.Context, name string, p *page, err error) error {
	e := errs.As(err)
	if e.Code == errs.Internal || e.Code == errs.NotFound || e.Code == errs.Unauthorized {
		return err
	}
	p.Status = httpx.Status(e.Code)
	if e.Msg.ID == "auth.too_many_failures" {
		httpx.RetryAfter(c, auth.FailureWait) // a wrong current password, too often
	}
	if e.Code == errs.RateLimited && e.RetryAfter > 0 {
		httpx.RetryAfter(c, e.RetryAfter) // a new member's next post, say
	}
	p.Form, _ = c.FormParams()
	p.Errors = httpx.FieldMessages(s.cat, p.Lang, e)
	if len(e.Fields) == 0 || e.Code != errs.Invalid && e.Code != errs.RateLimited {
		p.Error = s.cat.Msg(p.Lang, e.Msg)
	}
	return s.render(c, name, p)
}

// Badge looks up a badge by name for templates.
func (p *page) Badge(name string) reputation.Badge {
	b, _ := reputation.BadgeByName(name)
	return b
}
