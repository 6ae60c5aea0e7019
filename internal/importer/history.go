package importer

import (
	"context"
	"fmt"
	"strings"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// PostHistory.xml types the importer uses: "post closed", whose Comment
// holds the close reason's number, and the body versions (initial, edited,
// rolled back), whose Text is the body's Markdown.
const (
	historyClosed      = 10
	historyInitialBody = 2
	historyEditBody    = 5
	historyRollback    = 8
)

// closeReasons names Stack Exchange close reasons, old (1-20) and new (101-106).
var closeReasons = map[string]string{
	"1": "duplicate", "101": "duplicate",
	"2": "off-topic", "102": "off-topic",
	"3": "opinion-based", "105": "opinion-based",
	"4":  "not-constructive",
	"7":  "too-localized",
	"10": "unclear", "103": "unclear",
	"20":  "noise",
	"104": "needs-focus", "106": "needs-focus",
}

// historyEvent is a close event or a body version of PostHistory.xml.
type historyEvent struct {
	ID, Post int64
	Reason   string // a close event's reason
	Body     string // a body version's Markdown, with LF line ends
	Shape    string // the Body rendered here, as markdown.Shape gives it
}

// importHistory uses PostHistory.xml for two things. Close events set why
// questions were closed: each sets the closed_reason of a question that the
// dump shows closed; the last event wins. Body versions give posts their
// authors' own Markdown, for editing: a post's last version, when rendered
// here it looks as the body shown (markdown.Shape: the same elements, link
// and image addresses, words and code), becomes the post's Markdown (and its
// revision's), where the import would otherwise derive it from the HTML;
// so the first edit changes nothing else on the page. Other versions (older
// ones, or ones the old site showed otherwise, such as links it replaced by
// titles or images it moved to https) are skipped. Revisions are not
// imported: each post keeps one revision, its current text.
func importHistory(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[historyEvent]{
		name: "PostHistory.xml", root: "posthistory",
		parse: parseHistory,
		write: writeHistory,
	})
}

// parseHistory reads one row of PostHistory.xml: a close event or a body version.
func parseHistory(row *xmlRow) (historyEvent, *problem) {
	f := fields{row: row}
	e := historyEvent{ID: f.optID("Id"), Post: f.id("PostId")}
	typ := f.num("PostHistoryTypeId")
	switch {
	case f.err != nil:
		return e, f.err
	case typ == historyClosed:
		e.Reason = closeReasons[strings.TrimSpace(f.text("Comment"))]
		if e.Reason == "" {
			e.Reason = closedReasonDefault
		}
		return e, nil
	case typ == historyInitialBody || typ == historyEditBody || typ == historyRollback:
		if e.Body = text.LineEnds(f.text("Text")); strings.TrimSpace(e.Body) != "" {
			e.Shape = markdown.Shape(markdown.Render(e.Body))
			return e, nil
		}
	}
	return e, &problem{Line: row.Line, Reason: ReasonHistoryType,
		Msg: fmt.Sprintf("history %d: PostHistoryTypeId %d is not used (only close events, 10, and body versions, 2, 5 and 8, are)", e.ID, typ)}
}

