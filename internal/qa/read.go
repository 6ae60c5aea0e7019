package qa

import (
	"cmp"
	"context"
	"slices"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Thread is a question page's content: the question, its live answers (accepted
// first, then by score), their comments and every author, in four queries.
type Thread struct {
	Question *store.Post
	Answers  []*store.Post
	Comments map[int64][]*store.Comment // by post id
	Users    map[int64]*store.User
}

// Thread loads a live question with everything its page shows.
func (s *Service) Thread(ctx context.Context, id int64) (*Thread, error) {
	return s.ThreadFor(ctx, id, nil)
}

// ThreadFor is Thread as the viewer may see it: with deleted posts too (the
// question itself and its answers) and deleted comments for moderators, and
// with their own posts for authors, who can restore what they deleted.
func (s *Service) ThreadFor(ctx context.Context, id int64, viewer *store.User) (*Thread, error) {
	db := s.Store.DB.WithContext(ctx)
	// The question and its live answers in one query: the answers' order is
	// score, then age; the question sorts first by its type.
	visible, args := " AND deleted_at IS NULL", []any{id, id}
	switch {
	case viewer.IsStaff():
		visible = ""
	case viewer != nil:
		visible, args = " AND (deleted_at IS NULL OR owner_id = ?)", append(args, viewer.ID)
	}
	var posts []*store.Post
	err := db.Table("posts AS p").Select("p.*, "+store.ViewCountColumn).Joins(store.ViewCountsJoin).
		Where("((id = ? AND "+store.TypeIs("type", store.PostQuestion)+") OR (parent_id = ? AND "+
			store.TypeIs("type", store.PostAnswer)+"))"+visible, args...).
		Order("type, score DESC, id").Find(&posts).Error
	if err != nil {
		return nil, errs.Internalf(err, "qa: thread")
	}
	if len(posts) == 0 || posts[0].Type != store.PostQuestion {
		return nil, errs.E(errs.NotFound, "question.not_found", "No such question.")
	}
	q := posts[0]
	t := &Thread{Question: q, Answers: posts[1:], Comments: map[int64][]*store.Comment{}}
	if q.AcceptedAnswerID != nil {
		for i, a := range t.Answers {
			if a.ID == *q.AcceptedAnswerID && i > 0 {
				copy(t.Answers[1:i+1], t.Answers[:i])
				t.Answers[0] = a
				break
			}
		}
	}
	postIDs := []int64{q.ID}
	userIDs := []int64{}
	// The authors, the last editors the page names beside "edited", and
	// who deleted a post (named to moderators).
	for _, p := range posts {
		if p.ID != q.ID {
			postIDs = append(postIDs, p.ID)
		}
		for _, id := range []*int64{p.OwnerID, p.LastEditorID, p.DeletedBy} {
			if id != nil {
				userIDs = append(userIDs, *id)
			}
		}
	}
	// Moderators see deleted comments too, to restore them; nobody else does
	// (not even their authors: only moderators restore comments).
	cq := db.Where("post_id IN ?", postIDs)
	if !viewer.IsStaff() {
		cq = cq.Where("deleted_at IS NULL")
	}
	var cs []*store.Comment
	if err := cq.Order("id").Find(&cs).Error; err != nil {
		return nil, errs.Internalf(err, "qa: comments")
	}
	for _, c := range cs {
		t.Comments[c.PostID] = append(t.Comments[c.PostID], c)
		if c.OwnerID != nil {
			userIDs = append(userIDs, *c.OwnerID)
		}
	}
	t.Users, err = s.users(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// The orders of a question's answers (Thread.SortAnswers).
const (
	AnswersByVotes  = "votes"  // the accepted answer first, then by score, the older first among equals (the default)
	AnswersByNewest = "newest" // by when they were written, the latest first
	AnswersByOldest = "oldest" // by when they were written, the first first
	AnswersByActive = "active" // by their last edit (or when written, if never edited), the latest first
)

// AnswerSorts lists the answer orders, the default first.
var AnswerSorts = []string{AnswersByVotes, AnswersByNewest, AnswersByOldest, AnswersByActive}

// SortAnswers puts the answers in the order sort names ("" is by votes,
// the order Thread loads them in); it reports false, changing nothing, for
// a name it does not know. Only the order by votes puts the accepted
// answer first: the others are about time.
func (t *Thread) SortAnswers(sort string) bool {
	var key func(p *store.Post) time.Time
	desc := true
	switch sort {
	case "", AnswersByVotes:
		return true
	case AnswersByNewest:
		key = func(p *store.Post) time.Time { return p.CreatedAt }
	case AnswersByOldest:
		key, desc = func(p *store.Post) time.Time { return p.CreatedAt }, false
	case AnswersByActive:
		key = func(p *store.Post) time.Time { return p.LastActivityAt }
	default:
		return false
	}
	slices.SortStableFunc(t.Answers, func(a, b *store.Post) int {
		c := key(a).Compare(key(b))
		if c == 0 {
			c = cmp.Compare(a.ID, b.ID)
		}
		if desc {
			return -c
		}
		return c
	})
	return true
}

// Post returns a live post of either type.
func (s *Service) Post(ctx context.Context, id int64) (*store.Post, error) {
	return s.livePost(ctx, id)
}

// PostFor returns a post as viewer may see it: a live one to anyone, a
// deleted one (or one under a deleted question) to staff and its author,
// as their thread pages show it.
func (s *Service) PostFor(ctx context.Context, id int64, viewer *store.User) (*store.Post, error) {
	p, err := s.livePost(ctx, id)
	if !errs.Is(err, errs.NotFound) || viewer == nil {
		return p, err
	}
	var found store.Post
	if err := s.Store.DB.WithContext(ctx).Where("id = ?", id).Take(&found).Error; err != nil {
		if store.IsNotFound(err) {
			return nil, errs.E(errs.NotFound, "post.not_found", "No such post.")
		}
		return nil, errs.Internalf(err, "qa: post")
	}
	if !viewer.IsStaff() && !viewer.Owns(found.OwnerID) {
		return nil, errs.E(errs.NotFound, "post.not_found", "No such post.")
	}
	return &found, nil
}

func (s *Service) livePost(ctx context.Context, id int64) (*store.Post, error) {
	var p store.Post
	err := s.Store.DB.WithContext(ctx).Where("id = ? AND deleted_at IS NULL", id).Take(&p).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "post.not_found", "No such post.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: post")
	}
	if p.Type == store.PostAnswer && p.ParentID != nil {
		var n int64
		s.Store.DB.WithContext(ctx).Model(&store.Post{}).Where("id = ? AND deleted_at IS NULL", *p.ParentID).Count(&n)
		if n == 0 {
			return nil, errs.E(errs.NotFound, "post.not_found", "No such post.")
		}
	}
	return &p, nil
}

// Answers lists a question's live answers, accepted first, then by score.
func (s *Service) Answers(ctx context.Context, questionID int64) ([]*store.Post, map[int64]*store.User, error) {
	t, err := s.Thread(ctx, questionID)
	if err != nil {
		return nil, nil, err
	}
	return t.Answers, t.Users, nil
}

// authorColumns are what pages and the API show of an author.
var authorColumns = []string{"id", "username", "display_name", "reputation", "role", "created_at"}

// users loads authors by id in one query: the columns shown with posts, no secrets.
func (s *Service) users(ctx context.Context, ids []int64) (map[int64]*store.User, error) {
	out := map[int64]*store.User{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []*store.User
	if err := s.Store.DB.WithContext(ctx).Select(authorColumns).Where("id IN ?", uniq(ids)).Find(&us).Error; err != nil {
		return nil, errs.Internalf(err, "qa: users")
	}
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}

func uniq(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Users loads the users with the given ids (nil ids are skipped), in one query.
func (s *Service) Users(ctx context.Context, ids ...*int64) (map[int64]*store.User, error) {
	var flat []int64
	for _, id := range ids {
		if id != nil {
			flat = append(flat, *id)
		}
	}
	return s.users(ctx, flat)
}

// PositiveAnswered returns which of the questions have a live answer with a
// positive score; with an accepted answer, that makes a question "answered".
func (s *Service) PositiveAnswered(ctx context.Context, questionIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(questionIDs) == 0 {
		return out, nil
	}
	var ids []int64
	err := s.Store.DB.WithContext(ctx).Model(&store.Post{}).Distinct("parent_id").
		Where("parent_id IN ? AND "+store.TypeIs("type", store.PostAnswer)+" AND score > 0 AND deleted_at IS NULL", questionIDs).
		Pluck("parent_id", &ids).Error
	if err != nil {
		return nil, errs.Internalf(err, "qa: answered")
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// QuestionCard is a question with its author and whether it is answered.
type QuestionCard struct {
	Post     *store.Post
	Author   *store.User
	Answered bool // an accepted answer, or a live answer with a positive score
}

// authorJoinColumns select, from a join of users as u, what JoinedAuthor
// holds: what pages and the API show of an author.
const authorJoinColumns = `u.username AS author_username, u.display_name AS author_display_name,
	u.reputation AS author_reputation, u.role AS author_role, u.created_at AS author_created_at`

// JoinedAuthor receives authorJoinColumns when embedded in a row struct
// (exported, as GORM scans only exported embedded structs); the fields are
// nil when the post has no author.
type JoinedAuthor struct {
	AuthorUsername    *string
	AuthorDisplayName *string
	AuthorReputation  *int
	AuthorRole        *string
	AuthorCreatedAt   *time.Time
}

// author returns the joined author of the post owned by ownerID, or nil.
func (a *JoinedAuthor) author(ownerID *int64) *store.User {
	if ownerID == nil || a.AuthorUsername == nil {
		return nil
	}
	return &store.User{ID: *ownerID, Username: *a.AuthorUsername, DisplayName: *a.AuthorDisplayName,
		Reputation: *a.AuthorReputation, Role: *a.AuthorRole, CreatedAt: *a.AuthorCreatedAt}
}

// QuestionFor is Question for a viewer who may also see it deleted: a
// moderator, or its author (see PostFor).
func (s *Service) QuestionFor(ctx context.Context, id int64, viewer *store.User) (*QuestionCard, error) {
	card, err := s.Question(ctx, id)
	if !errs.Is(err, errs.NotFound) || viewer == nil {
		return card, err
	}
	p, err := s.PostFor(ctx, id, viewer)
	if err != nil {
		return nil, err
	}
	if p.Type != store.PostQuestion {
		return nil, errs.E(errs.NotFound, "question.not_found", "No such question.")
	}
	users, err := s.Users(ctx, p.OwnerID)
	if err != nil {
		return nil, err
	}
	card = &QuestionCard{Post: p, Answered: p.AcceptedAnswerID != nil}
	card.Author = users[deref(p.OwnerID)]
	return card, nil
}

func deref(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// Question reads a live question, its author and its answered state in one
// query: the light read behind the question JSON.
func (s *Service) Question(ctx context.Context, id int64) (*QuestionCard, error) {
	var row struct {
		store.Post
		JoinedAuthor
		Positive bool
	}
	err := s.Store.DB.WithContext(ctx).Table("posts AS p").
		Select("p.*, "+store.ViewCountColumn+", "+authorJoinColumns+`,
			EXISTS (SELECT 1 FROM posts a WHERE a.parent_id = p.id AND `+store.TypeIs("a.type", store.PostAnswer)+`
			AND a.score > 0 AND a.deleted_at IS NULL) AS positive`).
		Joins("LEFT JOIN users u ON u.id = p.owner_id").Joins(store.ViewCountsJoin).
		Where("p.id = ? AND "+store.TypeIs("p.type", store.PostQuestion)+" AND p.deleted_at IS NULL", id).
		Take(&row).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "question.not_found", "No such question.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: question")
	}
	card := &QuestionCard{Post: &row.Post, Answered: row.AcceptedAnswerID != nil || row.Positive}
	card.Author = row.author(row.OwnerID)
	return card, nil
}

// SeenOriginals returns which of the originals of the questions qs
// (closed as their duplicates) viewer may open: a live question, or a
// deleted one to staff and its author. The API hands out a duplicate's
// original only then, as its page links it and search names it.
func (s *Service) SeenOriginals(ctx context.Context, viewer *store.User, qs ...*store.Post) (map[int64]bool, error) {
	var ids []int64
	for _, q := range qs {
		if q.DuplicateOfID != nil {
			ids = append(ids, *q.DuplicateOfID)
		}
	}
	seen := map[int64]bool{}
	if len(ids) == 0 {
		return seen, nil
	}
	db := s.Store.DB.WithContext(ctx).Model(&store.Post{}).Where("id IN ?", ids)
	switch {
	case viewer.IsStaff():
	case viewer != nil:
		db = db.Where("deleted_at IS NULL OR owner_id = ?", viewer.ID)
	default:
		db = db.Where("deleted_at IS NULL")
	}
	var found []int64
	if err := db.Pluck("id", &found).Error; err != nil {
		return nil, errs.Internalf(err, "qa: originals")
	}
	for _, id := range found {
		seen[id] = true
	}
	return seen, nil
}
