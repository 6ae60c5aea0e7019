package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTooLargePageKnowsTheUser: a comment, an answer or a question over the
// body limit is refused (413, nothing stored) on a page in the language the
// user chose, with the header showing them logged in, whether the browser
// says the length at once or sends the body in chunks.
func TestTooLargePageKnowsTheUser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	qid := itoa(env.Ask(t, ada, "Printer on floor three prints blank pages"))
	anna := newBrowser(env)
	anna.signUp(t, "anna")
	// German by her setting alone: no cookie, no Accept-Language.
	if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "anna").Update("language", "de").Error; err != nil {
		t.Fatal(err)
	}
	contains(t, anna.get(t, "/questions/"+qid), `lang="de"`)
	var before int64
	env.App.Store.DB.Model(&store.Post{}).Count(&before)

	huge := strings.Repeat("Log line that goes on and on. ", 40000) // about 1.2 MB
	cases := []struct {
		name, from, action string
		form               url.Values
	}{
		{"comment", "/questions/" + qid, "/posts/" + qid + "/comments", url.Values{"body": {huge}}},
		{"answer", "/questions/" + qid, "/questions/" + qid + "/answers", url.Values{"body": {huge}}},
		{"question", "/questions/ask", "/questions/ask", url.Values{"title": {"Printer log from this morning"}, "body": {huge}, "tags": {"printer"}}},
	}
	for _, c := range cases {
		for _, chunked := range []bool{false, true} {
			page := anna.get(t, c.from)
			m := csrfRE.FindSubmatch(page.Body)
			if m == nil {
				t.Fatalf("no CSRF token on %s", c.from)
			}
			c.form.Set("_csrf", string(m[1]))
			var body io.Reader = strings.NewReader(c.form.Encode())
			if chunked {
				body = struct{ io.Reader }{body} // no length known: sent in chunks
			}
			req, _ := http.NewRequest("POST", env.URL+c.action, body)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Referer", env.URL+c.from)
			if chunked != (req.ContentLength == 0) {
				t.Fatalf("%s: length %d, chunked %v", c.name, req.ContentLength, chunked)
			}
			res := anna.do(t, req)
			if res.Status != http.StatusRequestEntityTooLarge {
				t.Fatalf("%s (chunked %v): %d, want 413", c.name, chunked, res.Status)
			}
			contains(t, res, `<html lang="de"`, "Das war mehr, als die Website auf einmal annimmt (1 MiB)",
				`action="/logout"`, "Abmelden")
			for _, wrong := range []string{"Anmelden</a>", "That was more than the site takes", "Log in"} {
				if strings.Contains(string(res.Body), wrong) {
					t.Fatalf("%s (chunked %v): the page holds %q:\n%s", c.name, chunked, wrong, res.Body)
				}
			}
		}
	}
	var after int64
	env.App.Store.DB.Model(&store.Post{}).Count(&after)
	if after != before {
		t.Fatalf("%d posts stored from refused forms", after-before)
	}
}
