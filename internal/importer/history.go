package importer

import (
	"context"
	"fmt"
	"strings"

	"stackdesk/internal/store"
)

// historyClosed is the PostHistory.xml type of "post closed"; its Comment
// holds the close reason's number.
const historyClosed = 10

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

// closeEvent is a close event of PostHistory.xml.
type closeEvent struct {
	ID, Post int64
	Reason   string
}

// importHistory uses PostHistory.xml for one thing: why questions were
// closed. Each close event sets the closed_reason of a question that the
// dump shows closed; the last event wins. Revisions are not imported: each
// post keeps one revision, its current text.
func importHistory(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[closeEvent]{
		name: "PostHistory.xml", root: "posthistory",
		parse: func(row *xmlRow) (closeEvent, *problem) {
			f := fields{row: row}
			e := closeEvent{ID: f.optID("Id"), Post: f.id("PostId")}
			typ := f.num("PostHistoryTypeId")
			switch {
			case f.err != nil:
				return e, f.err
			case typ != historyClosed:
				return e, &problem{Line: row.Line, Reason: ReasonHistoryType,
					Msg: fmt.Sprintf("history %d: PostHistoryTypeId %d is not used (only close events, 10, are)", e.ID, typ)}
			}
			e.Reason = closeReasons[strings.TrimSpace(f.text("Comment"))]
			if e.Reason == "" {
				e.Reason = closedReasonDefault
			}
			return e, nil
		},
		write: writeHistory,
	})
}

// writeHistory applies a batch of close events to the questions they close.
func writeHistory(ctx context.Context, b *batch[closeEvent]) error {
	live := b.live()
	src := make([]int64, len(live))
	for i, it := range live {
		src[i] = it.V.Post
	}
	posts, err := lookupPosts(ctx, b.t, b.run.site, src)
	if err != nil {
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
	for _, it := range live {
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