// writeHistory applies a batch of close events to the questions they
// close, and body versions to their posts.
func writeHistory(ctx context.Context, b *batch[historyEvent]) error {
	live := b.live()
	src := make([]int64, len(live))
	for i, it := range live {
		src[i] = it.V.Post
	}
	posts, err := lookupPosts(ctx, b.t, b.run.site, src)
	if err != nil {
		return err
	}
	var closes, bodies []item[historyEvent]
	for _, it := range live {
		if it.V.Reason != "" {
			closes = append(closes, it)
		} else {
			bodies = append(bodies, it)
		}
	}
	if err := writeBodies(ctx, b, bodies, posts); err != nil {
		return err
	}
	var qs []int64
	for _, p := range posts {
		qs = append(qs, p.ID)
	}
	states, err := closeStates(ctx, b.t, qs)
	if err != nil {
		return err
	}
	var updates [][]any
	for _, it := range closes {
		q, ok := posts[it.V.Post]
		switch {
		case !ok:
			b.skip(it.Line, ReasonMissingPost, "close event %d: post %d is not in the dump", it.V.ID, it.V.Post)
			continue
		case q.Type != store.PostQuestion:
			b.skip(it.Line, ReasonNotQuestion, "close event %d: post %d is not a question", it.V.ID, it.V.Post)
			continue
		case !states[q.ID].Closed:
			b.skip(it.Line, ReasonReopened, "close event %d: question %d is open in the dump", it.V.ID, it.V.Post)
			continue
		case states[q.ID].Reason == it.V.Reason:
			b.imported++ // the question says so already: nothing to write
			continue
		}
		states[q.ID] = closeState{Closed: true, Reason: it.V.Reason}
		updates = append(updates, []any{it.V.Reason, q.ID})
	}
	b.imported += int64(len(updates))
	return b.t.execEach(ctx, "UPDATE posts SET closed_reason = ? WHERE id = ?", updates)
}

// writeBodies gives posts not edited here since the import the Markdown of
// their last body version (the file is in version order, so the last in the
// file wins) when it renders as the post shows, and none otherwise.
func writeBodies(ctx context.Context, b *batch[historyEvent], events []item[historyEvent], posts map[int64]postRef) error {
	if len(events) == 0 {
		return nil
	}
	var ids []int64
	for _, it := range events {
		if p, ok := posts[it.V.Post]; ok {
			ids = append(ids, p.ID)
		}
	}
	shown := map[int64]string{} // the shape of each post as shown, for posts not edited here
	if ids = distinct(ids); len(ids) > 0 {
		in, args := inIDs(b.t, "id", ids)
		rows, err := b.t.query(ctx, "SELECT id, body_html FROM posts WHERE revision = 1 AND "+in, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var html string
			if err := rows.Scan(&id, &html); err != nil {
				return err
			}
			shown[id] = markdown.Shape(html)
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	last := map[int64]int{} // each post's last version in the batch, by index
	for i, it := range events {
		if p, ok := posts[it.V.Post]; ok {
			last[p.ID] = i
		}
	}
	set := map[int64]string{}
	var order []int64
	for i, it := range events {
		p, ok := posts[it.V.Post]
		switch {
		case !ok:
			b.skip(it.Line, ReasonMissingPost, "body version %d: post %d was not imported (not in the dump, or not a question or answer)", it.V.ID, it.V.Post)
			continue
		case last[p.ID] != i:
			b.skip(it.Line, ReasonOtherBody, "body version %d: post %d has a later version", it.V.ID, it.V.Post)
			continue
		}
		looks, editable := shown[p.ID]
		if !editable {
			b.skip(it.Line, ReasonOtherBody, "body version %d: post %d was edited here since", it.V.ID, it.V.Post)
			continue
		}
		order = append(order, p.ID)
		if looks != it.V.Shape {
			// Its Markdown stays the one derived from the body shown, also
			// when an earlier batch gave it an earlier version's.
			set[p.ID] = ""
			b.skip(it.Line, ReasonOtherBody, "body version %d: post %d would look otherwise rendered here (links the old site showed as titles, images it moved to https, say); its Markdown is derived from the body shown", it.V.ID, it.V.Post)
			continue
		}
		set[p.ID] = it.V.Body
		b.imported++
	}
	args := make([][]any, len(order))
	for i, id := range order {
		args[i] = []any{set[id], id}
	}
	if err := b.t.execEach(ctx, "UPDATE posts SET body_markdown = ? WHERE id = ? AND revision = 1", args); err != nil {
		return err
	}
	return b.t.execEach(ctx, "UPDATE post_revisions SET body_markdown = ? WHERE post_id = ? AND revision = 1", args)
}
