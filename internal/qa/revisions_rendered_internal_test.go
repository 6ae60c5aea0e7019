package qa

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// historyPost asks a question whose revisions are bodies, in order, stored
// as an edit stores them, and returns its id. The revisions are written
// as rows, so that hundreds of them cost little.
func historyPost(t *testing.T, s *Service, u *store.User, title string, bodies []string) int64 {
	t.Helper()
	ctx := context.Background()
	q, err := s.Ask(ctx, u, QuestionInput{Title: title, Body: bodies[0], Tags: []string{"vpn"}})
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	rows := make([]store.PostRevision, 0, len(bodies)-1)
	for i, b := range bodies[1:] {
		rows = append(rows, store.PostRevision{PostID: q.ID, Revision: i + 2, EditorID: &u.ID, Title: title,
			BodyMarkdown: b, Tags: "vpn", CreatedAt: time.Now().UTC()})
	}
	if len(rows) > 0 {
		if err := s.Store.DB.CreateInBatches(rows, 100).Error; err != nil {
			t.Fatal(err)
		}
	}
	return q.ID
}

// storable reports whether a body passes as an edit's body, as stored.
func storable(body string) (string, bool) {
	body = cleanBody(body)
	var f errs.Fields
	validateBody(&f, body)
	return body, !f.Has("body")
}

// TestRevisionHistoryRendersEachChange: each revision rendered shows its
// body as posts show it with what changed from the one before marked,
// bold and links taken off included; its title's and tags' changes too;
// the first shows as written, unmarked (its own strikethrough as such).
func TestRevisionHistoryRendersEachChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := &Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		body1 := "The client says the certificate expired. ~~Restarting helps.~~ What can I do?"
		q, err := s.Ask(ctx, ada, QuestionInput{Title: "VPN certificate expired this morning", Body: body1, Tags: []string{"vpn"}})
		if err != nil {
			t.Fatal(err)
		}
		edit := func(title, body string, tags ...string) {
			t.Helper()
			if _, err := s.Edit(ctx, ada, q.ID, EditInput{Title: &title, Body: &body, Tags: tags}); err != nil {
				t.Fatal(err)
			}
		}
		edit("VPN certificate expired on Monday", "The client says the **certificate** expired. ~~Restarting helps.~~ What can I do?\n\n"+
			"See [the guide](https://wiki.example/vpn).", "vpn", "windows")
		edit("VPN certificate expired on Monday", "The client says the certificate expired. ~~Restarting helps.~~ What can I do?\n\nSee the guide.", "vpn", "windows")

		revs, err := s.Revisions(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.RenderRevisions(ctx, revs, 0)
		if len(revs) != 3 {
			t.Fatalf("%d revisions", len(revs))
		}
		for _, r := range revs {
			if r.Rendered == nil {
				t.Fatalf("revision %d is not rendered", r.Revision)
			}
		}
		// Bold and a link taken off: the words they held show as changed.
		if got, want := revs[0].Rendered.HTML, "<p>The client says the <ins>certificate</ins> expired. <s>Restarting helps.</s> What can I do?</p>\n"+
			"<p>See <ins>the guide</ins>.</p>"; got != want {
			t.Errorf("revision 3:\n got %s\nwant %s", got, want)
		}
		if got, want := revs[1].Rendered.HTML, "<p>The client says the <strong><ins>certificate</ins></strong> expired. <s>Restarting helps.</s> What can I do?</p>\n"+
			`<p><ins>See </ins><a href="https://wiki.example/vpn" rel="nofollow noopener"><ins>the guide</ins></a><ins>.</ins></p>`; got != want {
			t.Errorf("revision 2:\n got %s\nwant %s", got, want)
		}
		if got := fmt.Sprint(revs[1].TitleChanges, revs[1].TagChanges); got != "[{= VPN certificate expired } {- this} {+ on} {=  } {- morning} {+ Monday}] [{= vpn} {+ windows}]" {
			t.Errorf("revision 2's title and tags: %s", got)
		}
		// The first, with none before: as written, nothing marked.
		first := revs[2]
		if got, want := strings.TrimSpace(first.Rendered.HTML), "<p>The client says the certificate expired. <s>Restarting helps.</s> What can I do?</p>"; got != want {
			t.Errorf("revision 1:\n got %s\nwant %s", got, want)
		}
		if got := fmt.Sprint(first.TitleChanges, first.TagChanges); got != "[{= VPN certificate expired this morning}] [{= vpn}]" {
			t.Errorf("revision 1's title and tags: %s", got)
		}
	})
}

