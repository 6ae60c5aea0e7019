package qa_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestRerenderBringsStoredHTMLUpToDate: HTML stored by an earlier renderer
// (an image without alt text that rendered as nothing) is rendered again
// from the post's Markdown, an imported post's HTML sanitised again, a
// comment's from its text; mentions keep the person they linked though
// renamed; only changed rows are written (no revision, no activity), the
// changed question is queued for the index, and a second run changes
// nothing.
func TestRerenderBringsStoredHTMLUpToDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		s := &qa.Service{Store: st, Now: func() time.Time { return now }, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		tom := storetest.User(t, st, "tom", store.RoleUser)
		// A post today's renderer wrote comes first: one that needs
		// nothing must not end the batch before those that do.
		if _, err := s.Ask(ctx, tom, qa.QuestionInput{Title: "Projector in room 5 flickers after lunch",
			Body: "It flickers every few seconds once it has run an hour.", Tags: []string{"projector"}}); err != nil {
			t.Fatal(err)
		}
		q, err := s.Ask(ctx, ada, qa.QuestionInput{Title: "Printer queue stuck on the third floor",
			Body: "The queue holds every job since Monday, see ![](queue.png); @tom set it up.", Tags: []string{"printing"}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Answer(ctx, tom, q.ID, "Restart the spooler service, then clear the queue from the printer's panel.")
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.AddComment(ctx, tom, q.ID, "Which driver version, @ada?")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(q.BodyHTML, "[queue.png]") {
			t.Fatalf("today's renderer shows no file name: %s", q.BodyHTML)
		}
		// An earlier renderer's output, an imported post, and a rename.
		old := strings.Replace(q.BodyHTML, "[queue.png]", "", 1)
		imported := `<p>Scan to <img src="/scans/inbox.png"> fails.</p>`
		oldComment := "<p>Which driver version, @ada?</p>"
		st.DB.Exec("UPDATE posts SET body_html = ? WHERE id = ?", old, q.ID)
		st.DB.Exec("UPDATE posts SET body_html = ?, body_markdown = '' WHERE id = ?", imported, a.ID)
		st.DB.Exec("UPDATE comments SET body_html = ? WHERE id = ?", oldComment, c.ID)
		st.DB.Exec("UPDATE users SET username = 'tom-renamed' WHERE id = ?", tom.ID)
		st.DB.Exec("DELETE FROM search_outbox")
		var before store.Post
		st.DB.First(&before, q.ID)

		var calls, lastDone, lastTotal int
		stats, err := s.Rerender(ctx, func(done, total int) { calls, lastDone, lastTotal = calls+1, done, total })
		if err != nil {
			t.Fatal(err)
		}
		if stats.Posts != 3 || stats.Comments != 1 || stats.ChangedPosts != 2 || stats.ChangedComments != 1 {
			t.Errorf("stats %+v, want 3 posts and 1 comment read, the 2 stale posts and the comment changed", stats)
		}
		if calls == 0 || lastDone != 4 || lastTotal != 4 {
			t.Errorf("progress: %d calls, last %d of %d; want 4 of 4", calls, lastDone, lastTotal)
		}
		var got store.Post
		st.DB.First(&got, q.ID)
		tomLink := `<a href="/users/` + strconv.FormatInt(tom.ID, 10) + `" class="mention">@tom</a>`
		if !strings.Contains(got.BodyHTML, "[queue.png]") || !strings.Contains(got.BodyHTML, tomLink) {
			t.Errorf("question not rendered again, or its mention of the renamed tom lost:\n%s", got.BodyHTML)
		}
		if got.Revision != before.Revision || !got.UpdatedAt.Equal(before.UpdatedAt) || !got.LastActivityAt.Equal(before.LastActivityAt) {
			t.Errorf("rendering again changed the revision or dates: %+v -> %+v", before, got)
		}
		var ans store.Post
		st.DB.First(&ans, a.ID)
		if want := markdown.SanitizeHTML(imported); ans.BodyHTML != want || !strings.Contains(want, "[inbox.png]") {
			t.Errorf("imported answer = %q, want %q", ans.BodyHTML, want)
		}
		var cm store.Comment
		st.DB.First(&cm, c.ID)
		if !strings.Contains(cm.BodyHTML, `class="mention">@ada</a>`) {
			t.Errorf("comment not rendered again: %s", cm.BodyHTML)
		}
		var queued int64
		if err := st.DB.Raw("SELECT COUNT(*) FROM search_outbox WHERE post_id = ?", q.ID).Scan(&queued).Error; err != nil {
			t.Fatal(err)
		}
		if queued == 0 {
			t.Error("the changed question is not queued for the search index")
		}

		again, err := s.Rerender(ctx, nil)
		if err != nil || again.ChangedPosts != 0 || again.ChangedComments != 0 {
			t.Errorf("second run: %+v, %v; want nothing changed", again, err)
		}
	})
}

// TestRerenderLeavesAnEditMadeMeanwhile: a post or comment edited between
// Rerender's read of its batch and its write keeps the edit.
func TestRerenderLeavesAnEditMadeMeanwhile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := &qa.Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		q, err := s.Ask(ctx, ada, qa.QuestionInput{Title: "Printer queue stuck on the third floor",
			Body: "The queue holds every job since Monday, see ![](queue.png).", Tags: []string{"printing"}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.AddComment(ctx, ada, q.ID, "It is the HP on the third floor.")
		if err != nil {
			t.Fatal(err)
		}
		st.DB.Exec("UPDATE posts SET body_html = '<p>stale</p>' WHERE id = ?", q.ID)
		st.DB.Exec("UPDATE comments SET body_html = '<p>stale</p>' WHERE id = ?", c.ID)
		calls := 0
		qa.SetUpgradeHook(func() {
			calls++
			switch calls {
			case 1:
				st.DB.Exec("UPDATE posts SET body_html = '<p>edited</p>' WHERE id = ?", q.ID)
			case 2:
				st.DB.Exec("UPDATE comments SET body_html = '<p>edited</p>' WHERE id = ?", c.ID)
			}
		})
		defer qa.SetUpgradeHook(nil)
		stats, err := s.Rerender(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var p store.Post
		var cm store.Comment
		st.DB.First(&p, q.ID)
		st.DB.First(&cm, c.ID)
		if p.BodyHTML != "<p>edited</p>" || cm.BodyHTML != "<p>edited</p>" || stats.ChangedPosts+stats.ChangedComments != 0 {
			t.Errorf("post %q, comment %q, stats %+v: want both edits kept, nothing counted", p.BodyHTML, cm.BodyHTML, stats)
		}
	})
}
