package qa_test

import (
	"context"
	"strings"
	"testing"

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
