package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// suggestRoutes registers the pages of suggested edits and their review.
func (s *Server) suggestRoutes() {
	e := s.Echo
	e.GET("/review", s.reviewQueue)
	e.GET("/suggested-edits/:id", s.suggestion)
	e.POST("/suggested-edits/:id/approve", s.approveSuggestion)
	e.POST("/suggested-edits/:id/reject", s.rejectSuggestion)
	e.POST("/suggested-edits/:id/withdraw", s.withdrawSuggestion)
	e.GET("/posts/:id/suggested-edit", s.pendingSuggestion)
}

// suggestionPage is the data of a suggested edit's page.
type suggestionPage struct {
	*qa.Suggestion
	Reasons   []string
	CanReview bool
	Back      string // where a review leads: the queue it came from, or the post
	next      string // the next= the page came with, kept by its view links
	// View is how the change shows: "" rendered, as the post would read
	// (Rendered, TagChanges), or "markdown", its source's diff.
	View       string
	Rendered   qa.RenderedDiff
	TagChanges []qa.Change
}

// suggestionViewMarkdown is the view= of a suggested edit's Markdown diff;
// any other value shows the rendered one.
const suggestionViewMarkdown = "markdown"

// ViewURL is the address of the page in view v ("" or "markdown").
func (d *suggestionPage) ViewURL(v string) string {
	q := url.Values{}
	if d.next != "" {
		q.Set("next", d.next)
	}
	if v != "" {
		q.Set("view", v)
	}
	out := "/suggested-edits/" + strconv.FormatInt(d.ID, 10)
	if len(q) > 0 {
		out += "?" + q.Encode()
	}
	return out
}

// loadSuggestion reads a suggested edit and whether the viewer may review it.
func (s *Server) loadSuggestion(c echo.Context) (*suggestionPage, error) {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return nil, err
	}
	sug, err := s.qa.Suggestion(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	next, view := c.QueryParam("next"), c.QueryParam("view")
	if c.Request().Method == http.MethodPost {
		next, view = c.FormValue("next"), c.FormValue("view")
	}
	d := &suggestionPage{Suggestion: sug, Reasons: qa.RejectReasons, Back: localPath(next)}
	if d.Back == "/" {
		d.Back = postPath(sug.Post)
	} else {
		d.next = d.Back
	}
	if view == suggestionViewMarkdown {
		d.View = view
	}
	d.CanReview = sug.Status == qa.SuggestionPending && httpx.User(c) != nil && s.qa.CanReview(httpx.User(c), sug.Post, &sug.SuggestedEdit) == nil
	return d, nil
}

