package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// questionPage is the data of a question page.
type questionPage struct {
	*qa.Thread
	MyVotes    map[int64]int
	AnswerBody string
	Following  bool        // the user follows the question
	Original   *store.Post // the question this one duplicates, when the reader may open it
	// OriginalGone: the question this one duplicates was deleted, and the
	// reader may not open it.
	OriginalGone bool
	MayClose     bool        // the user may close the question
	MayReopen    bool        // the user may reopen it
	ClosedBy     *store.User // who closed it, when known (imports do not say)
	Closing      bool        // the close form failed: its errors show there
	Reopening    bool        // the reopening was refused: the refusal shows by the closed notice
	Help         int64       // the viewer's help session the page was opened from (?help=ID), else 0
	// MayVoteClose: the user votes to close the question (a member with
	// the privilege); CloseVotes is where those votes stand, and
	// VotingClose says the vote form failed (its errors show there).
	// MineDuplicateTitle is the title of the question the viewer's own
	// vote says this one duplicates, for its link ("" when deleted: the
	// link then reads as its address).
	MayVoteClose       bool
	CloseVotes         qa.CloseVotes
	VotingClose        bool
	MineDuplicateTitle string
	// Closers are who closed it by their votes, when votes did.
	Closers []*store.User
	// The posts and comments the viewer flagged, waiting for a moderator.
	FlaggedPosts, FlaggedComments map[int64]bool
	Flagged                       bool   // the viewer has just flagged something here
	Reviewed                      string // approved or rejected: the viewer has just reviewed a suggested edit here
	// Waiting holds the suggested edit waiting for each post of the page
	// that has one (logged-in readers only).
	Waiting map[int64]int64
	// Duplicates counts the live questions closed as duplicates of this
	// one, for a reader who may delete it (its author, who may then not;
	// staff, who are warned first).
	Duplicates int64
	// Sidebar: the linked questions (the original, the duplicates) and the
	// related ones (found by search).
	Sidebar qa.Sidebar
	// VoteRefused is the post whose vote arrow was just refused (a form
	// post without JavaScript): the reason shows beside it. 0 when none.
	VoteRefused int64
	// AnswerSort is the answers' order (?answers=, see qa.AnswerSorts);
	// "" is the default, by votes.
	AnswerSort string
}

// AnswerSorts lists the orders the answers can be read in.
func (questionPage) AnswerSorts() []string { return qa.AnswerSorts }

// SortedBy reports whether the answers are in the order sort.
func (q questionPage) SortedBy(sort string) bool {
	return q.AnswerSort == sort || q.AnswerSort == "" && sort == qa.AnswersByVotes
}

// WaitingEdit is the id of the suggested edit waiting for a post, or 0.
func (q questionPage) WaitingEdit(postID int64) int64 { return q.Waiting[postID] }

// CloseReasons are the reasons the close form offers.
func (questionPage) CloseReasons() []string { return qa.CloseReasons }

// IsAccepted reports whether the answer is the accepted one.
func (q questionPage) IsAccepted(answerID int64) bool {
	return q.Question.AcceptedAnswerID != nil && *q.Question.AcceptedAnswerID == answerID
}

// Frozen reports whether a post on the page takes no votes, comments or
// edits: it is deleted, or its question is (moderators see both, to
// restore them).
func (q questionPage) Frozen(p *store.Post) bool {
	return p.DeletedAt != nil || q.Question.DeletedAt != nil
}

// LiveAnswers counts the answers that are not deleted (moderators see the
// deleted ones too).
func (q questionPage) LiveAnswers() int {
	n := 0
	for _, a := range q.Answers {
		if a.DeletedAt == nil {
			n++
		}
	}
	return n
}

// Kept reports whether its author may no longer delete a post, because it
// became other people's solution (see qa.Service.Delete): the page then
// offers deletion to moderators only.
func (q questionPage) Kept(p *store.Post) bool {
	if p.Type == store.PostAnswer {
		return q.IsAccepted(p.ID)
	}
	if q.Duplicates > 0 {
		return true
	}
	for _, a := range q.Answers {
		if a.DeletedAt == nil && (a.Score > 0 || q.IsAccepted(a.ID)) {
			return true
		}
	}
	return false
}

