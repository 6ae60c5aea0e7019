package seed

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"stackdesk/internal/store"
)

var (
	userCols      = []string{"id", "username", "display_name", "email", "role", "reputation", "about", "language", "created_at", "updated_at"}
	postCols      = []string{"id", "type", "parent_id", "owner_id", "title", "body_markdown", "body_html", "tags", "score", "answer_count", "comment_count", "accepted_answer_id", "revision", "created_at", "updated_at", "last_activity_at"}
	viewCountCols = []string{"post_id", "views"}
	revisionCols  = []string{"post_id", "revision", "editor_id", "title", "body_markdown", "tags", "created_at"}
	postTagCols   = []string{"tag_id", "post_id"}
	commentCols   = []string{"post_id", "owner_id", "body", "body_html", "created_at"}
	outboxCols    = []string{"post_id", "created_at"}
)

const (
	updateParent = `UPDATE posts SET answer_count = answer_count + ?, comment_count = comment_count + ?,
		last_activity_at = COALESCE(?, last_activity_at), accepted_answer_id = COALESCE(?, accepted_answer_id) WHERE id = ?`
	updateTag     = "UPDATE tags SET question_count = question_count + ? WHERE id = ?"
	updateCounter = "UPDATE counters SET value = value + ? WHERE name = ?"
)

// writer turns the plan into rows, batch by batch, keeping the running derived
// numbers of every post it has written.
type writer struct {
	p        *plan
	tagIDs   map[int16]int64
	postgres bool
	now      func() time.Time

	userIDs  []int64
	ids      []int64 // post index → id
	answers  []int32 // question index → answers written so far
	comments []int32 // post index → comments written so far
	last     []int64 // question index → last activity
	accepted []int64 // question index → id of the accepted answer once written
}

func newWriter(p *plan, tagIDs map[int16]int64, postgres bool, now func() time.Time) *writer {
	n := len(p.posts)
	return &writer{p: p, tagIDs: tagIDs, postgres: postgres, now: now,
		ids: make([]int64, n), answers: make([]int32, n), comments: make([]int32, n),
		last: make([]int64, n), accepted: make([]int64, n)}
}

func micro(t int64) time.Time { return time.UnixMicro(t).UTC() }

