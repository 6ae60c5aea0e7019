package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPreview renders Markdown as a post or a comment would show it,
// sanitised, with @mentions of people who exist linked, and writes
// nothing; it needs a logged-in caller, a known kind and a body no longer
// than a post or comment may be.
func TestPreview(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		res := env.API(t, "POST", "/preview", ada, map[string]string{
			"body": "**Bold** and `code`, ask @ada or @nobody.\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\n```go\nfmt.Println(1)\n```"})
		if res.Status != http.StatusOK {
			t.Fatalf("preview: %d %s", res.Status, res.Body)
		}
		html := res.Map(t)["html"].(string)
		for _, want := range []string{"<strong>Bold</strong>", "<code>code</code>", `href="/users/` + itoa(adaID) + `"`, "@nobody", `class="chroma"`} {
			if !strings.Contains(html, want) {
				t.Errorf("preview lacks %q: %s", want, html)
			}
		}
		// HTML the post cannot keep shows as typed, never as markup.
		if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;") {
			t.Errorf("preview does not show the script and image as typed: %s", html)
		}
		for _, bad := range []string{"<script", "<img"} {
			if strings.Contains(html, bad) {
				t.Errorf("preview keeps %q: %s", bad, html)
			}
		}
		// At the start of a paragraph as in its middle, with the Markdown after it.
		res = env.API(t, "POST", "/preview", ada, map[string]string{
			"body": "<script>alert(2)</script> at start of the paragraph, text after it, [x](javascript:alert(3)) *too*."})
		if h := res.Map(t)["html"].(string); res.Status != http.StatusOK ||
			h != "<p>&lt;script&gt;alert(2)&lt;/script&gt; at start of the paragraph, text after it, x <em>too</em>.</p>\n" {
			t.Errorf("script at the start: %d %s", res.Status, res.Body)
		}
		// A comment: inline Markdown only, one paragraph.
		res = env.API(t, "POST", "/preview", ada, map[string]string{"body": "# Not a heading\n\n*but italic*", "kind": "comment"})
		if h := res.Map(t)["html"].(string); res.Status != http.StatusOK || strings.Contains(h, "<h1") || !strings.Contains(h, "<em>but italic</em>") {
			t.Errorf("comment preview: %d %s", res.Status, res.Body)
		}
		refused(t, "a visitor", env.API(t, "POST", "/preview", "", map[string]string{"body": "hello"}), http.StatusUnauthorized, "unauthorized")
		refused(t, "an unknown kind", env.API(t, "POST", "/preview", ada, map[string]string{"body": "hello", "kind": "wiki"}), http.StatusUnprocessableEntity, "invalid")
		refused(t, "too long a comment", env.API(t, "POST", "/preview", ada, map[string]string{"body": strings.Repeat("x", 601), "kind": "comment"}), http.StatusUnprocessableEntity, "invalid")
		refused(t, "too long a post", env.API(t, "POST", "/preview", ada, map[string]string{"body": strings.Repeat("x", 30001)}), http.StatusUnprocessableEntity, "invalid")
		var n int64
		env.App.Store.DB.Table("posts").Count(&n)
		if n != 0 {
			t.Errorf("a preview wrote %d posts", n)
		}
	})
}

// TestPreviewsHaveTheirOwnBudget: previews, sent while a post is typed,
// count against a limit of their own (twice the write rate), so that a
// burst of them leaves the writes' budget whole: the post is saved after
// them, and previews beyond their own burst are refused with 429.
func TestPreviewsHaveTheirOwnBudget(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.WriteRate, c.WriteBurst = 1, 3 })
	_, ada := env.SignUp(t, "ada") // a write: two are left
	for i := range 3 {
		if res := env.API(t, "POST", "/preview", ada, map[string]string{"body": "draft " + itoa(int64(i))}); res.Status != http.StatusOK {
			t.Fatalf("preview %d: %d %s", i, res.Status, res.Body)
		}
	}
	if res := env.API(t, "POST", "/preview", ada, map[string]string{"body": "one more"}); res.Status != http.StatusTooManyRequests {
		t.Fatalf("a preview beyond its burst: %d, want 429", res.Status)
	}
	if res := env.API(t, "POST", "/questions", ada, map[string]any{"title": "Outlook asks for my password every hour",
		"body": "Since Monday Outlook asks for my password every hour. What can I do?", "tags": []string{"outlook"}}); res.Status != http.StatusCreated {
		t.Fatalf("asking after the previews: %d %s", res.Status, res.Body)
	}
}