// thread loads a question page's data for the request's user.
func (s *Server) thread(c echo.Context, id int64) (questionPage, error) {
	ctx := c.Request().Context()
	t, err := s.qa.ThreadFor(ctx, id, httpx.User(c)) // with the deleted posts the user may restore
	if err != nil {
		return questionPage{}, err
	}
	posts := append([]*store.Post{t.Question}, t.Answers...)
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	votes, err := s.rep.MyVotes(ctx, httpx.User(c), ids)
	if err != nil {
		return questionPage{}, err
	}
	following, err := s.notes.FollowsQuestion(ctx, httpx.User(c), id)
	if err != nil {
		return questionPage{}, err
	}
	flaggedPosts, flaggedComments, err := s.qa.MyPendingFlags(ctx, httpx.User(c), ids)
	if err != nil {
		return questionPage{}, err
	}
	waiting, err := s.qa.WaitingSuggestions(ctx, httpx.User(c), ids)
	if err != nil {
		return questionPage{}, err
	}
	d := questionPage{Thread: t, MyVotes: votes, Following: following, FlaggedPosts: flaggedPosts, FlaggedComments: flaggedComments, Waiting: waiting,
		Flagged: c.QueryParam("flagged") == "1" && len(flaggedPosts)+len(flaggedComments) > 0, Reviewed: s.reviewed(c)}
	q, u := t.Question, httpx.User(c)
	if q.DeletedAt == nil {
		d.MayClose = q.ClosedAt == nil && s.qa.MayClose(u, q)
		if q.ClosedAt != nil {
			if d.MayReopen, err = s.qa.MayReopen(ctx, u, q); err != nil {
				return questionPage{}, err
			}
		}
		d.MayVoteClose = s.qa.MayVoteClose(u, q)
	}
	if d.MayVoteClose {
		if d.CloseVotes, err = s.qa.CloseVotesOf(ctx, u, q.ID); err != nil {
			return questionPage{}, err
		}
		if mine := d.CloseVotes.Mine; mine != nil && mine.DuplicateOfID != nil {
			titles, err := s.qa.QuestionTitles(ctx, []int64{*mine.DuplicateOfID})
			if err != nil {
				return questionPage{}, err
			}
			d.MineDuplicateTitle = titles[*mine.DuplicateOfID]
		}
	}
	if q.ClosedAt != nil {
		ids, err := s.qa.Closers(ctx, q)
		if err != nil {
			return questionPage{}, err
		}
		for _, id := range ids {
			if by, err := s.auth.UserByID(ctx, id); err == nil {
				d.Closers = append(d.Closers, by)
			} else if errs.As(err).Code != errs.NotFound {
				return questionPage{}, err
			}
		}
	}
	if q.ClosedAt != nil && q.ClosedBy != nil {
		if by, err := s.auth.UserByID(ctx, *q.ClosedBy); err == nil {
			d.ClosedBy = by
		} else if errs.As(err).Code != errs.NotFound {
			return questionPage{}, err
		}
	}
	if q.DeletedAt == nil && u != nil && (u.IsStaff() || u.Owns(q.OwnerID)) {
		if d.Duplicates, err = s.qa.CountDuplicates(ctx, q.ID); err != nil {
			return questionPage{}, err
		}
	}
	if q.DuplicateOfID != nil {
		// A deleted original shows to staff and its author, as its page does.
		if o, err := s.qa.PostFor(ctx, *q.DuplicateOfID, u); err == nil {
			d.Original = o
		} else if errs.As(err).Code == errs.NotFound {
			d.OriginalGone = true
		} else {
			return questionPage{}, err
		}
	}
	// (A deleted question lists none: it leads nowhere.)
	if q.DeletedAt == nil {
		related := s.engine.RelatedTo(ctx, q, qa.RelatedShown)
		if d.Sidebar, err = s.qa.SidebarOf(ctx, q, related, qa.RelatedShown); err != nil {
			return questionPage{}, err
		}
	}
	return d, nil
}

// closeQuestion closes a question from its page: moderators for a reason
// they choose, its asker as a duplicate of the question they name (by
// number or address).
func (s *Server) closeQuestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	in, err := s.closeInput(c)
	if err != nil {
		return s.closeError(c, id, err)
	}
	if err := s.qa.Close(c.Request().Context(), httpx.User(c), id, in); err != nil {
		return s.closeError(c, id, err)
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(c.Request().Context(), id, ""))
}

