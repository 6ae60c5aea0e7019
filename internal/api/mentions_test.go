package api_test

import (
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestMentionsLinkToPeople checks an @mention of someone who exists links
// to their page in the stored HTML, in comments and posts alike.
func TestMentionsLinkToPeople(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	bobID, _ := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer prints blank pages since Monday", "printer")
	link := `<a href="/users/` + itoa(bobID) + `" class="mention">@bob</a>`
	c := env.API(t, "POST", "/posts/"+itoa(q)+"/comments", ada, map[string]string{"body": "Maybe @bob knows, or @nobody."}).Map(t)
	if html, _ := c["body_html"].(string); !strings.Contains(html, link) || strings.Contains(html, `>@nobody</a>`) {
		t.Fatalf("comment HTML: %v", c["body_html"])
	}
	a := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"body": "Since Monday every page is blank. @bob fixed this once, I think."}).Map(t)
	if html, _ := a["body_html"].(string); !strings.Contains(html, link) {
		t.Fatalf("post HTML: %v", a["body_html"])
	}
}
