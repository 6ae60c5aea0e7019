package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestRollBackToAnEarlierVersion: the history offers each earlier version
// (not the current one) to go back to; the edit form then holds that
// version, says so and notes it in the comment, and saving it makes it the
// post's next revision. A member below the edit privilege gets the same
// version as a suggested edit; a revision the post lacks is a 404.
func TestRollBackToAnEarlierVersion(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	b.signUp(t, "ada")
	const title1, body1 = "Outlook asks for my password every hour", "Since Monday Outlook asks for my password every hour, even when I type it right."
	const title2, body2 = "Outlook keeps asking for the password", "It asks again and again. Nothing helps."
	res := b.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {title1}, "body": {body1}, "tags": {"outlook"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	q := strings.SplitN(res.Header.Get("Location"), "/", 4)[2]
	edit := "/posts/" + q + "/edit"
	if res := b.post(t, edit, edit, url.Values{"title": {title2}, "body": {body2}, "tags": {"outlook mail"}, "revision": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}

	history := string(b.get(t, "/posts/"+q+"/revisions").Body)
	if !strings.Contains(history, `href="/posts/`+q+`/edit?from=1"`) || strings.Contains(history, `edit?from=2"`) {
		t.Fatalf("history should offer revision 1 alone to go back to:\n%s", history)
	}
	form := b.get(t, edit+"?from=1")
	contains(t, form, `value="`+title1+`"`, body1+`</textarea>`, `value="outlook"`, `value="Rolled back to revision 1"`,
		`<input type="hidden" name="from" value="1">`, "This form holds revision 1")
	res = b.post(t, edit+"?from=1", edit, url.Values{"title": {title1}, "body": {body1}, "tags": {"outlook"},
		"comment": {"Rolled back to revision 1"}, "revision": {"2"}, "from": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("roll back: %d %s", res.Status, res.Body)
	}
	var p store.Post
	if err := env.App.Store.DB.First(&p, q).Error; err != nil {
		t.Fatal(err)
	}
	if p.Revision != 3 || p.Title != title1 || p.BodyMarkdown != body1 || p.Tags != "outlook" {
		t.Errorf("after the roll back: revision %d, %q, %q, %q", p.Revision, p.Title, p.BodyMarkdown, p.Tags)
	}
	contains(t, b.get(t, "/posts/"+q+"/revisions"), "“Rolled back to revision 1”")

	for _, bad := range []string{"99", "0", "abc"} {
		if res := b.get(t, edit+"?from="+bad); res.Status != http.StatusNotFound {
			t.Errorf("from=%s: %d, want 404", bad, res.Status)
		}
	}

	// Below the edit privilege, going back is a suggestion.
	bob := newBrowser(env)
	bob.signUp(t, "bob")
	res = bob.get(t, edit+"?from=2")
	contains(t, res, `value="`+title2+`"`, "This form holds revision 2", `name="comment" dir="auto" value="Rolled back to revision 2"`)
	if !strings.Contains(string(res.Body), "Suggest") {
		t.Errorf("bob's form is not a suggestion:\n%s", res.Body)
	}
	res = b.get(t, edit+"?from=1", "Accept-Language", "de")
	contains(t, res, "Dieses Formular enthält Version 1")
}
