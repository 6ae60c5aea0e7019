package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEditSummaryQuotedInTheReadersLanguage: the revision history quotes an
// edit's summary as the page's language does (“…” in English, „…“ in
// German), and the summary stays text.
func TestEditSummaryQuotedInTheReadersLanguage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	edit := map[string]any{"body": "Every page comes out blank, even the test page of the printer.", "comment": "added <the test page> & more"}
	if res := env.API(t, "PATCH", fmt.Sprintf("/questions/%d", q), ada, edit); res.Status != http.StatusOK {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	b := newBrowser(env)
	path := fmt.Sprintf("/posts/%d/revisions", q)
	contains(t, b.get(t, path), `<p class="edit-comment" dir="auto">“added &lt;the test page&gt; &amp; more”</p>`)
	contains(t, b.get(t, path, "Accept-Language", "de"), `<p class="edit-comment" dir="auto">„added &lt;the test page&gt; &amp; more“</p>`)
}
