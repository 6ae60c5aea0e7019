package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestOverridesInUserTextShowAsMarks: a right-to-left override in text
// shown as typed, outside Markdown (a ticket's text and its answer, the diff
// of a post's source), shows as a visible mark, as in a post's body, so
// "report\u202Efdp.exe" cannot read as "reportexe.pdf"; an isolate stays.
func TestOverridesInUserTextShowAsMarks(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, emp := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	const phish = "The file report\u202efdp.exe came by mail, \u2067مرحبا\u2069."
	const shown = `The file report<span class="bidi-mark">U+202E</span>fdp.exe came by mail, ` + "\u2067مرحبا\u2069."
	res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "strange attachment report\u202efdp.exe in my mail"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	// A subject is one line, as the title it becomes when published: an
	// override in it is refused, as in a title.
	res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Strange attachment report\u202efdp.exe", "body": phish, "email": "emp@example.com"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "another order than typed") {
		t.Fatalf("a subject with an override: %d %s", res.Status, res.Body)
	}
	res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Strange attachment", "body": phish, "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	ticket := "/tickets/" + itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	answer := "Do not open report\u202efdp.exe: it is a program, not a document."
	if res := hot.post(t, ticket, ticket+"/resolve", url.Values{"answer": {answer}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	// The trail's problem shows it marked too.
	page := hot.get(t, ticket)
	contains(t, page, `<bdi>strange attachment report<span class="bidi-mark">U+202E</span>fdp.exe in my mail</bdi>`)
	contains(t, page, `<p class="pre" dir="auto">`+shown+`</p>`,
		`id="resolution">Do not open report<span class="bidi-mark">U+202E</span>fdp.exe: it is a program`)
	if strings.Contains(string(page.Body), "\u202e") {
		t.Errorf("an override is left on the ticket's page:\n%s", page.Body)
	}

	// A post's body, the diff of its source, and its rendered diff (where
	// the mark is inside the inserted words).
	_, ada := env.SignUp(t, "ada")
	q := itoa(env.Ask(t, ada, "Is this attachment from the mail safe to open?", "email"))
	body := "Since this morning this attachment is in my mail. " + phish
	if res := env.API(t, "PATCH", "/questions/"+q, ada, map[string]any{"body": body}); res.Status != http.StatusOK {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	b := newBrowser(env)
	for p, mark := range map[string]string{"/questions/" + q: `report<span class="bidi-mark">U+202E</span>fdp.exe`,
		"/posts/" + q + "/revisions?view=markdown": `report<span class="bidi-mark">U+202E</span>fdp.exe`,
		"/posts/" + q + "/revisions":               `report</ins><span class="bidi-mark"><ins>U+202E</ins></span><ins>fdp.exe`} {
		page := b.get(t, p)
		contains(t, page, mark)
		if strings.Contains(string(page.Body), "\u202e") {
			t.Errorf("an override is left on %s:\n%s", p, page.Body)
		}
	}
}
