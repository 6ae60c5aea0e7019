package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEditConflictKeepsTheText opens the edit form, lets another edit land,
// then saves: the page refuses with the text kept and a way to compare, and
// saving again from there goes through.
func TestEditConflictKeepsTheText(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer prints blank pages since Monday", "printer")
	b := newBrowser(env)
	if res := b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", res.Status)
	}
	edit := fmt.Sprintf("/posts/%d/edit", q)
	form := b.get(t, edit)
	contains(t, form, `name="revision" value="1"`)
	token := csrfRE.FindSubmatch(form.Body)[1]
	if res := env.API(t, "PATCH", fmt.Sprintf("/questions/%d", q), ada, map[string]any{"body": "Every page comes out blank, even the test page of the printer."}); res.Status != http.StatusOK {
		t.Fatalf("other edit: %d", res.Status)
	}
	mine := url.Values{"_csrf": {string(token)}, "revision": {"1"}, "title": {"Printer prints blank pages since Monday"},
		"body": {"Since Monday every job prints blank pages on the second floor."}, "tags": {"printer"}}
	res := b.postForm(t, edit, mine)
	if res.Status != http.StatusConflict {
		t.Fatalf("stale save: %d", res.Status)
	}
	contains(t, res, "Another edit was saved (now revision 2)", ">Since Monday every job prints blank pages on the second floor.</textarea>",
		`name="revision" value="2"`, fmt.Sprintf(`href="/posts/%d/revisions"`, q))
	mine.Set("revision", "2")
	if res := b.postForm(t, edit, mine); res.Status != http.StatusSeeOther {
		t.Fatalf("second save: %d", res.Status)
	}
}