// suggestionPage is the page of d, with the rendered diff in its view;
// a review that succeeds leaves without it.
func (s *Server) suggestionPage(c echo.Context, d *suggestionPage) *page {
	if d.View == "" {
		d.Rendered = s.qa.RenderedSuggestion(c.Request().Context(), d.Suggestion)
		d.TagChanges = qa.TagChanges(d.OldTags, d.Tags)
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("suggestion.title")
	p.NoIndex = true
	return p
}

// suggestion shows a suggested edit: what it changes, its state, and to a
// reviewer the approve and reject forms.
func (s *Server) suggestion(c echo.Context) error {
	d, err := s.loadSuggestion(c)
	if err != nil {
		return err
	}
	return s.render(c, "suggestion", s.suggestionPage(c, d))
}

func (s *Server) approveSuggestion(c echo.Context) error {
	if httpx.User(c) == nil {
		return loginRequired()
	}
	d, err := s.loadSuggestion(c)
	if err != nil {
		return err
	}
	if _, err := s.qa.ApproveSuggestion(c.Request().Context(), httpx.User(c), d.ID); err != nil {
		if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Invalid) { // outdated, or reviewed meanwhile: say so on the page
			return s.formError(c, "suggestion", s.suggestionPage(c, d), err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, withQuery(d.Back, "reviewed", qa.SuggestionApproved))
}

func (s *Server) rejectSuggestion(c echo.Context) error {
	if httpx.User(c) == nil {
		return loginRequired()
	}
	d, err := s.loadSuggestion(c)
	if err != nil {
		return err
	}
	if err := s.qa.RejectSuggestion(c.Request().Context(), httpx.User(c), d.ID, c.FormValue("reason"), c.FormValue("note")); err != nil {
		if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Invalid) {
			return s.formError(c, "suggestion", s.suggestionPage(c, d), err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, withQuery(d.Back, "reviewed", qa.SuggestionRejected))
}

// withdrawSuggestion takes back one's own waiting suggestion and shows it.
func (s *Server) withdrawSuggestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.qa.WithdrawSuggestion(c.Request().Context(), httpx.User(c), id); err != nil {
		if !errs.Is(err, errs.Conflict) { // reviewed meanwhile: the page says how
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, "/suggested-edits/"+strconv.FormatInt(id, 10))
}

// pendingSuggestion leads to the suggested edit waiting for a post (a
// notification's link), or with mine=1 to the reader's own latest one of
// it, or to the post when there is none.
func (s *Server) pendingSuggestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	var sug *store.SuggestedEdit
	if u := httpx.User(c); u != nil && c.QueryParam("mine") == "1" {
		sug, err = s.qa.LatestSuggestion(ctx, id, u.ID)
	} else {
		sug, err = s.qa.PendingSuggestion(ctx, id)
	}
	if err != nil {
		return err
	}
	if sug == nil {
		return c.Redirect(http.StatusSeeOther, postPath(post))
	}
	return c.Redirect(http.StatusSeeOther, "/suggested-edits/"+strconv.FormatInt(sug.ID, 10))
}

// reviewPage is the data of the review queue, with the reader's own
// latest suggested edits below it.
type reviewPage struct {
	Items    []qa.Suggestion
	Total    int64
	Pages    pager
	Mine     []qa.Suggestion
	Reviewed string // approved or rejected: the review just done
}

// reviewed is what the reviewed= parameter says the reader just did
// (approved or rejected a suggested edit), when they did so in the last
// minutes; "" otherwise, so a link cannot claim it for them.
func (s *Server) reviewed(c echo.Context) string {
	v := c.QueryParam("reviewed")
	if v != qa.SuggestionApproved && v != qa.SuggestionRejected {
		return ""
	}
	did, err := s.qa.ReviewedLately(c.Request().Context(), httpx.User(c), v, 2*time.Minute)
	if err != nil || !did {
		return ""
	}
	return v
}

// reviewQueue lists the suggested edits the user may review, the longest
// waiting first.
func (s *Server) reviewQueue(c echo.Context) error {
	if httpx.User(c) == nil {
		return loginRequired()
	}
	page := max(httpx.QueryInt(c, "page", 1), 1)
	items, total, err := s.qa.ReviewQueue(c.Request().Context(), httpx.User(c), page, 20)
	if err != nil {
		return err
	}
	mine, err := s.qa.MySuggestions(c.Request().Context(), httpx.User(c), 10)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", reviewPage{Items: items, Total: total, Pages: newPager(page, 20, total), Mine: mine, Reviewed: s.reviewed(c)})
	p.Title = p.T("review.title")
	p.NoIndex = true
	return s.render(c, "review", p)
}

// EditsOthers reports whether the user may edit others' posts (and so
// review everyone's suggested edits).
func (p *page) EditsOthers() bool { return p.edit }

// StaffWaiting is what waits for a staff member in the staff's menu: flags,
// suggested edits and open tickets nobody has taken.
func (p *page) StaffWaiting() int64 { return p.PendingFlags() + p.PendingReviews() + p.OpenTickets() }

// PendingReviews is the number of suggested edits waiting for a member
// with the edit privilege, for the header; 0 for others.
func (p *page) PendingReviews() int64 {
	if p.User == nil || !p.edit || p.pendingReviews == nil {
		return 0
	}
	n := p.pendingReviews()
	p.pendingReviews = func() int64 { return n }
	return n
}

// pendingReviewsFunc counts the suggested edits waiting for u, 0 when that fails.
func (s *Server) pendingReviewsFunc(ctx context.Context, u *store.User) func() int64 {
	return func() int64 {
		n, err := s.qa.PendingReviews(ctx, u)
		if err != nil {
			s.log.Warn("pending reviews", "err", err)
			return 0
		}
		return n
	}
}
