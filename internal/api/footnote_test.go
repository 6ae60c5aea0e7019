package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestFootnotesOnAQuestionPage checks footnotes in a question and in its
// answer render as footnotes, not as links to other pages, and that their
// ids stay unique on the question page, so every footnote link lands in its
// own post.
func TestFootnotesOnAQuestionPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	res := env.API(t, "POST", "/questions", ada, map[string]any{"title": "Printer prints blank pages since Monday",
		"body": "The printer prints blank pages[^1] since Monday.\n\n[^1]: Only from the second tray.", "tags": []string{"printer"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	q := res.Map(t)
	qid := int64(q["id"].(float64))
	env.Answer(t, ada, qid, "Clean the pick-up roller of that tray[^1].\n\n[^1]: It sits behind the tray.")
	if html := q["body_html"].(string); strings.Contains(html, `href="Only`) || !strings.Contains(html, "<sup id=") {
		t.Fatalf("question HTML: %s", html)
	}
	page := env.Request(t, "GET", "/questions/"+itoa(qid), "", "", nil)
	if page.Status != http.StatusOK {
		t.Fatalf("question page: %d", page.Status)
	}
	body := string(page.Body)
	ids := map[string]int{}
	for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		ids[m[1]]++
	}
	links := regexp.MustCompile(`href="#(fn-[^"]*)"`).FindAllStringSubmatch(body, -1)
	if len(links) != 4 { // a reference and a link back in each post
		t.Fatalf("%d footnote links on the page, want 4", len(links))
	}
	for _, l := range links {
		if ids[l[1]] != 1 {
			t.Errorf("footnote link to #%s: %d elements have that id, want 1", l[1], ids[l[1]])
		}
	}
}
