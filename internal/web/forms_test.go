package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAskFormRefusesBadInputInPlace: each kind of bad input on the ask page
// is an inline message next to its field, with everything typed kept and
// nothing stored; a form over the body limit is a 413 page, not a 500.
func TestAskFormRefusesBadInputInPlace(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		title := "Printer on floor three prints blank pages"
		body := "Since Monday every print job from floor three comes out blank."
		cases := []struct {
			name        string
			form        url.Values
			field, want string
			kept        []string
		}{
			{"bad tag", url.Values{"title": {title}, "body": {body}, "tags": {"printer bad_tag!"}}, "tags",
				"", []string{`value="printer bad_tag!"`, title, body}},
			{"six tags", url.Values{"title": {title}, "body": {body}, "tags": {"a b c d e f"}}, "tags",
				"Use at most 5 tags.", []string{`value="a b c d e f"`}},
			{"no tags", url.Values{"title": {title}, "body": {body}, "tags": {""}}, "tags", "", []string{title}},
			{"body too long", url.Values{"title": {title}, "body": {strings.Repeat("blank pages ", 2728)}, "tags": {"printer"}}, "body",
				"Use at most 30,000 characters.", []string{title, `value="printer"`}},
			{"title too long", url.Values{"title": {strings.Repeat("x", 151)}, "body": {body}, "tags": {"printer"}}, "title",
				"Use at most 150 characters.", []string{body}},
		}
		for _, c := range cases {
			res := ada.post(t, "/questions/ask", "/questions/ask", c.form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d, want 422", c.name, res.Status)
			}
			contains(t, res, `id="`+c.field+`-error"`)
			if c.want != "" {
				contains(t, res, c.want)
			}
			contains(t, res, c.kept...)
		}
		var n int64
		env.App.Store.DB.Model(&store.Post{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d posts stored from refused forms", n)
		}

		// Over the 1 MiB body limit: a 413 page.
		res := ada.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {title}, "body": {strings.Repeat("x", 1<<20)}, "tags": {"printer"}})
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("form over the limit: %d, want 413", res.Status)
		}
		if !strings.Contains(strings.ToLower(string(res.Body)), "<html") {
			t.Fatalf("the 413 is not a page:\n%.300s", res.Body)
		}
		contains(t, res, "more than the site takes at once (1 MiB), so nothing was saved")
	})
}

// TestErrorPageSaysWhatWasWrong: a refused post with no form on the page
// to mark (a vote forged with a bad value) says what was wrong, not "the
// marked fields".
func TestErrorPageSaysWhatWasWrong(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	qid := itoa(env.Ask(t, ada, "VPN disconnects every ten minutes"))
	b := newBrowser(env)
	b.logIn(t, "bob")
	res := b.post(t, "/questions/"+qid, "/posts/"+qid+"/vote", url.Values{"value": {"5"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("vote 5: %d", res.Status)
	}
	contains(t, res, "A vote is 1 (up), -1 (down) or 0 (retract).")
	if strings.Contains(string(res.Body), "marked fields") {
		t.Error("the error page speaks of marked fields")
	}
	// One's own post offers no vote the server refuses.
	mine := newBrowser(env)
	mine.logIn(t, "ada")
	page := string(mine.get(t, "/questions/"+qid).Body)
	if n := strings.Count(page, `aria-disabled="true" aria-describedby="vote-`); n != 2 {
		t.Errorf("own post: %d aria-disabled vote buttons, want 2", n)
	}
	if n := strings.Count(page, `" class="vote-why" hidden data-own>You cannot vote on your own post.</span>`); n != 2 {
		t.Errorf("own post: %d reasons for the vote buttons, want 2", n)
	}
	if strings.Contains(string(b.get(t, "/questions/"+qid).Body), "your own post") {
		t.Error("another's post: the vote buttons say it is one's own")
	}
}
