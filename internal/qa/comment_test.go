package qa_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestUpgradeRenderedRevealsBidiInStoredPosts: a post stored before
// bidirectional controls in code showed as marks gets its marks once, as
// the site starts, without counting as an edit (its updated_at and
// revision stay); posts without such controls are left alone.
func TestUpgradeRenderedRevealsBidiInStoredPosts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		plain := ask(t, s, ada, "Which laptop models can we order?", "laptops")
		q := ask(t, s, ada, "Why does this command delete my files?", "shell")
		old := "<p>I ran</p>\n<pre><code>rm -rf ~/\u202etxt.exe\n</code></pre>\n"
		if err := st.DB.Model(&store.Post{}).Where("id = ?", q.ID).UpdateColumn("body_html", old).Error; err != nil {
			t.Fatal(err)
		}
		var before store.Post
		st.DB.Where("id = ?", q.ID).Take(&before)
		n, err := s.UpgradeRendered(ctx)
		if err != nil || n != 1 {
			t.Fatalf("changed %d (%v), want the one post", n, err)
		}
		var got, untouched store.Post
		st.DB.Where("id = ?", q.ID).Take(&got)
		st.DB.Where("id = ?", plain.ID).Take(&untouched)
		if strings.Contains(got.BodyHTML, "\u202e") || !strings.Contains(got.BodyHTML, `~/<span class="bidi-mark">U+202E</span>txt.exe`) {
			t.Fatalf("post HTML after the upgrade: %q", got.BodyHTML)
		}
		if !got.UpdatedAt.Equal(before.UpdatedAt) || got.Revision != before.Revision || untouched.BodyHTML != plain.BodyHTML {
			t.Fatalf("the upgrade counts as an edit or touches other posts: %v→%v, revision %d", before.UpdatedAt, got.UpdatedAt, got.Revision)
		}
		if n, err := s.UpgradeRendered(ctx); err != nil || n != 0 {
			t.Fatalf("a second run changed %d (%v), want none", n, err)
		}
	})
}
