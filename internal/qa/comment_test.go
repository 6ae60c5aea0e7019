package qa_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestCommentsRenderInlineOnly checks a comment keeps its Markdown as
// written while its HTML has inline Markdown only: no image, table, code
// block or heading, and one paragraph.
func TestCommentsRenderInlineOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		q := ask(t, s, ada, "Which laptop models can we order?", "laptops")
		body := "## Models\n\n| model | ok |\n|---|---|\n| X1 | *yes* |\n\n![list](https://example.com/list.png)\n\n    code"
		c, err := s.AddComment(context.Background(), ada, q.ID, body)
		if err != nil {
			t.Fatal(err)
		}
		if c.Body != body {
			t.Fatalf("body = %q, want it as written", c.Body)
		}
		for _, bad := range []string{"<h2", "<table", "<img", "<pre"} {
			if strings.Contains(c.BodyHTML, bad) {
				t.Fatalf("comment HTML has %s: %s", bad, c.BodyHTML)
			}
		}
		if !strings.Contains(c.BodyHTML, "<em>yes</em>") || strings.Count(c.BodyHTML, "<p>") != 1 {
			t.Fatalf("comment HTML = %s, want one paragraph with inline Markdown", c.BodyHTML)
		}
	})
}

// TestUpgradeRenderedRendersOldCommentsOnce checks that comments stored
// with HTML of an earlier renderer (a table, a picture) are rendered again
// with the current one, @mentions linked, once: a second run renders none.
func TestUpgradeRenderedRendersOldCommentsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		q := ask(t, s, ada, "Which laptop models can we order?", "laptops")
		old := store.Comment{PostID: q.ID, OwnerID: &ada.ID, CreatedAt: time.Now(),
			Body:     "@ada see ![list](https://example.com/list.png)",
			BodyHTML: `<p>@ada see <img src="https://example.com/list.png" alt="list"></p>`}
		if err := st.DB.Create(&old).Error; err != nil {
			t.Fatal(err)
		}
		n, err := s.UpgradeRendered(ctx)
		if err != nil || n != 1 {
			t.Fatalf("rendered %d (%v), want the one comment", n, err)
		}
		var got store.Comment
		if err := st.DB.Where("id = ?", old.ID).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got.BodyHTML, "<img") || !strings.Contains(got.BodyHTML, `href="https://example.com/list.png"`) ||
			!strings.Contains(got.BodyHTML, `/users/`+strconv.FormatInt(ada.ID, 10)) {
			t.Fatalf("comment HTML after the upgrade: %s", got.BodyHTML)
		}
		if n, err := s.UpgradeRendered(ctx); err != nil || n != 0 {
			t.Fatalf("a second run rendered %d (%v), want none", n, err)
		}
	})
}

