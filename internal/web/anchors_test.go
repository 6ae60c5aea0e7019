package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestFormsComeBackToTheAnswer: voting on an answer without JavaScript,
// saving an edit of it and "Back to the post" from its revision history lead
// to the answer on its question's page (#answer-ID, the id its article has),
// not to the top of the page; for the question they lead to #post-ID.
func TestFormsComeBackToTheAnswer(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, ada, q, "Replace the drum: blank pages mean the drum no longer takes toner.")
	qp, ap := fmt.Sprintf("/questions/%d", q), fmt.Sprintf("/questions/%d#answer-%d", q, a)
	page := string(newBrowser(env).get(t, qp).Body)
	for _, id := range []string{fmt.Sprintf(`id="post-%d"`, q), fmt.Sprintf(`id="answer-%d"`, a)} {
		if !strings.Contains(page, id) {
			t.Fatalf("the question page has no %s", id)
		}
	}

	bob := newBrowser(env)
	bob.logIn(t, "bob")
	for _, c := range []struct {
		post int64
		want string
	}{{a, ap}, {q, fmt.Sprintf("/questions/%d#post-%d", q, q)}} {
		res := bob.post(t, qp, fmt.Sprintf("/posts/%d/vote", c.post), url.Values{"value": {"1"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != c.want {
			t.Errorf("vote on post %d: %d to %q, want %q", c.post, res.Status, res.Header.Get("Location"), c.want)
		}
	}

	b := newBrowser(env)
	b.logIn(t, "ada")
	edit := fmt.Sprintf("/posts/%d/edit", a)
	res := b.post(t, edit, edit, url.Values{"revision": {"1"}, "body": {"Replace the drum: blank pages mean the drum no longer takes any toner."}, "comment": {"any"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != ap {
		t.Errorf("edit of the answer: %d to %q, want %q", res.Status, res.Header.Get("Location"), ap)
	}
	contains(t, b.get(t, fmt.Sprintf("/posts/%d/revisions", a)), fmt.Sprintf(`<a href="%s">Back to the post</a>`, ap))
}