// TestRevisionHistoryRendersAPageAtMost: a history of many revisions of a
// 30 KB post, each rewriting it throughout, renders the changes of
// RevisionsRenderedMax revisions at most, from the one asked for (the
// newest when it is none), within the rendered diff's bounds each; the
// others are left to their Markdown diff.
func TestRevisionHistoryRendersAPageAtMost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := &Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		long := func(word string) string {
			var b strings.Builder
			for i := 0; b.Len() < 29900; i++ {
				fmt.Fprintf(&b, "%s%d ", word, i)
				if i%50 == 49 {
					b.WriteString("\n\n")
				}
			}
			return strings.TrimSpace(b.String())
		}
		var bodies []string
		for i := range 13 {
			bodies = append(bodies, long(fmt.Sprintf("v%dw", i)))
		}
		id := historyPost(t, s, ada, "A very long log of the VPN client", bodies)
		limit := renderedBlocksMax*renderedBlocksMax + renderedTokensMax*renderedTokensBudget
		check := func(at int, want []int) {
			t.Helper()
			revs, err := s.Revisions(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			s.RenderRevisions(ctx, revs, at)
			var got []int
			work := 0
			for _, r := range revs {
				if r.Rendered == nil {
					continue
				}
				got = append(got, r.Revision)
				work += r.Rendered.work
				if r.Revision > 1 && (!r.Rendered.Coarse || r.Rendered.work > limit) {
					t.Errorf("at %d: revision %d rewritten throughout: coarse %v, work %d (bound %d)", at, r.Revision, r.Rendered.Coarse, r.Rendered.work, limit)
				}
				if markdown.Shape(withoutDeletions(r.Rendered.HTML)) != markdown.Shape(markdown.Render(r.BodyMarkdown)) {
					t.Errorf("at %d: revision %d does not show its body whole", at, r.Revision)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("at %d: rendered %v, want %v", at, got, want)
			}
			if work > RevisionsRenderedMax*limit {
				t.Errorf("at %d: work %d", at, work)
			}
		}
		check(0, []int{13, 12, 11, 10, 9, 8, 7, 6, 5, 4})
		check(99, []int{13, 12, 11, 10, 9, 8, 7, 6, 5, 4})
		check(12, []int{12, 11, 10, 9, 8, 7, 6, 5, 4, 3})
		check(3, []int{3, 2, 1})
	})
}

