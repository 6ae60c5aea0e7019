package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// flagPage is the data of the form that flags a post or a comment.
type flagPage struct {
	Action  string // where the form posts
	Back    string // the question page, at the post or comment
	Kind    string // question, answer or comment
	Title   string // the question's
	Excerpt string // of the flagged text
	Reasons []string
	NoteMin int
	NoteMax int
	PerDay  int
	// Raised and Helpful are the viewer's record: the flags they raised
	// before, and how many of them were helpful.
	Raised, Helpful int64
	// Declined are the viewer's latest flags a moderator dismissed with a
	// note, and the note.
	Declined []qa.DeclinedFlag
	// Refusal says why the viewer cannot flag this one (their own, or
	// flagged by them already); the page then shows it instead of the form.
	Refusal string
	own     bool // the viewer wrote it: the page is a 403
}

// flagTarget reads what /posts/:id/flag or /comments/:id/flag flags.
func (s *Server) flagTarget(c echo.Context, comment bool) (flagPage, error) {
	ctx := c.Request().Context()
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return flagPage{}, err
	}
	d := flagPage{NoteMin: qa.FlagNoteMin, NoteMax: qa.FlagNoteMax, PerDay: s.qa.FlagLimit()}
	postID := id
	var owner *int64
	if comment {
		cm, err := s.qa.Comment(ctx, id)
		if err != nil {
			return flagPage{}, err
		}
		postID, owner = cm.PostID, cm.OwnerID
		d.Action, d.Kind, d.Reasons = "/comments/"+strconv.FormatInt(id, 10)+"/flag", "comment", qa.ReasonsFor(0)
		d.Excerpt = markdown.Excerpt(markdown.PlainText(cm.Body), 300)
	}
	p, err := s.qa.Post(ctx, postID)
	if err != nil {
		return flagPage{}, err
	}
	if !comment {
		owner = p.OwnerID
	}
	// Said before anything is typed: one's own post or comment, or one
	// flagged already.
	lang := httpx.Lang(c)
	mine, myComments, err := s.qa.MyPendingFlags(ctx, httpx.User(c), []int64{postID})
	if err != nil {
		return flagPage{}, err
	}
	switch {
	case httpx.User(c).Owns(owner) && comment:
		d.Refusal, d.own = s.cat.T(lang, "flag.own_comment"), true
	case httpx.User(c).Owns(owner):
		d.Refusal, d.own = s.cat.T(lang, "flag.own"), true
	case comment && myComments[id] || !comment && mine[id]:
		d.Refusal = s.cat.T(lang, "flag.twice")
	}
	var today int64
	if d.Raised, d.Helpful, today, err = s.qa.FlagRecord(ctx, httpx.User(c)); err != nil {
		return flagPage{}, err
	}
	if d.Refusal == "" && today >= int64(d.PerDay) {
		// The day's flags are used up: said before a note is typed, not
		// only when it is sent.
		d.Refusal = s.cat.T(lang, "flag.too_many", "Max", d.PerDay)
	}
	if d.Raised > d.Helpful {
		if d.Declined, err = s.qa.FlagDeclineNotes(ctx, httpx.User(c), 5); err != nil {
			return flagPage{}, err
		}
	}
	q := p
	if p.ParentID != nil {
		if q, err = s.qa.Post(ctx, *p.ParentID); err != nil {
			return flagPage{}, err
		}
	}
	d.Title, d.Back = q.Title, questionPath(q.ID, q.Title)
	switch {
	case comment:
		d.Back += "#comment-" + strconv.FormatInt(id, 10)
	case p.Type == store.PostAnswer:
		d.Action, d.Kind, d.Reasons = "/posts/"+strconv.FormatInt(id, 10)+"/flag", "answer", qa.ReasonsFor(p.Type)
		d.Back += "#answer-" + strconv.FormatInt(id, 10)
		d.Excerpt = markdown.Excerpt(qa.PostText(p), 300)
	default:
		d.Action, d.Kind, d.Reasons = "/posts/"+strconv.FormatInt(id, 10)+"/flag", "question", qa.ReasonsFor(p.Type)
		d.Excerpt = markdown.Excerpt(qa.PostText(p), 300)
	}
	return d, nil
}

// flagForm shows the form that flags a post (comment false) or a comment.
func (s *Server) flagForm(comment bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if httpx.User(c) == nil { // the link is only shown to members; a page left open, say
			return loginFirst(c, "flag", c.Request().URL.RequestURI())
		}
		d, err := s.flagTarget(c, comment)
		if err != nil {
			return err
		}
		p := s.newPage(c, "", d)
		p.Title = p.T("flag.title")
		p.NoIndex = true
		if d.own {
			p.Status = http.StatusForbidden
		}
		return s.render(c, "flag", p)
	}
}

