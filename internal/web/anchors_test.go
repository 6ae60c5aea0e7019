package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
	// A vote returns to the question's canonical address, with its slug, at the post.
	canonical := qp + "/printer-on-floor-3-prints-blank-pages"
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
	}{{a, fmt.Sprintf("%s#answer-%d", canonical, a)}, {q, fmt.Sprintf("%s#post-%d", canonical, q)}} {
		res := bob.post(t, qp, fmt.Sprintf("/posts/%d/vote", c.post), url.Values{"value": {"1"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != c.want {
			t.Errorf("vote on post %d: %d to %q, want %q", c.post, res.Status, res.Header.Get("Location"), c.want)
		}
	}

	b := newBrowser(env)
	b.logIn(t, "ada")
	edit := fmt.Sprintf("/posts/%d/edit", a)
	res := b.post(t, edit, edit, url.Values{"revision": {"1"}, "body": {"Replace the drum: blank pages mean the drum no longer takes any toner."}, "comment": {"any"}})
	if want := fmt.Sprintf("%s#answer-%d", canonical, a); res.Status != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Errorf("edit of the answer: %d to %q, want %q", res.Status, res.Header.Get("Location"), want)
	}
	contains(t, b.get(t, fmt.Sprintf("/posts/%d/revisions", a)), fmt.Sprintf(`<a href="%s">Back to the post</a>`, ap))
}

// TestRefusedButtonLeadsBackToThePage: a button refused (a down vote without
// the reputation for it) answers with the page it was on, saying why, in
// the reader's language.
func TestRefusedButtonLeadsBackToThePage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	qp := fmt.Sprintf("/questions/%d", q)
	for _, lang := range []string{"en", "de"} {
		b := newBrowser(env)
		b.logIn(t, "bob")
		m := csrfRE.FindSubmatch(b.get(t, qp).Body)
		if m == nil {
			t.Fatal("no CSRF token on the question page")
		}
		form := url.Values{"_csrf": {string(m[1])}, "value": {"-1"}}
		req, _ := http.NewRequest("POST", env.URL+fmt.Sprintf("/posts/%d/vote", q), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", env.URL+qp)
		req.Header.Set("Accept-Language", lang)
		res := b.do(t, req)
		if res.Status != http.StatusForbidden {
			t.Fatalf("down vote with reputation 1: %d", res.Status)
		}
		want := map[string][]string{
			"en": {"Voting down needs 50 reputation; you have 1."}, // the question's page, the reason beside the post
			"de": {"Um negativ zu bewerten, brauchen Sie 50 Reputation; Sie haben 1."},
		}[lang]
		contains(t, res, want...)
	}
}

// TestQuestionPageNamesTheEditor: a post someone else edited last says who
// beside "edited"; one its author edited says nothing more.
func TestQuestionPageNamesTheEditor(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, mod := env.SignUp(t, "mod")
	setRole(t, env, "mod", store.RoleModerator)
	q := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
	a := env.Answer(t, ada, q, "Remove the stored credentials in the Windows credential manager.")
	edit := func(tok string, id int64, body string) {
		t.Helper()
		if res := env.API(t, "PATCH", "/answers/"+strconv.FormatInt(id, 10), tok, map[string]string{"body": body}); res.Status != http.StatusOK {
			t.Fatalf("edit: %d %s", res.Status, res.Body)
		}
	}
	edit(mod, a, "Remove the stored Outlook credentials in the Windows credential manager, then restart Outlook.")
	if res := env.API(t, "PATCH", "/questions/"+strconv.FormatInt(q, 10), ada, map[string]string{"body": "Since Monday Outlook asks for my password every hour, also after a restart."}); res.Status != http.StatusOK {
		t.Fatalf("edit question: %d %s", res.Status, res.Body)
	}
	page := string(newBrowser(env).get(t, "/questions/"+strconv.FormatInt(q, 10)).Body)
	if n := strings.Count(page, " by <bdi>"); n != 1 || !strings.Contains(page, "</time> by <bdi>mod</bdi></a>") {
		t.Fatalf("the editor named %d times, want once (the answer's, by mod):\n%s", n, page)
	}
}
