package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// QuestionInputJSON is the body of POST /questions.
type QuestionInputJSON struct {
	Title string   `json:"title"`
	Body  string   `json:"body"`
	Tags  []string `json:"tags"`
}

// AnswerInputJSON is the body of POST /questions/{id}/answers.
type AnswerInputJSON struct {
	Body string `json:"body"`
}

// EditJSON is the body of PATCH on a question or answer; absent fields
// stay. Revision is the one the edit started from: if someone saved
// another since, the edit is refused (409) rather than overwrite theirs.
type EditJSON struct {
	Title    *string  `json:"title,omitempty"`
	Body     *string  `json:"body,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Comment  string   `json:"comment,omitempty"`
	Revision int      `json:"revision,omitempty"`
}

// CommentInputJSON is the body of POST /posts/{id}/comments.
type CommentInputJSON struct {
	Body string `json:"body"`
}

func (h *handlers) listQuestions(c echo.Context) error {
	page, size, err := paging(c, 30)
	if err != nil {
		return err
	}
	q := qa.ListQuery{Sort: c.QueryParam("sort"), Tag: c.QueryParam("tag"), Page: page, PageSize: size, Cursor: c.QueryParam("cursor")}
	if !qa.ValidSort(q.Sort) {
		var f errs.Fields
		f.Add("sort", "field.list_sort", "Sort by newest, active, unanswered or votes.")
		return f.Err()
	}
	l, err := h.QA.Questions(c.Request().Context(), q)
	if err != nil {
		return err
	}
	answered := l.Answered // the list knows which have an answer voted up
	votes, err := h.myVotes(c, l.Items...)
	if err != nil {
		return err
	}
	originals, err := h.QA.SeenOriginals(c.Request().Context(), httpx.User(c), l.Items...)
	if err != nil {
		return err
	}
	items := make([]QuestionJSON, len(l.Items))
	for i, p := range l.Items {
		items[i] = questionJSON(p, l.Users, false, nil)
		if p.DuplicateOfID != nil && !originals[*p.DuplicateOfID] {
			items[i].DuplicateOfID = nil // deleted, and not the caller's to see
		}
		items[i].IsAnswered = items[i].IsAnswered || answered[p.ID]
		items[i].MyVote = votes[p.ID]
	}
	out := list(items, l.Total, page, size)
	out.NextCursor = l.NextCursor
	return c.JSON(http.StatusOK, out)
}

// createdStatus is the status of a create that may be a post sent again
// within qa.RepeatWindow (a retry, a second click): 200 with the first
// one for that, 201 only when something was created.
func createdStatus(again bool) int {
	if again {
		return http.StatusOK
	}
	return http.StatusCreated
}

func (h *handlers) createQuestion(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	var in QuestionInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	q, again, err := h.QA.AskOnce(c.Request().Context(), u, qa.QuestionInput(in))
	if err != nil {
		return err
	}
	return c.JSON(createdStatus(again), questionJSON(q, map[int64]*store.User{u.ID: u}, true, h.shown(c)))
}

func (h *handlers) getQuestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	return h.respondQuestion(c, id)
}

// questionRelated lists a question's linked and related questions, as its
// page shows them beside it; none for a deleted question.
func (h *handlers) questionRelated(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	card, err := h.QA.QuestionFor(ctx, id, httpx.User(c))
	if err != nil {
		return err
	}
	out := SidebarJSON{Linked: []QuestionRefJSON{}, Related: []QuestionRefJSON{}}
	if card.Post.DeletedAt == nil {
		side, err := h.QA.SidebarOf(ctx, card.Post, h.Search.RelatedTo(ctx, card.Post, qa.RelatedShown), qa.RelatedShown)
		if err != nil {
			return err
		}
		out.Linked, out.Related = questionRefs(side.Linked), questionRefs(side.Related)
	}
	return c.JSON(http.StatusOK, out)
}

// editPost applies a PATCH to a post of the wanted type.
func (h *handlers) editPost(c echo.Context, postType int) (*store.Post, *store.User, error) {
	u, err := actor(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := h.postOfType(c, postType, nil)
	if err != nil {
		return nil, nil, err
	}
	var in EditJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return nil, nil, err
	}
	p, err := h.QA.Edit(c.Request().Context(), u, id, qa.EditInput{Title: in.Title, Body: in.Body, Tags: in.Tags, Comment: in.Comment,
		Revision: in.Revision})
	return p, u, err
}

// postOfType reads the id parameter and checks the post is of the type and
// one viewer sees: a live one, or with a viewer also a deleted one to its
// author and staff (see qa.PostFor).
func (h *handlers) postOfType(c echo.Context, postType int, viewer *store.User) (int64, error) {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return 0, err
	}
	p, err := h.QA.PostFor(c.Request().Context(), id, viewer)
	if err != nil {
		return 0, err
	}
	if p.Type != postType {
		return 0, errs.E(errs.NotFound, "post.not_found", "No such post.")
	}
	return id, nil
}

func (h *handlers) patchQuestion(c echo.Context) error {
	p, _, err := h.editPost(c, store.PostQuestion)
	if err != nil {
		return err
	}
	return h.respondQuestion(c, p.ID)
}

// respondQuestion answers with the question as the caller sees it.
func (h *handlers) respondQuestion(c echo.Context, id int64) error {
	card, err := h.QA.QuestionFor(c.Request().Context(), id, httpx.User(c))
	if err != nil {
		return err
	}
	votes, err := h.myVotes(c, card.Post)
	if err != nil {
		return err
	}
	users := map[int64]*store.User{}
	if card.Author != nil {
		users[card.Author.ID] = card.Author
	}
	j := questionJSON(card.Post, users, true, h.shown(c))
	if originals, err := h.QA.SeenOriginals(c.Request().Context(), httpx.User(c), card.Post); err != nil {
		return err
	} else if j.DuplicateOfID != nil && !originals[*j.DuplicateOfID] {
		j.DuplicateOfID = nil // deleted, and not the caller's to see
	}
	j.MyVote = votes[card.Post.ID]
	j.IsAnswered = card.Answered
	cv, err := h.QA.CloseVotesOf(c.Request().Context(), httpx.User(c), id)
	if err != nil {
		return err
	}
	j.CloseVotes, j.CloseVotesNeeded = &cv.Count, cv.Needed
	if v := cv.Mine; v != nil {
		j.MyCloseVote = &MyCloseVoteJSON{Reason: v.Reason, CreatedAt: v.CreatedAt, Stands: !cv.MineStale}
		if v.DuplicateOfID != nil {
			j.MyCloseVote.DuplicateOf = *v.DuplicateOfID
		}
	}
	return c.JSON(http.StatusOK, j)
}

func (h *handlers) deletePost(postType int) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := actor(c)
		if err != nil {
			return err
		}
		id, err := h.postOfType(c, postType, u) // (deleted already, to its author and staff, on a retry)
		if err != nil {
			return err
		}
		var f errs.Fields
		seen := wholeNumber(c, &f, "confirm_duplicates", 0)
		if seen < 0 {
			f.Add("confirm_duplicates", "field.whole_number", "Use a whole number.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		ctx := c.Request().Context()
		err = h.QA.DeleteConfirmed(ctx, u, id, int64(seen))
		if err != nil && errs.As(err).Msg.ID == "post.delete_duplicates" {
			return h.duplicatesConflict(c, id, err)
		}
		if err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// DuplicatesConflictJSON is the 409 of DELETE /questions/{id} while
// questions are closed as duplicates of it: the error, how many there are
// and the first of them. Sent again with ?confirm_duplicates=COUNT, the
// deletion goes ahead (unless more were closed so meanwhile).
type DuplicatesConflictJSON struct {
	Error          httpx.ErrorDetail `json:"error"`
	DuplicateCount int64             `json:"duplicate_count"`
	Duplicates     []DuplicateJSON   `json:"duplicates"`
}

// DuplicateJSON is a question closed as a duplicate of another.
type DuplicateJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// duplicatesConflict answers a deletion refused for its duplicates (err)
// with the list of them.
func (h *handlers) duplicatesConflict(c echo.Context, id int64, err error) error {
	dups, n, lerr := h.QA.DuplicatesOf(c.Request().Context(), id)
	if lerr != nil {
		return lerr
	}
	e := errs.As(err)
	out := DuplicatesConflictJSON{Error: httpx.ErrorDetail{Code: e.Code, Message: h.Catalog.Msg(httpx.Lang(c), e.Msg)},
		DuplicateCount: n, Duplicates: make([]DuplicateJSON, len(dups))}
	for i, d := range dups {
		out.Duplicates[i] = DuplicateJSON{ID: d.ID, Title: d.Title}
	}
	return c.JSON(http.StatusConflict, out)
}

// undeletePost restores a deleted question or answer (moderators; authors
// what they deleted themselves).
func (h *handlers) undeletePost(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := h.QA.Undelete(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// closing closes a question (POST, with a CloseJSON) or reopens it
// (DELETE), and answers with the question as it is now.
func (h *handlers) closing(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if c.Request().Method == http.MethodDelete {
		err = h.QA.Reopen(ctx, u, id)
	} else {
		var in CloseJSON
		if err := httpx.BindJSON(c, &in); err != nil {
			return err
		}
		err = h.QA.Close(ctx, u, id, qa.CloseInput{Reason: in.Reason, DuplicateOf: in.DuplicateOf})
	}
	if err != nil {
		return err
	}
	return h.respondQuestion(c, id)
}

// closeVote casts the caller's vote to close a question (POST, with a
// CloseVoteJSON) or retracts it (DELETE), and answers with the question as
// it is now: closed when the vote was the last one needed, or a moderator's.
func (h *handlers) closeVote(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if c.Request().Method == http.MethodDelete {
		err = h.QA.RetractCloseVote(ctx, u, id)
	} else {
		var in CloseVoteJSON
		if err := httpx.BindJSON(c, &in); err != nil {
			return err
		}
		err = h.QA.CastCloseVote(ctx, u, id, qa.CloseInput{Reason: in.Reason, DuplicateOf: in.DuplicateOf})
	}
	if err != nil {
		return err
	}
	return h.respondQuestion(c, id)
}

func (h *handlers) listAnswers(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	t, err := h.QA.Thread(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if !t.SortAnswers(c.QueryParam("sort")) {
		var f errs.Fields
		f.Add("sort", "field.answer_sort", "Sort by votes, newest, oldest or active.")
		return f.Err()
	}
	votes, err := h.myVotes(c, t.Answers...)
	if err != nil {
		return err
	}
	items := make([]AnswerJSON, len(t.Answers))
	show := h.shown(c)
	for i, a := range t.Answers {
		items[i] = answerJSON(a, t.Question.AcceptedAnswerID, t.Users, show)
		items[i].MyVote = votes[a.ID]
	}
	return c.JSON(http.StatusOK, whole(items))
}

func (h *handlers) createAnswer(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in AnswerInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	a, again, err := h.QA.AnswerOnce(c.Request().Context(), u, id, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(createdStatus(again), answerJSON(a, nil, map[int64]*store.User{u.ID: u}, h.shown(c)))
}

func (h *handlers) getAnswer(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	return h.respondAnswer(c, id)
}

// respondAnswer answers with an answer, also a deleted one (or one of a
// deleted question) for those who may see it: moderators and its author.
func (h *handlers) respondAnswer(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	viewer := httpx.User(c)
	a, err := h.QA.PostFor(ctx, id, viewer)
	if err != nil {
		return err
	}
	if a.Type != store.PostAnswer {
		return errs.E(errs.NotFound, "post.not_found", "No such post.")
	}
	q, err := h.QA.PostFor(ctx, *a.ParentID, viewer)
	if err != nil {
		return err
	}
	users, err := h.QA.Users(ctx, a.OwnerID)
	if err != nil {
		return err
	}
	votes, err := h.myVotes(c, a)
	if err != nil {
		return err
	}
	j := answerJSON(a, q.AcceptedAnswerID, users, h.shown(c))
	j.MyVote = votes[a.ID]
	return c.JSON(http.StatusOK, j)
}

func (h *handlers) patchAnswer(c echo.Context) error {
	p, _, err := h.editPost(c, store.PostAnswer)
	if err != nil {
		return err
	}
	return h.respondAnswer(c, p.ID)
}

func (h *handlers) listComments(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	cs, users, err := h.QA.Comments(c.Request().Context(), id)
	if err != nil {
		return err
	}
	items := make([]CommentJSON, len(cs))
	show := h.shown(c)
	for i := range cs {
		items[i] = commentJSON(&cs[i], users, show)
	}
	return c.JSON(http.StatusOK, whole(items))
}

func (h *handlers) createComment(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in CommentInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	cm, again, err := h.QA.AddCommentOnce(c.Request().Context(), u, id, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(createdStatus(again), commentJSON(cm, map[int64]*store.User{u.ID: u}, h.shown(c)))
}

func (h *handlers) listRevisions(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	revs, err := h.QA.Revisions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	items := make([]RevisionJSON, len(revs))
	for i, r := range revs {
		items[i] = RevisionJSON{Revision: r.Revision, Title: r.Title, Body: r.BodyMarkdown,
			Tags: qa.TagList(r.Tags), Comment: r.Comment, Editor: author(r.Editor), CreatedAt: r.CreatedAt}
	}
	return c.JSON(http.StatusOK, whole(items))
}

func (h *handlers) listTags(c echo.Context) error {
	page, size, err := paging(c, 60)
	if err != nil {
		return err
	}
	if sort := c.QueryParam("sort"); sort != "" && sort != "popular" && sort != "name" {
		var f errs.Fields
		f.Add("sort", "field.tag_sort", "Sort by popular or name.")
		return f.Err()
	}
	tags, total, err := h.QA.Tags(c.Request().Context(), qa.TagQuery{Sort: c.QueryParam("sort"), Filter: c.QueryParam("filter"), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	items := make([]TagJSON, len(tags))
	for i, t := range tags {
		items[i] = TagJSON{Name: t.Name, QuestionCount: t.QuestionCount, Excerpt: t.Excerpt}
	}
	return c.JSON(http.StatusOK, list(items, total, page, size))
}