// closeInput reads a close form (or a close vote's): the reason, and for a
// duplicate the question named by number or address (an answer's leads to
// its question, as the site's own links do).
func (s *Server) closeInput(c echo.Context) (qa.CloseInput, error) {
	in := qa.CloseInput{Reason: c.FormValue("reason")}
	if in.Reason == qa.CloseDuplicate {
		dup, err := s.duplicateOf(c)
		if err != nil {
			return in, err
		}
		in.DuplicateOf = dup
	}
	return in, nil
}

// duplicateOf reads the form's duplicate_of, the question a question
// duplicates, named by number or address (an answer's leads to its
// question, as the site's own links do): 0 when it is empty.
func (s *Server) duplicateOf(c echo.Context) (int64, error) {
	ref := strings.TrimSpace(c.FormValue("duplicate_of"))
	if ref == "" {
		return 0, nil
	}
	dup, ok := questionRef(ref, c.Request().Host, s.siteHost())
	if !ok {
		var f errs.Fields
		f.Add("duplicate_of", "field.duplicate_of.invalid", "Give the number or the address of a question on this site.")
		return 0, f.Err()
	}
	if post, err := s.qa.PostFor(c.Request().Context(), dup, httpx.User(c)); err == nil {
		dup = questionOf(post)
	} else if !errs.Is(err, errs.NotFound) {
		return 0, err
	}
	return dup, nil
}

// closeVote casts the user's vote to close a question from its page (a
// moderator's closes it at once).
func (s *Server) closeVote(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	in, err := s.closeInput(c)
	if err == nil {
		err = s.qa.CastCloseVote(c.Request().Context(), httpx.User(c), id, in) // says a second vote is one
	} else if mine, verr := s.qa.HasCloseVote(c.Request().Context(), httpx.User(c), id); verr == nil && mine {
		// A second vote from a form left open in another tab, with a
		// field the form could not read: the page draws no vote form to
		// hold the field's message, so say why the vote is refused.
		err = qa.ErrCloseVoteTwice()
	}
	if err != nil {
		return s.formFailed(c, id, err, func(d *questionPage) { d.VotingClose = true })
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(c.Request().Context(), id, ""))
}

// retractCloseVote takes the user's vote to close a question back.
func (s *Server) retractCloseVote(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.qa.RetractCloseVote(c.Request().Context(), httpx.User(c), id); err != nil {
		return s.formFailed(c, id, err, func(d *questionPage) { d.VotingClose = true })
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(c.Request().Context(), id, ""))
}

// closeError shows the question page again with the close form's error.
func (s *Server) closeError(c echo.Context, id int64, err error) error {
	return s.formFailed(c, id, err, func(d *questionPage) { d.Closing = true })
}

// formFailed shows the question page again with a close or close-vote
// form's error, where mark says.
func (s *Server) formFailed(c echo.Context, id int64, err error, mark func(*questionPage)) error {
	d, terr := s.thread(c, id)
	if terr != nil {
		return terr
	}
	if d.Question.ClosedAt != nil && errs.Is(err, errs.Invalid) {
		// Closed meanwhile (a form left open in another tab): the page
		// shows no close form to hold the fields' messages, and what they
		// hold no longer matters; say what happened, whatever was typed.
		err = errs.E(errs.Conflict, "question.already_closed", "This question is already closed.")
	}
	mark(&d)
	p := s.newPage(c, d.Question.Title, d)
	p.back = questionPath(d.Question.ID, d.Question.Title)
	return s.formError(c, "question", p, err)
}

// siteHost is the host of STACKDESK_BASE_URL, or "" when it is not set.
func (s *Server) siteHost() string {
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// reopenQuestion reopens a closed question from its page.
func (s *Server) reopenQuestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.qa.Reopen(c.Request().Context(), httpx.User(c), id); err != nil {
		// Said on the question's page (a moderator's or members' closing
		// the asker cannot undo).
		return s.formFailed(c, id, err, func(d *questionPage) { d.Reopening = true })
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(c.Request().Context(), id, ""))
}

