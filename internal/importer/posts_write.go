package importer

import (
	"context"
	"strings"

	"stackdesk/internal/store"
)

var postCols = []string{"id", "type", "parent_id", "owner_id", "title", "body_markdown", "body_html", "tags",
	"score", "score_base", "answer_count", "comment_count", "accepted_answer_id", "closed_reason",
	"closed_at", "duplicate_of_id", "revision", "last_editor_id", "edited_at", "created_at", "updated_at",
	"last_activity_at", "owner_name"}

var viewCountCols = []string{"post_id", "views"}

var revisionCols = []string{"post_id", "revision", "editor_id", "title", "body_markdown", "tags", "comment", "created_at"}

// closedReasonDefault is the closed_reason of a question the dump shows
// closed without saying why (PostHistory.xml, when present, says why).
const closedReasonDefault = "closed"

// writePosts writes a batch of Posts.xml: questions first, so that answers
// can find questions of the same batch. Ids are given to all new posts at
// once, so a question's answers in the same batch are counted (and its
// accepted answer set) in the question's own row; only answers to questions
// of earlier batches update their question afterwards.
func writePosts(ctx context.Context, b *batch[post]) error {
	items, err := fresh(ctx, b, kindPost, "post", func(p post) int64 { return p.ID })
	if err != nil || len(items) == 0 {
		return err
	}
	var qs, as, ex []item[post]
	var people []int64
	for _, it := range items {
		switch it.V.Type {
		case store.PostQuestion:
			qs = append(qs, it)
		case store.PostAnswer:
			as = append(as, it)
		default:
			ex = append(ex, it)
		}
		people = append(people, it.V.Owner, it.V.Editor)
	}
	users, err := lookupIDs(ctx, b.t, b.run.site, kindUser, people)
	if err != nil {
		return err
	}
	src := make([]int64, 0, len(qs)+len(as))
	for _, it := range append(qs[:len(qs):len(qs)], as...) {
		src = append(src, it.V.ID)
	}
	ids, err := b.ids(ctx, "posts", src)
	if err != nil {
		return err
	}
	qIDs, aIDs := ids[:len(qs)], ids[len(qs):]
	local := answersInBatch(qs, as, aIDs)
	if err := writeQuestions(ctx, b, qs, qIDs, users, local); err != nil {
		return err
	}
	if err := writeExcerpts(ctx, b, ex); err != nil {
		return err
	}
	if err := writeAnswers(ctx, b, as, aIDs, users, local); err != nil {
		return err
	}
	return award(ctx, b.t, b.earned, b.run.now())
}

// localAnswers is what a batch's answers give its own questions, by the
// questions' source ids.
type localAnswers map[int64]*struct {
	count    int
	accepted any // the accepted answer's id here, or NULL
}

// answersInBatch counts the answers of a batch that belong to questions of
// the same batch, and finds their accepted answers.
func answersInBatch(qs, as []item[post], aIDs []int64) localAnswers {
	local := make(localAnswers, len(qs))
	for _, q := range qs {
		local[q.V.ID] = &struct {
			count    int
			accepted any
		}{}
	}
	accepted := make(map[int64]int64, len(qs))
	for _, q := range qs {
		if q.V.Accepted != 0 {
			accepted[q.V.ID] = q.V.Accepted
		}
	}
	for j, a := range as {
		if l, ok := local[a.V.Parent]; ok {
			l.count++
			if accepted[a.V.Parent] == a.V.ID {
				l.accepted = aIDs[j]
			}
		}
	}
	return local
}

// userRef is the id here of a dump user, or NULL when the user is not imported.
func userRef(users map[int64]int64, src int64) any {
	if id, ok := users[src]; ok {
		return id
	}
	return nil
}

