package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// editPage is the data of the edit form, which suggests the edit for
// review when the user may not edit the post directly.
type editPage struct {
	Post     *store.Post
	Revision int  // the revision the edit starts from
	Conflict bool // another edit was saved meanwhile
	Suggest  bool // the edit goes to review as a suggested edit
	// Pending is the suggested edit already waiting for the post, if any
	// (a second one cannot be suggested meanwhile).
	Pending   *qa.Suggestion
	Threshold int // the reputation that edits directly
	// Reward is the reputation an approved suggestion earns when the
	// reviewer has the edit privilege (0: none, also once the user has
	// reached the cap on what suggested edits earn).
	Reward int
	// Capped says the user's suggested edits have earned all they can
	// (Cap): an approval would pay, but pays them no more.
	Capped bool
	Cap    int
	// From is the earlier revision whose version the form holds (?from=N,
	// "roll back" on the history page), 0 for the current one.
	From int
}

// newEditPage fills what the edit form shows besides the post: whether the
// user only suggests, and the suggested edit waiting for the post.
func (s *Server) newEditPage(c echo.Context, post *store.Post, revision int) (editPage, error) {
	u := httpx.User(c)
	if u == nil {
		return editPage{}, s.qa.CanEdit(u, post) // log in first
	}
	d := editPage{Post: post, Revision: revision, Suggest: s.qa.CanEdit(u, post) != nil,
		Threshold: s.qa.Rep.EditOthers}
	ctx := c.Request().Context()
	if d.Suggest {
		reward, err := reputation.SuggestedEditReward(s.qa.Store.DB.WithContext(ctx), s.qa.Rep, u.ID)
		if err != nil {
			return d, err
		}
		d.Reward = reward
		d.Capped, d.Cap = reward == 0 && s.qa.Rep.EditApproved > 0, reputation.SuggestedEditCap
	}
	pending, err := s.qa.PendingSuggestion(ctx, post.ID)
	if err != nil || pending == nil {
		return d, err
	}
	d.Pending, err = s.qa.Suggestion(ctx, pending.ID)
	return d, err
}

func (s *Server) editForm(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	post, err := s.qa.Post(c.Request().Context(), id)
	if err != nil {
		return err
	}
	d, err := s.newEditPage(c, post, post.Revision)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T(editTitle(d))
	p.Form = url.Values{"title": {post.Title}, "body": {markdown.Source(post.BodyMarkdown, post.BodyHTML)}, "tags": {post.Tags}}
	if from := c.QueryParam("from"); from != "" {
		// Going back to an earlier version: the form holds it, to save as
		// the next revision (or suggest), with a comment saying so.
		n, err := strconv.Atoi(from)
		if err != nil || n < 1 {
			return errs.E(errs.NotFound, "revision.not_found", "This post has no such revision.")
		}
		if n != post.Revision {
			r, err := s.qa.RevisionOf(c.Request().Context(), id, n)
			if err != nil {
				return err
			}
			d.From = n
			p.Data = d
			p.Form.Set("body", r.BodyMarkdown)
			if r.Title != "" {
				p.Form.Set("title", r.Title)
			}
			if r.Tags != "" {
				p.Form.Set("tags", r.Tags)
			}
			p.Form.Set("comment", p.T("revisions.rollback_comment", "N", n))
		}
	}
	return s.render(c, "edit", p)
}

func (s *Server) editSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(c.FormValue("revision"))
	in := qa.EditInput{Comment: c.FormValue("comment"), Revision: max(base, 0)}
	body := c.FormValue("body")
	in.Body = &body
	if post.Type == store.PostQuestion {
		title := c.FormValue("title")
		in.Title = &title
		in.Tags = qa.SplitTags(c.FormValue("tags"))
	}
	d, err := s.newEditPage(c, post, in.Revision)
	if err != nil {
		return err
	}
	if from, err := strconv.Atoi(c.FormValue("from")); err == nil && from > 0 {
		d.From = from // the form shown again still says which version it holds
	}
	if d.Suggest {
		sug, err := s.qa.Suggest(ctx, httpx.User(c), id, in)
		if err != nil {
			if e := errs.As(err); e != nil && e.Msg.ID == "suggestion.post_changed" {
				// Suggesting again starts from the version now shown.
				d.Revision, d.Conflict = post.Revision, true
			}
			p := s.newPage(c, "", d)
			p.Title = p.T(editTitle(d))
			return s.formError(c, "edit", p, err)
		}
		return c.Redirect(http.StatusSeeOther, "/suggested-edits/"+strconv.FormatInt(sug.ID, 10))
	}
	if _, err := s.qa.Edit(ctx, httpx.User(c), id, in); err != nil {
		if errs.Is(err, errs.Conflict) {
			// Saving again means "mine over theirs", knowingly.
			d.Revision, d.Conflict = post.Revision, true
		}
		p := s.newPage(c, "", d)
		p.Title = p.T(editTitle(d))
		return s.formError(c, "edit", p, err)
	}
	return c.Redirect(http.StatusSeeOther, s.postAt(c.Request().Context(), post))
}

// editTitle is the edit form's title: editing, or suggesting an edit.
func editTitle(d editPage) string {
	if d.Suggest {
		return "suggest.title"
	}
	return "edit.title"
}

// revisionsPage is the data of a post's history.
type revisionsPage struct {
	Post      *store.Post
	Revisions []qa.Revision
	// View is how each revision's change shows: "" rendered (those
	// qa.RenderRevisions renders; the others as their Markdown diff), or
	// "markdown", the diffs of its source.
	View string
	// RenderedMax is how many revisions a page renders at most.
	RenderedMax int
	// NoSuchAt is the ?at= asked for when it names no revision of the post:
	// the page says so, and shows the history from the newest.
	NoSuchAt string
	query    url.Values // the page's parameters, kept by its links
}

// ViewURL is the address of the page in view v ("" or "markdown"), its
// other parameters kept.
func (d *revisionsPage) ViewURL(v string) string {
	return d.path() + queryWith(d.query, "view", v)
}

// RenderURL is the address of the page rendering revision n's change and
// those before it (?at=n, its other parameters kept, the rendered view),
// at revision n.
func (d *revisionsPage) RenderURL(n int) string {
	return d.path() + queryWith(d.query, "view", "", "at", n) + "#rev-" + strconv.Itoa(n)
}

func (d *revisionsPage) path() string {
	return "/posts/" + strconv.FormatInt(d.Post.ID, 10) + "/revisions"
}

func (s *Server) revisions(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	revs, err := s.qa.Revisions(ctx, id)
	if err != nil {
		return err
	}
	d := &revisionsPage{Post: post, Revisions: revs, RenderedMax: qa.RevisionsRenderedMax, query: c.QueryParams()}
	if v := c.QueryParam("at"); v != "" {
		n, _ := strconv.Atoi(v)
		if !slices.ContainsFunc(revs, func(r qa.Revision) bool { return r.Revision == n }) {
			d.NoSuchAt = v
			d.query.Del("at") // the page's links leave it out
		}
	}
	if c.QueryParam("view") == suggestionViewMarkdown {
		d.View = suggestionViewMarkdown
	} else {
		at, _ := strconv.Atoi(c.QueryParam("at")) // none, or no revision: from the newest
		s.qa.RenderRevisions(ctx, revs, at)
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("revisions.title")
	return s.render(c, "revisions", p)
}