// questionRef reads a post's number from what a user typed: the number
// (with or without #) or an address on this site (a path, or a URL of one of
// hosts) whose path is /questions/N[/slug], or a short link /q/N or /a/N
// (with or without the sharer's id after it).
func questionRef(ref string, hosts ...string) (int64, bool) {
	if id, err := strconv.ParseInt(strings.TrimPrefix(ref, "#"), 10, 64); err == nil {
		return id, id > 0
	}
	u, err := url.Parse(ref)
	if err != nil || (u.Host != "" && !slices.Contains(hosts, u.Host)) {
		return 0, false
	}
	var rest string
	ok := false
	for _, prefix := range []string{"/questions/", "/q/", "/a/"} {
		if rest, ok = strings.CutPrefix(u.Path, prefix); ok {
			break
		}
	}
	if !ok {
		return 0, false
	}
	num, _, _ := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(num, 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) question(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.thread(c, id)
	if errs.Is(err, errs.NotFound) {
		// An answer's id: its place in its question; no post: no question
		// (the address asks for one), not "no such post".
		if err := s.postLink(c); !errs.Is(err, errs.NotFound) {
			return err
		}
		return errs.E(errs.NotFound, "question.not_found", "No such question.")
	}
	if err != nil {
		return err
	}
	canonical := questionPath(id, d.Question.Title)
	if slug := c.Param("slug"); slug != "" && !atCanonical(c.Request(), canonical) || c.Param("id") != strconv.FormatInt(id, 10) {
		return redirectCanonical(c, canonical)
	}
	if d.Question.DeletedAt == nil && c.Request().Method == http.MethodGet {
		// A page read: a HEAD request (an uptime check, a link checker)
		// reads no page and counts no view.
		s.views.Record(id, viewerID(c))
	}
	if d.Help, err = s.helpFrom(c); err != nil {
		return err
	}
	// An order the page does not know reads as the default one.
	if sort := c.QueryParam("answers"); d.SortAnswers(sort) {
		d.AnswerSort = sort
	}
	p := s.newPage(c, d.Question.Title, d)
	p.Canonical = s.absolute(canonical)
	return s.render(c, "question", p)
}

func (s *Server) answerSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	a, err := s.qa.Answer(c.Request().Context(), httpx.User(c), id, body)
	if err != nil {
		d, terr := s.thread(c, id)
		if terr != nil {
			return terr
		}
		d.AnswerBody = body
		p := s.newPage(c, d.Question.Title, d)
		p.back = questionPath(d.Question.ID, d.Question.Title)
		return s.formError(c, "question", p, besideField(err, "body"))
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(c.Request().Context(), id, "#answer-"+strconv.FormatInt(a.ID, 10)))
}

func (s *Server) commentSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	qid := post.ID
	if post.ParentID != nil {
		qid = *post.ParentID
	}
	cm, err := s.qa.AddComment(ctx, httpx.User(c), id, c.FormValue("body"))
	if err != nil {
		d, terr := s.thread(c, qid)
		if terr != nil {
			return terr
		}
		p := s.newPage(c, d.Question.Title, d)
		p.Query.Set("comment_on", strconv.FormatInt(id, 10))
		p.back = questionPath(d.Question.ID, d.Question.Title)
		return s.formError(c, "question", p, besideField(err, "body"))
	}
	return c.Redirect(http.StatusSeeOther, s.threadPath(ctx, qid, "#comment-"+strconv.FormatInt(cm.ID, 10)))
}

