package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"stackdesk/internal/store"
)

// writeAnswers writes new answers under their questions: it counts them
// and marks accepted answers on questions of earlier batches (the batch's
// own questions have them already), and queues the questions for the search
// index. ids are the ids the answers get.
func writeAnswers(ctx context.Context, b *batch[post], as []item[post], ids []int64, users map[int64]int64, local localAnswers) error {
	if len(as) == 0 {
		return nil
	}
	want := make([]int64, len(as))
	for i, it := range as {
		want[i] = it.V.Parent
	}
	parents, err := lookupPosts(ctx, b.t, b.run.site, want)
	if err != nil {
		return err
	}
	inBatch := make(map[int64]bool, len(as))
	for _, it := range as {
		inBatch[it.V.ID] = true
	}
	var ok []item[post]
	var okIDs []int64
	var parentIDs []any
	for j, it := range as {
		a := it.V
		q, found := parents[a.Parent]
		switch {
		case !found && inBatch[a.Parent]:
			b.skip(it.Line, ReasonNotQuestion, "answer %d: its parent %d is not a question", a.ID, a.Parent)
			continue
		case !found:
			b.skip(it.Line, ReasonMissingParent, "answer %d: its question %d is not in the dump", a.ID, a.Parent)
			continue
		case q.Type != store.PostQuestion:
			b.skip(it.Line, ReasonNotQuestion, "answer %d: its parent %d is not a question", a.ID, a.Parent)
			continue
		}
		ok = append(ok, it)
		okIDs = append(okIDs, ids[j])
		parentIDs = append(parentIDs, q.ID)
	}
	if len(ok) == 0 {
		return nil
	}
	ids = okIDs
	posts, revs, views, maps := postRows(b, ok, ids, users, parentIDs, nil)
	if err := copyPosts(ctx, b.t, posts, revs, views, maps); err != nil {
		return err
	}
	counts := map[int64]int64{}
	accepts := map[int64]int64{}
	for i, it := range ok {
		q := parents[it.V.Parent]
		owner := ownerOf(posts[i])
		b.earned = append(b.earned, postBadges(owner, store.PostAnswer, it.V.Score, ids[i])...)
		if q.Accepted == it.V.ID {
			b.earned = append(b.earned, acceptBadges(q.Owner, owner, it.V.Score, ids[i])...)
		}
		b.touch(q.ID)
		if local[it.V.Parent] != nil {
			continue // counted in the question's row
		}
		counts[q.ID]++
		if q.Accepted == it.V.ID {
			accepts[q.ID] = ids[i]
		}
	}
	b.imported += int64(len(ok))
	if len(counts) == 0 {
		return nil
	}
	after, err := countAnswers(ctx, b.t, counts, accepts)
	if err != nil {
		return err
	}
	answered := int64(0) // open questions that had no answer before this batch
	for id, n := range counts {
		if after[id] == n {
			answered++
		}
	}
	return addCounter(ctx, b.t, "unanswered", -answered)
}

// countAnswers adds new answers to their questions' answer counts and sets
// accepted answers, in one statement, and returns the new answer counts of
// the open questions (0 for a closed one: the unanswered counter leaves
// closed questions out, so their answers do not move it).
func countAnswers(ctx context.Context, t dbtx, counts, accepts map[int64]int64) (map[int64]int64, error) {
	var q strings.Builder
	q.WriteString(`UPDATE posts SET answer_count = answer_count + v.column2,
		accepted_answer_id = COALESCE(v.column3, accepted_answer_id) FROM (VALUES `)
	first := true
	for id, n := range counts {
		if !first {
			q.WriteString(", ")
		}
		first = false
		acc := "CAST(NULL AS BIGINT)"
		if a, ok := accepts[id]; ok {
			acc = strconv.FormatInt(a, 10)
		}
		fmt.Fprintf(&q, "(%d, %d, %s)", id, n, acc)
	}
	q.WriteString(") AS v WHERE posts.id = v.column1 RETURNING posts.id, CASE WHEN posts.closed_at IS NULL THEN posts.answer_count ELSE 0 END")
	return scanPairs(t.query(ctx, q.String()))
}
