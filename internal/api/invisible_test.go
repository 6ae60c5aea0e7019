package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestInvisibleTextIsEmpty refuses text that shows nothing: zero-width and
// other invisible characters do not count, a body whose HTML the sanitiser
// hides entirely (comments) is empty, and one-line texts may not reverse their
// direction. An image alone shows, and invisible characters inside
// visible text are kept.
func TestInvisibleTextIsEmpty(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		body := "Since this morning the printer prints only blank pages."
		zw := strings.Repeat("\u200b", 40)
		ask := func(title, body string) *testkit.Response {
			return env.API(t, "POST", "/questions", ada, map[string]any{"title": title, "body": body, "tags": []string{"printer"}})
		}
		wantFields(t, "zero-width title", ask(strings.Repeat("\u200b", 20), body), "title")
		wantFields(t, "Hangul filler title", ask(strings.Repeat("\u3164", 20), body), "title")
		wantFields(t, "reversed title", ask("\u202eThe printer prints blank pages", body), "title")
		wantFields(t, "zero-width body", ask("The printer prints blank pages", zw), "body")
		res := ask("The printer prints blank pages", strings.Repeat("<!-- a note -->", 3))
		wantFields(t, "body of hidden HTML", res, "body")
		if !strings.Contains(string(res.Body), "shows nothing") {
			t.Fatalf("message: %s", res.Body)
		}
		wantFields(t, "empty HTML", ask("The printer prints blank pages", strings.Repeat("<p></p><div></div>", 5)), "body")
		if res := ask("Screenshot of the printer error", "![the error](https://intranet.example.com/error.png) "+strings.Repeat("\u200b", 30)); res.Status != http.StatusCreated {
			t.Fatalf("image-only body: %d %s", res.Status, res.Body)
		}
		res = ask("The printer\u200b prints blank pages", body+" \u200d")
		if res.Status != http.StatusCreated {
			t.Fatalf("visible text with a zero-width space: %d %s", res.Status, res.Body)
		}
		q := res.Map(t)
		if q["title"] != "The printer\u200b prints blank pages" {
			t.Fatalf("title not kept intact: %q", q["title"])
		}
		id := itoa(int64(q["id"].(float64)))
		wantFields(t, "zero-width comment", env.API(t, "POST", "/posts/"+id+"/comments", ada, map[string]string{"body": strings.Repeat("\u200b", 20)}), "body")
		wantFields(t, "zero-width answer", env.API(t, "POST", "/questions/"+id+"/answers", ada, map[string]string{"body": zw}), "body")
		res = env.API(t, "POST", "/users", "", map[string]string{"username": "eve", "email": "eve@example.com", "password": "correct horse battery", "display_name": "\u202eevil"})
		wantFields(t, "reversed display name", res, "display_name")
		res = env.API(t, "POST", "/users", "", map[string]string{"username": "eve", "email": "eve@example.com", "password": "correct horse battery", "display_name": "\u200b\u200b\u200b"})
		wantFields(t, "zero-width display name", res, "display_name")

		// Whether one may edit comes before what one typed.
		_, bob := env.SignUp(t, "bob")
		if res := env.API(t, "PATCH", "/questions/"+id, bob, map[string]any{"title": "short"}); res.Status != http.StatusForbidden {
			t.Fatalf("edit of another's question with a bad title: %d %s", res.Status, res.Body)
		}
	})
}