// flagSubmit raises the flag and goes back to the question with a thank-you.
func (s *Server) flagSubmit(comment bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := httpx.User(c)
		if u == nil {
			return loginRequired()
		}
		d, err := s.flagTarget(c, comment)
		if err != nil {
			return err
		}
		id, _ := httpx.ParamID(c, "id")
		in := qa.FlagInput{Reason: c.FormValue("reason"), Note: c.FormValue("note")}
		if in.Reason == qa.FlagDuplicate {
			// As the close form reads it: an answer's address names its question.
			if in.DuplicateOf, err = s.duplicateOf(c); err != nil {
				p := s.newPage(c, "", d)
				p.Title = p.T("flag.title")
				p.NoIndex = true
				return s.formError(c, "flag", p, err)
			}
		}
		if comment {
			_, err = s.qa.FlagComment(c.Request().Context(), u, id, in)
		} else {
			_, err = s.qa.FlagPost(c.Request().Context(), u, id, in)
		}
		if err != nil {
			p := s.newPage(c, "", d)
			p.Title = p.T("flag.title")
			p.NoIndex = true
			return s.formError(c, "flag", p, reasonLabels(p, err))
		}
		return c.Redirect(http.StatusSeeOther, withQuery(d.Back, "flagged", "1"))
	}
}

// reasonLabels rewrites a refused reason's message (a reason of another
// kind of post, from a stale or hand-made form) to name the reasons as the
// form reads them, “Not an answer”, rather than by the API's codes; other
// errors are returned as they are.
func reasonLabels(p *page, err error) error {
	const label = "flag.reason." // + a reason: the form's words for it
	var e *errs.Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Fields = slices.Clone(e.Fields)
	for i, f := range out.Fields {
		if f.Field != "reason" || !strings.HasPrefix(f.Msg.ID, "field.flag_reason.not_for_") {
			continue
		}
		reason, _ := f.Msg.Data["Reason"].(string)
		codes, _ := f.Msg.Data["Reasons"].(string)
		labels := strings.Split(codes, ", ")
		for j, code := range labels {
			labels[j] = p.T("flag.reason_quoted", "Label", p.T(label+code))
		}
		out.Fields[i].Msg.Data = map[string]any{
			"Reason":  p.T("flag.reason_quoted", "Label", p.T(label+reason)),
			"Reasons": strings.Join(labels, ", "),
		}
	}
	return &out
}

// withQuery adds a query parameter to a local address that may end in a #fragment.
func withQuery(path, key, value string) string {
	frag := ""
	for i := range len(path) {
		if path[i] == '#' {
			path, frag = path[:i], path[i:]
			break
		}
	}
	sep := "?"
	for i := range len(path) {
		if path[i] == '?' {
			sep = "&"
		}
	}
	return path + sep + key + "=" + value + frag
}

// flagsPage is the data of the moderators' queue.
type flagsPage struct {
	*qa.FlagQueue
	Pages   pager
	NoteMax int // of a note on dismissing
	// titles are those of the questions the queue knows by number (the
	// originals of duplicates, the /questions/N of notes), read at once.
	titles map[int64]string
	// failed is the post and comment whose decision was refused (a bad
	// note): its form shows the error and what was typed.
	failedPost    int64
	failedComment *int64
}

// Failed reports whether the decision on an item was refused.
func (d flagsPage) Failed(it qa.Flagged) bool {
	return d.failedPost == it.PostID && deref(d.failedComment) == deref(it.CommentID)
}

// QuestionTitle is the title of question id, one the queue names by
// number (a duplicate's original), for its link; "" for a question
// deleted or missing, whose link then reads as its address.
func (d flagsPage) QuestionTitle(id int64) string { return d.titles[id] }

// Note writes a flag's note with its /questions/N addresses as links
// that read as the questions' titles (linkQuestions).
func (d flagsPage) Note(note string) template.HTML { return linkQuestions(note, d.titles) }

