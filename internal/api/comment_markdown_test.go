package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestCommentMarkdownIsInlineOnly checks a comment with block Markdown (a
// table, an image, a fenced block, a heading) is stored as written and
// shown as one paragraph of its text, with inline Markdown still applied,
// in the API and on the question page.
func TestCommentMarkdownIsInlineOnly(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer prints blank pages since Monday", "printer")
	body := "# Try **this**\n\n| driver | works |\n|---|---|\n| v2 | yes |\n\n![screenshot](https://example.com/s.png)\n\n```\nlpstat -p\n```"
	res := env.API(t, "POST", "/posts/"+itoa(q)+"/comments", ada, map[string]string{"body": body})
	if res.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	c := res.Map(t)
	html, _ := c["body_html"].(string)
	if c["body"] != body {
		t.Fatalf("body stored as %q, want it as written", c["body"])
	}
	for _, bad := range []string{"<h1", "<table", "<img", "<pre", "</p>\n<p>"} {
		if strings.Contains(html, bad) {
			t.Fatalf("comment HTML has %s: %s", bad, html)
		}
	}
	for _, want := range []string{"<strong>this</strong>", "| driver | works |", `<a href="https://example.com/s.png" rel="nofollow noopener">screenshot</a>`} {
		if !strings.Contains(html, want) {
			t.Fatalf("comment HTML lacks %s: %s", want, html)
		}
	}
	page := env.Request(t, "GET", "/questions/"+itoa(q), "", "", nil)
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), html) || strings.Contains(string(page.Body), "<table") {
		t.Fatalf("question page: %d, comment shown as %s? %.2000s", page.Status, html, page.Body)
	}
}