// postRows builds the posts, post_revisions and import_ids rows of new
// questions or answers.
func postRows(b *batch[post], items []item[post], ids []int64, users map[int64]int64, parents []any, local localAnswers) (posts, revs, views, maps [][]any) {
	now := b.run.now()
	site := b.run.site
	posts = make([][]any, len(items))
	revs = make([][]any, len(items))
	maps = make([][]any, len(items))
	for i, it := range items {
		p := it.V
		created := orTime(p.Created, now)
		updated := created
		if p.Edited.After(updated) {
			updated = p.Edited
		}
		reason := ""
		if !p.Closed.IsZero() {
			reason = closedReasonDefault
		}
		tags := strings.Join(p.Tags, " ")
		owner, editor := userRef(users, p.Owner), userRef(users, p.Editor)
		answers, accepted := 0, any(nil)
		if l := local[p.ID]; l != nil && p.Type == store.PostQuestion {
			answers, accepted = l.count, l.accepted
		}
		ownerName := ""
		if owner == nil {
			ownerName = p.OwnerName // a deleted user's name, for attribution
		}
		posts[i] = []any{ids[i], p.Type, parents[i], owner, p.Title, "", p.HTML, tags,
			p.Score, p.Score, answers, 0, accepted, reason,
			optTime(p.Closed), nil, 1, editor, optTime(p.Edited), created, updated,
			orTime(p.Activity, updated), ownerName}
		if p.Views > 0 {
			views = append(views, []any{ids[i], p.Views})
		}
		revEditor := editor
		if revEditor == nil {
			revEditor = owner
		}
		revs[i] = []any{ids[i], 1, revEditor, p.Title, "", tags, "Imported from " + site, updated}
		maps[i] = mapRow(site, kindPost, p.ID, ids[i], p.Accepted)
		if b.keepIDs && ids[i] != p.ID {
			b.renumber(it.Line, "post", p.ID, ids[i])
		}
	}
	return posts, revs, views, maps
}

// ownerOf is the owner_id of a row postRows built; 0 for none.
func ownerOf(row []any) int64 {
	id, _ := row[3].(int64)
	return id
}

// copyPosts writes the rows postRows built.
func copyPosts(ctx context.Context, t dbtx, posts, revs, views, maps [][]any) error {
	if err := t.copy(ctx, "posts", postCols, posts); err != nil {
		return err
	}
	if err := t.copy(ctx, "view_counts", viewCountCols, views); err != nil {
		return err
	}
	if err := t.copy(ctx, "post_revisions", revisionCols, revs); err != nil {
		return err
	}
	return t.copy(ctx, "import_ids", idCols, maps)
}

// writeQuestions writes new questions with their tags, counts them, and
// queues them for the search index.
func writeQuestions(ctx context.Context, b *batch[post], qs []item[post], ids []int64, users map[int64]int64, local localAnswers) error {
	if len(qs) == 0 {
		return nil
	}
	posts, revs, views, maps := postRows(b, qs, ids, users, make([]any, len(qs)), local)
	if err := copyPosts(ctx, b.t, posts, revs, views, maps); err != nil {
		return err
	}
	tagsByPost := make(map[int64][]string, len(qs))
	for i, it := range qs {
		b.earned = append(b.earned, postBadges(ownerOf(posts[i]), store.PostQuestion, it.V.Score, ids[i])...)
		tagsByPost[ids[i]] = it.V.Tags
		b.run.dropTags(it.V.DroppedTags)
		b.touch(ids[i])
	}
	if err := linkTags(ctx, b.t, tagsByPost, b.run.now()); err != nil {
		return err
	}
	n, unanswered := int64(len(qs)), int64(0)
	for _, it := range qs {
		if local[it.V.ID].count == 0 && it.V.Closed.IsZero() { // as store.Unanswered
			unanswered++
		}
	}
	if err := addCounter(ctx, b.t, "questions", n); err != nil {
		return err
	}
	b.imported += n
	return addCounter(ctx, b.t, "unanswered", unanswered)
}

// addCounter moves a named counter, as store.AddCounter does inside GORM transactions.
func addCounter(ctx context.Context, t dbtx, name string, delta int64) error {
	if delta == 0 {
		return nil
	}
	_, err := t.exec(ctx, "UPDATE counters SET value = value + ? WHERE name = ?", delta, name)
	return err
}