// referredQuestions are the questions a page of the queue names by number:
// the originals of duplicates, closed or flagged as such, and those of the
// notes' /questions/N addresses, each once.
func referredQuestions(q *qa.FlagQueue) []int64 {
	var ids []int64
	for _, it := range q.Items {
		if it.DuplicateOf != nil {
			ids = append(ids, *it.DuplicateOf)
		}
		for _, f := range it.Flags {
			if f.DuplicateOfID != nil {
				ids = append(ids, *f.DuplicateOfID)
			}
			for _, ref := range noteRefs(f.Note) {
				ids = append(ids, ref.id)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// flagQueuePage reads a page of the queue (the page of the query, or of the form's next address).
func (s *Server) flagQueuePage(c echo.Context, page int) (*page, error) {
	queue, err := s.qa.Flags(c.Request().Context(), httpx.User(c), page, 20)
	if err != nil {
		return nil, err
	}
	titles, err := s.qa.QuestionTitles(c.Request().Context(), referredQuestions(queue))
	if err != nil {
		return nil, err
	}
	p := s.newPage(c, "", flagsPage{FlagQueue: queue, Pages: newPager(page, 20, queue.Total), NoteMax: qa.FlagDeclineNoteMax, titles: titles})
	p.Title = p.T("flags.title")
	p.NoIndex = true
	return p, nil
}

// flagQueue shows the moderators' queue of flagged posts and comments.
func (s *Server) flagQueue(c echo.Context) error {
	p, err := s.flagQueuePage(c, max(httpx.QueryInt(c, "page", 1), 1))
	if err != nil {
		return err
	}
	return s.render(c, "flags", p)
}

// flagQueueAgain leads the links of a queue shown again at the form's
// address (?page=N) to the queue.
func (s *Server) flagQueueAgain(c echo.Context) error {
	to := "/admin/flags"
	if n := httpx.QueryInt(c, "page", 1); n > 1 {
		to += "?page=" + strconv.Itoa(n)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// flagResolve marks the flags on a post or comment helpful or declined,
// and comes back to the queue.
func (s *Server) flagResolve(c echo.Context) error {
	if err := qa.RequireStaff(httpx.User(c)); err != nil {
		return err
	}
	postID, err := strconv.ParseInt(c.FormValue("post_id"), 10, 64)
	if err != nil || postID < 1 {
		return flagTargetMissing()
	}
	var commentID *int64
	if v := c.FormValue("comment_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return flagTargetMissing()
		}
		commentID = &id
	}
	outcome := c.FormValue("outcome")
	upTo, err := strconv.ParseInt(c.FormValue("up_to"), 10, 64)
	if outcome != qa.FlagHelpful && outcome != qa.FlagDeclined || err != nil || upTo < 1 {
		return errs.E(errs.BadRequest, "flag.resolve_form", "Resolve flags with the buttons of the queue.")
	}
	next := localPath(c.FormValue("next"))
	if _, err := s.qa.ResolveFlags(c.Request().Context(), httpx.User(c), postID, commentID, upTo, outcome == qa.FlagHelpful, c.FormValue("note")); err != nil {
		if !errs.Is(err, errs.Invalid) {
			return err
		}
		// A bad note: the queue again, the error and the note at the item.
		pageNo := 1
		if u, perr := url.Parse(next); perr == nil && u.Path == "/admin/flags" {
			if n, aerr := strconv.Atoi(u.Query().Get("page")); aerr == nil && n > 1 {
				pageNo = n
			}
		}
		p, perr := s.flagQueuePage(c, pageNo)
		if perr != nil {
			return perr
		}
		d := p.Data.(flagsPage)
		d.failedPost, d.failedComment = postID, commentID
		p.Data = d
		// The queue's forms come back to the queue, not to this address.
		p.Path, p.Query = "/admin/flags", url.Values{}
		if pageNo > 1 {
			p.Query.Set("page", strconv.Itoa(pageNo))
		}
		return s.formError(c, "flags", p, err)
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// PendingFlags is the number of flagged posts and comments waiting, for a
// moderator's header; 0 for others or when it cannot be read.
func (p *page) PendingFlags() int64 {
	if p.User == nil || !p.User.IsStaff() || p.pendingFlags == nil {
		return 0
	}
	n := p.pendingFlags()
	p.pendingFlags = func() int64 { return n }
	return n
}

// pendingFlagsFunc counts the waiting flagged items for a moderator's
// header, 0 when that fails.
func (s *Server) pendingFlagsFunc(ctx context.Context, u *store.User) func() int64 {
	return func() int64 {
		if u == nil || !u.IsStaff() {
			return 0
		}
		n, err := s.qa.PendingFlags(ctx)
		if err != nil {
			s.log.Warn("pending flags", "err", err)
			return 0
		}
		return n
	}
}

func flagTargetMissing() error {
	return errs.E(errs.NotFound, "flag.target_not_found", "No such post or comment.")
}