// TestUpgradeRenderedRevealsBidiInStoredPosts: posts and comments stored
// before bidirectional controls in code showed as marks get their marks
// once, as the site starts, without counting as an edit (a post's
// updated_at and revision stay), and a changed post's question is queued
// for the search index; rows with only isolates in prose are left alone,
// and a later start changes nothing. A site whose HTML had the marks in
// code only (version 1) gets the overrides in prose marked, and <bdo> made
// <bdi>.
func TestUpgradeRenderedRevealsBidiInStoredPosts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		plain := ask(t, s, ada, "Which laptop models can we order?", "laptops")
		q := ask(t, s, ada, "Why does this command delete my files?", "shell")
		a, err := s.Answer(ctx, ada, q.ID, "Look closely at the name: it is not the file you think it is.")
		if err != nil {
			t.Fatal(err)
		}
		mail := ask(t, s, ada, "Is this attachment safe to open?", "email")
		set := func(table string, id int64, html string) {
			t.Helper()
			if err := st.DB.Table(table).Where("id = ?", id).UpdateColumn("body_html", html).Error; err != nil {
				t.Fatal(err)
			}
		}
		set("posts", a.ID, "<p>I ran</p>\n<pre><code>rm -rf ~/\u202etxt.exe\n</code></pre>\n")
		prose := "<p>مرحبا \u2066Windows\u2069 &amp; co</p>\n"
		set("posts", plain.ID, prose)
		set("posts", mail.ID, "<p>The file report\u202efdp.exe came by mail</p>\n")
		c := store.Comment{PostID: q.ID, OwnerID: &ada.ID, CreatedAt: time.Now(), Body: "try `cat \u2066x\u2069`",
			BodyHTML: "<p>try <code>cat \u2066x\u2069</code></p>"}
		if err := st.DB.Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		var before store.Post
		st.DB.Where("id = ?", a.ID).Take(&before)
		st.DB.Exec("DELETE FROM search_outbox")
		n, err := s.UpgradeRendered(ctx)
		if err != nil || n != 3 {
			t.Fatalf("changed %d (%v), want the answer, the mail question and the comment", n, err)
		}
		var got, untouched store.Post
		var gotC store.Comment
		st.DB.Where("id = ?", a.ID).Take(&got)
		st.DB.Where("id = ?", plain.ID).Take(&untouched)
		st.DB.Where("id = ?", c.ID).Take(&gotC)
		if strings.Contains(got.BodyHTML, "\u202e") || !strings.Contains(got.BodyHTML, `~/<span class="bidi-mark">U+202E</span>txt.exe`) {
			t.Fatalf("answer HTML after the upgrade: %q", got.BodyHTML)
		}
		if !strings.Contains(gotC.BodyHTML, `cat <span class="bidi-mark">U+2066</span>x<span class="bidi-mark">U+2069</span>`) {
			t.Fatalf("comment HTML after the upgrade: %q", gotC.BodyHTML)
		}
		if !got.UpdatedAt.Equal(before.UpdatedAt) || got.Revision != before.Revision || untouched.BodyHTML != prose {
			t.Fatalf("the upgrade counts as an edit or touches other posts: %v→%v, revision %d, %q", before.UpdatedAt, got.UpdatedAt, got.Revision, untouched.BodyHTML)
		}
		var gotMail store.Post
		st.DB.Where("id = ?", mail.ID).Take(&gotMail)
		if gotMail.BodyHTML != "<p>The file report<span class=\"bidi-mark\">U+202E</span>fdp.exe came by mail</p>\n" {
			t.Fatalf("override in prose after the upgrade: %q", gotMail.BodyHTML)
		}
		var queued []int64
		st.DB.Table("search_outbox").Order("post_id").Distinct().Pluck("post_id", &queued)
		if len(queued) != 2 || queued[0] != q.ID || queued[1] != mail.ID {
			t.Fatalf("queued for the index: %v, want the answer's question %d and %d", queued, q.ID, mail.ID)
		}
		// Stored after the upgrade (say, by an older instance still running):
		// a later start does not look again.
		set("posts", plain.ID, "<pre><code>ls \u202ex</code></pre>")
		if n, err := s.UpgradeRendered(ctx); err != nil || n != 0 {
			t.Fatalf("a second run changed %d (%v), want none", n, err)
		}
		// Marked by version 1, in code only.
		set("posts", plain.ID, "<p>report\u202efdp.exe <bdo dir=\"rtl\">fdp.exe</bdo></p>")
		if err := st.DB.Exec("UPDATE counters SET value = 1 WHERE name = 'rendering.bidi'").Error; err != nil {
			t.Fatal(err)
		}
		if n, err := s.UpgradeRendered(ctx); err != nil || n != 1 {
			t.Fatalf("an upgrade from version 1 changed %d (%v), want the post", n, err)
		}
		st.DB.Where("id = ?", plain.ID).Take(&untouched)
		if want := `<p>report<span class="bidi-mark">U+202E</span>fdp.exe <bdi dir="rtl">fdp.exe</bdi></p>`; untouched.BodyHTML != want {
			t.Fatalf("after an upgrade from version 1: %q, want %q", untouched.BodyHTML, want)
		}
	})
}

// TestUpgradeRenderedKeepsEditsSavedMeanwhile: a post or comment edited
// while the start-up rendering had read it (another instance of the site
// saving an edit) keeps the edit; the rendering does not write the HTML of
// the text it read over it.
func TestUpgradeRenderedKeepsEditsSavedMeanwhile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		q := ask(t, s, ada, "Is this attachment safe to open?", "email")
		if err := st.DB.Table("posts").Where("id = ?", q.ID).UpdateColumn("body_html", "<p>The file report\u202efdp.exe came by mail</p>\n").Error; err != nil {
			t.Fatal(err)
		}
		c := store.Comment{PostID: q.ID, OwnerID: &ada.ID, CreatedAt: time.Now(), Body: "old ![pic](https://example.com/p.png)",
			BodyHTML: `<p>old <img src="https://example.com/p.png" alt="pic"></p>`}
		if err := st.DB.Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		const edited, editedComment = "<p>Edited: the file is report.pdf</p>\n", "<p>edited</p>"
		// The comments are rendered first, then the posts' marks: each is
		// edited as its own batch has been read.
		calls := 0
		qa.SetUpgradeHook(func() {
			calls++
			switch calls {
			case 1:
				st.DB.Model(&store.Comment{}).Where("id = ?", c.ID).Updates(map[string]any{"body": "edited", "body_html": editedComment})
			case 2:
				st.DB.Table("posts").Where("id = ?", q.ID).UpdateColumn("body_html", edited)
			}
		})
		defer qa.SetUpgradeHook(nil)
		if _, err := s.UpgradeRendered(ctx); err != nil {
			t.Fatal(err)
		}
		var got store.Post
		var gotC store.Comment
		st.DB.Where("id = ?", q.ID).Take(&got)
		st.DB.Where("id = ?", c.ID).Take(&gotC)
		if got.BodyHTML != edited {
			t.Errorf("the post edited meanwhile has %q, want the edit's %q", got.BodyHTML, edited)
		}
		if gotC.BodyHTML != editedComment {
			t.Errorf("the comment edited meanwhile has %q, want the edit's %q", gotC.BodyHTML, editedComment)
		}
		if calls != 2 {
			t.Errorf("%d batches read, want the comments' and the posts'", calls)
		}
	})
}
