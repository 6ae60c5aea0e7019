package importer

import (
	"context"
	"fmt"
	"time"

	"stackdesk/internal/store"
)

// linkDuplicate is the PostLinks.xml type of "closed as a duplicate of".
const linkDuplicate = 3

// link is one row of PostLinks.xml.
type link struct {
	ID, Post, Related int64
	Type              int
	Created           time.Time
}

// closedDuplicate is the closed_reason of a question closed as a duplicate.
const closedDuplicate = "duplicate"

// importLinks marks questions closed as duplicates: duplicate_of_id points
// to the question they duplicate, and they are closed (at their ClosedDate,
// or the link's date). Plain "linked" posts are not kept.
func importLinks(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[link]{
		name: "PostLinks.xml", root: "postlinks",
		parse: parseLink,
		write: writeLinks,
	})
}

// parseLink reads one row of PostLinks.xml; only duplicate links pass.
func parseLink(row *xmlRow) (link, *problem) {
	f := fields{row: row}
	l := link{ID: f.optID("Id"), Post: f.id("PostId"), Related: f.id("RelatedPostId"),
		Type: f.num("LinkTypeId"), Created: f.when("CreationDate")}
	switch {
	case f.err != nil:
		return l, f.err
	case l.Type != linkDuplicate:
		return l, &problem{Line: row.Line, Reason: ReasonLinkType,
			Msg: fmt.Sprintf("link %d: LinkTypeId %d is not imported (only duplicates, 3, are)", l.ID, l.Type)}
	case l.Post == l.Related:
		return l, &problem{Line: row.Line, Reason: ReasonSelfDuplicate,
			Msg: fmt.Sprintf("link %d: post %d is marked a duplicate of itself", l.ID, l.Post)}
	}
	return l, nil
}

// writeLinks closes a batch of questions as duplicates of the ones they link to.
func writeLinks(ctx context.Context, b *batch[link]) error {
	live := b.live()
	var src []int64
	for _, it := range live {
		src = append(src, it.V.Post, it.V.Related)
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
	now := b.run.now()
	var updates [][]any
	closedNow := int64(0)
	for _, it := range live {
		l := it.V
		q, okQ := posts[l.Post]
		d, okD := posts[l.Related]
		switch {
		case !okQ || !okD:
			missing := l.Post
			if okQ {
				missing = l.Related
			}
			b.skip(it.Line, ReasonMissingPost, "duplicate link %d: post %d is not in the dump", l.ID, missing)
			continue
		case q.Type != store.PostQuestion || d.Type != store.PostQuestion:
			b.skip(it.Line, ReasonNotQuestion, "duplicate link %d: posts %d and %d are not both questions", l.ID, l.Post, l.Related)
			continue
		case states[q.ID].DuplicateOf == d.ID:
			b.imported++ // the question says so already: nothing to write
			continue
		}
		updates = append(updates, []any{d.ID, orTime(l.Created, now), closedDuplicate, q.ID})
		if st := states[q.ID]; st.Unanswered {
			closedNow++ // a closed question waits for no answer
		}
		states[q.ID] = closeState{Closed: true, Reason: closedDuplicate, DuplicateOf: d.ID}
		b.touch(q.ID)
	}
	b.imported += int64(len(updates))
	if err := b.t.execEach(ctx, `UPDATE posts SET duplicate_of_id = ?, closed_at = COALESCE(closed_at, ?),
		closed_reason = ? WHERE id = ?`, updates); err != nil {
		return err
	}
	return addCounter(ctx, b.t, "unanswered", -closedNow)
}