// writeUsers inserts the plan's users, 5000 to a transaction.
func (w *writer) writeUsers(ctx context.Context, s sink) error {
	us := w.p.users
	w.userIDs = make([]int64, 0, len(us))
	for lo := 0; lo < len(us); lo += 5000 {
		part := us[lo:min(lo+5000, len(us))]
		err := inTx(ctx, s, func(tx sinkTx) error {
			ids, err := tx.nextIDs("users", len(part))
			if err != nil {
				return err
			}
			rows := make([][]any, len(part))
			for i, u := range part {
				at := micro(u.created)
				rows[i] = []any{ids[i], u.username, u.display, u.email, store.RoleUser, int32(1), u.about, u.lang, at, at}
			}
			w.userIDs = append(w.userIDs, ids...)
			return tx.insert("users", userCols, rows)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func inTx(ctx context.Context, s sink, fn func(sinkTx) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.rollback()
		return err
	}
	return tx.commit()
}

// text is a generated post or comment body.
type text struct {
	title, md, html string
}

// textBatch is the text of one batch, made ahead of the writer.
type textBatch struct {
	posts    []text
	comments []text
}

// writePosts generates text one batch ahead in a goroutine and writes batch
// after batch, each in one transaction.
func (w *writer) writePosts(ctx context.Context, s sink, progress func(done, total int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := w.p
	cstart := make([]int, p.batches()+1)
	for _, c := range p.comments {
		cstart[c.batch+1]++
	}
	for k := 1; k < len(cstart); k++ {
		cstart[k] += cstart[k-1]
	}
	ch := make(chan *textBatch, 2)
	go func() {
		defer close(ch)
		for k := range p.batches() {
			tb := w.generate(k, cstart[k], cstart[k+1])
			select {
			case ch <- tb:
			case <-ctx.Done():
				return
			}
		}
	}()
	for k := range p.batches() {
		var tb *textBatch
		select {
		case tb = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		lo, hi := k*p.batchSize, min((k+1)*p.batchSize, len(p.posts))
		if err := inTx(ctx, s, func(tx sinkTx) error {
			return w.writeBatch(tx, lo, hi, p.comments[cstart[k]:cstart[k+1]], tb)
		}); err != nil {
			return err
		}
		if progress != nil {
			progress(hi, len(p.posts))
		}
	}
	return nil
}

// generate writes the text of batch k.
func (w *writer) generate(k, clo, chi int) *textBatch {
	p := w.p
	lo, hi := k*p.batchSize, min((k+1)*p.batchSize, len(p.posts))
	tb := &textBatch{posts: make([]text, hi-lo), comments: make([]text, chi-clo)}
	for i := lo; i < hi; i++ {
		pp := &p.posts[i]
		r := rand.New(rand.NewPCG(pp.seed, uint64(i)))
		t := topics[pp.topic]
		if pp.isQuestion() {
			var plat *platform
			if pp.plat >= 0 {
				plat = &platforms[pp.plat]
			}
			title, d := genQuestion(r, t, pp.de, pp.howto, plat)
			tb.posts[i-lo] = text{title: title, md: d.markdown(), html: d.html()}
		} else {
			d := genAnswer(r, t, pp.de, pp.howto)
			tb.posts[i-lo] = text{md: d.markdown(), html: d.html()}
		}
	}
	for i := clo; i < chi; i++ {
		c := &p.comments[i]
		body := genComment(rand.New(rand.NewPCG(c.seed, uint64(i))), c.de)
		tb.comments[i-clo] = text{md: body, html: paraHTML(body)}
	}
	return tb
}

// delta is what a batch adds to a post written by an earlier batch.
type delta struct {
	answers, comments int32
	last              int64 // newest answer's time, 0 if none
	accepted          int64 // id of the accepted answer, 0 if not in this batch
}

// writeBatch writes posts lo..hi and the batch's comments, and every derived
// number they change, in the open transaction tx.
func (w *writer) writeBatch(tx sinkTx, lo, hi int, cs []pComment, tb *textBatch) error {
	p := w.p
	ids, err := tx.nextIDs("posts", hi-lo)
	if err != nil {
		return err
	}
	copy(w.ids[lo:hi], ids)

	deltas := map[int32]*delta{}
	get := func(i int32) *delta {
		d := deltas[i]
		if d == nil {
			d = &delta{}
			deltas[i] = d
		}
		return d
	}
	var unanswered, questions int64
	for i := lo; i < hi; i++ {
		pp := &p.posts[i]
		if pp.isQuestion() {
			w.last[i] = pp.at
			continue
		}
		q := pp.parent
		w.answers[q]++
		w.last[q] = pp.at
		isAccepted := p.posts[q].accepted == int32(i)
		if isAccepted {
			w.accepted[q] = w.ids[i]
		}
		if int(q) < lo {
			d := get(q)
			d.answers++
			d.last = pp.at
			if isAccepted {
				d.accepted = w.ids[i]
			}
			if w.answers[q] == 1 {
				unanswered--
			}
		}
	}
	for _, c := range cs {
		w.comments[c.post]++
		if int(c.post) < lo {
			get(c.post).comments++
		}
	}

	now := w.now().UTC()
	posts := make([][]any, 0, hi-lo)
	revs := make([][]any, 0, hi-lo)
	var links, outbox, views [][]any
	tagDelta := map[int64]int32{}
	for i := lo; i < hi; i++ {
		pp, t := &p.posts[i], &tb.posts[i-lo]
		at := micro(pp.at)
		owner := w.userIDs[pp.owner]
		if !pp.isQuestion() {
			posts = append(posts, []any{w.ids[i], int16(store.PostAnswer), w.ids[pp.parent], owner, "", t.md, t.html, "",
				int32(0), int32(0), w.comments[i], nil, int32(1), at, at, at})
			revs = append(revs, []any{w.ids[i], int32(1), owner, "", t.md, "", at})
			continue
		}
		questions++
		if w.answers[i] == 0 {
			unanswered++
		}
		names := make([]string, pp.nTags)
		for j, tg := range pp.tags[:pp.nTags] {
			names[j] = vocab[tg].Name
			tagID := w.tagIDs[tg]
			tagDelta[tagID]++
			links = append(links, []any{tagID, w.ids[i]})
		}
		tags := strings.Join(names, " ")
		var acc any
		if w.accepted[i] != 0 {
			acc = w.accepted[i]
		}
		posts = append(posts, []any{w.ids[i], int16(store.PostQuestion), nil, owner, t.title, t.md, t.html, tags,
			int32(0), w.answers[i], w.comments[i], acc, int32(1), at, at, micro(w.last[i])})
		if pp.views > 0 {
			views = append(views, []any{w.ids[i], pp.views})
		}
		revs = append(revs, []any{w.ids[i], int32(1), owner, t.title, t.md, tags, at})
		outbox = append(outbox, []any{w.ids[i], now})
	}

	comments := make([][]any, len(cs))
	for i, c := range cs {
		comments[i] = []any{w.ids[c.post], w.userIDs[c.owner], tb.comments[i].md, tb.comments[i].html, micro(c.at)}
	}

	parents := make([]int32, 0, len(deltas))
	for q := range deltas {
		parents = append(parents, q)
	}
	slices.Sort(parents)
	updates := make([][]any, 0, len(parents))
	for _, q := range parents {
		d := deltas[q]
		var last, acc any
		if d.last != 0 {
			last = micro(d.last)
			outbox = append(outbox, []any{w.ids[q], now})
		}
		if d.accepted != 0 {
			acc = d.accepted
		}
		updates = append(updates, []any{d.answers, d.comments, last, acc, w.ids[q]})
	}
	tagIDs := make([]int64, 0, len(tagDelta))
	for id := range tagDelta {
		tagIDs = append(tagIDs, id)
	}
	slices.Sort(tagIDs) // a fixed lock order, should two runs overlap
	tagUpdates := make([][]any, len(tagIDs))
	for i, id := range tagIDs {
		tagUpdates[i] = []any{tagDelta[id], id}
	}
	var counters [][]any
	if questions != 0 {
		counters = append(counters, []any{questions, "questions"})
	}
	if unanswered != 0 {
		counters = append(counters, []any{unanswered, "unanswered"})
	}

	for _, step := range []func() error{
		func() error { return tx.insert("posts", postCols, posts) },
		func() error { return tx.insert("post_revisions", revisionCols, revs) },
		func() error { return tx.insert("view_counts", viewCountCols, views) },
		func() error { return tx.insert("post_tags", postTagCols, links) },
		func() error { return tx.insert("comments", commentCols, comments) },
		func() error { return tx.execEach(updateParent, updates) },
		func() error { return tx.execEach(updateTag, tagUpdates) },
		func() error { return tx.execEach(updateCounter, counters) },
		func() error { return tx.insert("search_outbox", outboxCols, outbox) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	if len(outbox) > 0 {
		return tx.notify()
	}
	return nil
}