// TestRevisionHistoryOfBadInputIsSafe: every payload of the three
// bad-input corpora, added to a post, removed from it, and replacing
// another payload, in revisions one after another, gives in the history's
// rendered view diffs with no script, handler or dangerous address,
// balanced, which once their removals are dropped show as each revision's
// body does.
func TestRevisionHistoryOfBadInputIsSafe(t *testing.T) {
	payloads := badInput(t)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := &Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		base := "Since the update the VPN client **drops** the connection.\n\n- first step\n- second step\n\nThanks."
		// Two histories: the base and the base with a payload in turn
		// (each added, then removed), and each payload replacing the one
		// before.
		var added, replaced []string
		used := 0
		for _, p := range payloads {
			edited, ok := storable(strings.Replace(base, "**drops**", p, 1) + "\n\n" + p)
			alone, ok2 := storable("Payload: " + p + "\n\nThe VPN client drops the connection.")
			if !ok || !ok2 {
				continue // refused as a body (a NUL, say): never in a history
			}
			used++
			added = append(added, base, edited)
			replaced = append(replaced, alone)
		}
		if used < len(payloads)*9/10 {
			t.Fatalf("only %d of %d payloads pass as a body", used, len(payloads))
		}
		const perPost = 40
		n, rendered := 0, 0
		for _, history := range [][]string{append(added, base), replaced} {
			for i := 0; i < len(history); i += perPost {
				bodies := history[i:min(i+perPost, len(history))]
				n++
				id := historyPost(t, s, ada, fmt.Sprintf("VPN client drops the connection, part %d", n), bodies)
				revs, err := s.Revisions(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				for at := len(bodies); at > 0; at -= RevisionsRenderedMax {
					s.RenderRevisions(ctx, revs, at)
				}
				for _, r := range revs {
					if r.Rendered == nil {
						t.Fatalf("revision %d of post %d not rendered", r.Revision, id)
					}
					rendered++
					what := fmt.Sprintf("post %d revision %d", id, r.Revision)
					if bad := unsafeParts(r.Rendered.HTML); len(bad) > 0 {
						t.Fatalf("%s: unsafe rendered diff %v:\n%s", what, bad, r.Rendered.HTML)
					}
					if err := balanced(r.Rendered.HTML); err != nil {
						t.Fatalf("%s: %v:\n%s", what, err, r.Rendered.HTML)
					}
					want := markdown.SanitizeHTML(ownMarks(render(st.DB, r.BodyMarkdown)))
					if got := markdown.Shape(withoutDeletions(r.Rendered.HTML)); got != markdown.Shape(want) {
						t.Fatalf("%s: the diff without its deletions is not the revision's body:\n got %s\nwant %s", what, got, markdown.Shape(want))
					}
				}
			}
		}
		if rendered < 3*used {
			t.Fatalf("%d revisions rendered for %d payloads", rendered, used)
		}
	})
}

// TestRevisionHistoryOfAnImportedPostShowsItsHTML: a post imported
// without Markdown and never edited shows its one revision as its own
// HTML (<b> stays <b>, where the Markdown derived from it would render
// <strong>); once edited, its revisions are compared as rendered from
// their Markdown, the first edit having stored the derived one.
func TestRevisionHistoryOfAnImportedPostShowsItsHTML(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := &Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		q, err := s.Ask(ctx, ada, QuestionInput{Title: "Imported question about the VPN", Body: "Placeholder body of the imported question.", Tags: []string{"vpn"}})
		if err != nil {
			t.Fatal(err)
		}
		imported := "<p>The VPN client <b>drops</b> the connection every hour.</p>"
		if err := st.DB.Model(&store.Post{}).Where("id = ?", q.ID).Updates(map[string]any{"body_markdown": "", "body_html": imported}).Error; err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Model(&store.PostRevision{}).Where("post_id = ?", q.ID).Update("body_markdown", "").Error; err != nil {
			t.Fatal(err)
		}
		revs, err := s.Revisions(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.RenderRevisions(ctx, revs, 0)
		if len(revs) != 1 || revs[0].Rendered == nil || strings.TrimSpace(revs[0].Rendered.HTML) != imported {
			t.Fatalf("the imported revision: %+v", revs)
		}
		body := strings.Replace(revs[0].BodyMarkdown, "hour", "minute", 1)
		if _, err := s.Edit(ctx, ada, q.ID, EditInput{Body: &body}); err != nil {
			t.Fatal(err)
		}
		if revs, err = s.Revisions(ctx, q.ID); err != nil {
			t.Fatal(err)
		}
		s.RenderRevisions(ctx, revs, 0)
		if got := revs[0].Rendered.HTML; got != "<p>The VPN client <strong>drops</strong> the connection every <del>hour</del><ins>minute</ins>.</p>" {
			t.Errorf("the edit's revision: %s", got)
		}
	})
}