func (s *Server) deleteComment(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.qa.DeleteComment(c.Request().Context(), httpx.User(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next")))
}

// undeleteComment restores a deleted comment (moderators) and shows it in
// its place on the page it was restored from.
func (s *Server) undeleteComment(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.qa.UndeleteComment(c.Request().Context(), httpx.User(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next"))+"#comment-"+strconv.FormatInt(id, 10))
}

func (s *Server) deletePost(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.PostFor(ctx, id, httpx.User(c)) // (deleted already to a second click)
	if err != nil {
		return err
	}
	seen, err := strconv.ParseInt(c.FormValue("confirm_duplicates"), 10, 64)
	if c.FormValue("confirm_duplicates") == "" {
		seen, err = 0, nil
	}
	if err != nil || seen < 0 {
		return errs.E(errs.BadRequest, "error.bad_request", "The request could not be understood.")
	}
	err = s.qa.DeleteConfirmed(ctx, httpx.User(c), id, seen)
	if err != nil && errs.As(err).Msg.ID == "post.delete_duplicates" {
		return s.confirmDelete(c, post)
	}
	if err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" { // the moderators' queue, say
		return c.Redirect(http.StatusSeeOther, localPath(next))
	}
	// The one who deleted it (its author or a moderator) still sees it,
	// marked, with the button that restores it: back to it, as on Stack
	// Overflow, not to a list where it is gone without a trace.
	if post.ParentID != nil {
		return c.Redirect(http.StatusSeeOther, s.threadPath(ctx, *post.ParentID, "#answer-"+strconv.FormatInt(id, 10)))
	}
	return c.Redirect(http.StatusSeeOther, questionPath(id, post.Title))
}

// deleteConfirmPage is the data of the page that asks a moderator to
// confirm the deletion of a question other questions are closed as
// duplicates of.
type deleteConfirmPage struct {
	Question   *store.Post
	Duplicates []qa.DuplicateRef
	Count      int64
	Next       string // where the deletion leads on (the moderators' queue, say)
}

// confirmDelete answers a moderator's deletion of question q, refused for
// the questions closed as duplicates of it, with them listed and a button
// that deletes it anyway (409: nothing was deleted).
func (s *Server) confirmDelete(c echo.Context, q *store.Post) error {
	dups, n, err := s.qa.DuplicatesOf(c.Request().Context(), q.ID)
	if err != nil {
		return err
	}
	d := deleteConfirmPage{Question: q, Duplicates: dups, Count: n}
	if next := c.FormValue("next"); next != "" {
		d.Next = localPath(next)
	}
	p := s.newPage(c, "", d)
	p.Title, p.Status, p.NoIndex = p.T("post.delete_title"), http.StatusConflict, true
	p.back = questionPath(q.ID, q.Title)
	return s.render(c, "delete_confirm", p)
}

// undeletePost restores a deleted post (moderators; authors what they
// deleted themselves) and shows it.
func (s *Server) undeletePost(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.qa.Undelete(ctx, httpx.User(c), id); err != nil {
		return err
	}
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	if post.ParentID != nil {
		return c.Redirect(http.StatusSeeOther, s.threadPath(ctx, *post.ParentID, "#answer-"+strconv.FormatInt(id, 10)))
	}
	return c.Redirect(http.StatusSeeOther, questionPath(id, post.Title))
}

// postLink sends the address of a post (/q/ID and /a/ID as Stack Exchange
// shares them, or /questions/ID of an answer) to the post in its question.
func (s *Server) postLink(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	post, err := s.qa.PostFor(c.Request().Context(), id, httpx.User(c))
	if err != nil {
		return err
	}
	if post.ParentID != nil {
		return c.Redirect(http.StatusMovedPermanently, "/questions/"+strconv.FormatInt(*post.ParentID, 10)+"#answer-"+strconv.FormatInt(id, 10))
	}
	return c.Redirect(http.StatusMovedPermanently, questionPath(id, post.Title))
}

// taggedLink sends Stack Exchange's /questions/tagged/NAME to the tag's
// page; of several tags (a+b), the questions with all of them. A "+" joins
// tags only as typed: one escaped as %2B belongs to the name (c%2B%2B is
// c++), so the path is split before it is decoded.
func (s *Server) taggedLink(c echo.Context) error {
	raw, _, _ := strings.Cut(c.Request().RequestURI, "?")
	raw, found := strings.CutPrefix(raw, "/questions/tagged/")
	if !found {
		raw = url.PathEscape(c.Param("tag"))
	}
	var names []string
	for _, part := range strings.Split(raw, "+") {
		if name, err := url.PathUnescape(part); err == nil {
			names = append(names, strings.Fields(name)...) // a space joins tags too
		}
	}
	switch len(names) {
	case 0:
		return c.Redirect(http.StatusMovedPermanently, "/tags")
	case 1:
		return c.Redirect(http.StatusMovedPermanently, "/tags/"+url.PathEscape(names[0]))
	}
	q := ""
	for _, n := range names {
		q += "[" + n + "] "
	}
	return c.Redirect(http.StatusMovedPermanently, "/search?q="+url.QueryEscape(strings.TrimSpace(q)))
}

// redirectCanonical sends a request for an outdated or mistyped slug to the
// page's one address, keeping its query.
func redirectCanonical(c echo.Context, path string) error {
	if q := c.Request().URL.RawQuery; q != "" {
		path += "?" + q
	}
	return c.Redirect(http.StatusMovedPermanently, path)
}

// absolute makes a path a full URL when the public address is known.
func (s *Server) absolute(path string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + path
}

// besideField puts a refusal for now (errs.RateLimited: a new member's
// answer or comment too soon after the last) beside the form's field, so
// that on a page of several forms it shows by the one that was sent, whose
// text is kept; other errors are left as they are.
func besideField(err error, field string) error {
	e := errs.As(err)
	if e.Code != errs.RateLimited || len(e.Fields) > 0 {
		return err
	}
	out := *e
	out.Fields = []errs.FieldError{{Field: field, Msg: e.Msg}}
	return &out
}
