package api_test

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

const answerBody = "Restart the VPN client, then sign in again with your company account."

func TestQuestionLifecycle(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		body := "My VPN drops every ten minutes.\n\n```powershell\nGet-VpnConnection\n```"
		res := env.API(t, "POST", "/questions", ada, map[string]any{"title": "VPN drops every ten minutes", "body": body, "tags": []string{"VPN", "windows"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		q := res.Map(t)
		id := int64(q["id"].(float64))
		for _, k := range []string{"id", "title", "body", "body_html", "tags", "score", "answer_count", "accepted_answer_id", "author", "created_at", "last_activity_at"} {
			if _, ok := q[k]; !ok {
				t.Errorf("question JSON lacks %q: %v", k, q)
			}
		}
		if q["body"] != body || !strings.Contains(q["body_html"].(string), "<pre") {
			t.Fatalf("body/body_html = %v / %v", q["body"], q["body_html"])
		}
		author := q["author"].(map[string]any)
		if author["username"] != "ada" || author["reputation"] == nil {
			t.Fatalf("author = %v", author)
		}
		if tags := q["tags"].([]any); len(tags) != 2 || tags[0] != "vpn" {
			t.Fatalf("tags = %v", tags)
		}
		// Read it back, list it.
		if got := env.API(t, "GET", "/questions/"+itoa(id), "", nil); got.Status != 200 || got.Map(t)["title"] != "VPN drops every ten minutes" {
			t.Fatalf("get: %d %s", got.Status, got.Body)
		}
		list := env.API(t, "GET", "/questions?page=1&page_size=10", "", nil).Map(t)
		if list["total"].(float64) != 1 || len(list["items"].([]any)) != 1 || list["page_size"].(float64) != 10 {
			t.Fatalf("list = %v", list)
		}
		if l := env.API(t, "GET", "/questions?page_size=1000", "", nil).Map(t); l["page_size"].(float64) != 100 {
			t.Fatalf("page_size not capped: %v", l["page_size"])
		}
		// Answers.
		aid := env.Answer(t, bob, id, answerBody)
		ans := env.API(t, "GET", "/questions/"+itoa(id)+"/answers", "", nil).Map(t)
		if ans["total"].(float64) != 1 {
			t.Fatalf("answers = %v", ans)
		}
		a := env.API(t, "GET", "/answers/"+itoa(aid), "", nil).Map(t)
		if a["question_id"].(float64) != float64(id) || a["is_accepted"] != false || a["body"] != answerBody {
			t.Fatalf("answer = %v", a)
		}
		if res := env.API(t, "GET", "/answers/"+itoa(id), "", nil); res.Status != http.StatusNotFound {
			t.Fatalf("a question fetched as an answer: %d", res.Status)
		}
		// Comments.
		res = env.API(t, "POST", "/posts/"+itoa(aid)+"/comments", ada, map[string]string{"body": "Thanks, that fixed it for me!"})
		if res.Status != http.StatusCreated {
			t.Fatalf("comment: %d %s", res.Status, res.Body)
		}
		cs := env.API(t, "GET", "/posts/"+itoa(aid)+"/comments", "", nil).Map(t)
		if cs["total"].(float64) != 1 {
			t.Fatalf("comments = %v", cs)
		}
		// Edit with revisions.
		res = env.API(t, "PATCH", "/questions/"+itoa(id), ada, map[string]any{"title": "VPN connection drops every ten minutes", "comment": "clearer title"})
		if res.Status != 200 || res.Map(t)["title"] != "VPN connection drops every ten minutes" {
			t.Fatalf("patch: %d %s", res.Status, res.Body)
		}
		revs := env.API(t, "GET", "/posts/"+itoa(id)+"/revisions", "", nil).Map(t)
		items := revs["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["comment"] != "clearer title" {
			t.Fatalf("revisions = %v", revs)
		}
		res = env.API(t, "PATCH", "/answers/"+itoa(aid), bob, map[string]any{"body": answerBody + " If it still drops, reinstall."})
		if res.Status != 200 || !strings.Contains(res.Map(t)["body"].(string), "reinstall") {
			t.Fatalf("patch answer: %d %s", res.Status, res.Body)
		}
		// Someone else may not edit or delete.
		if res := env.API(t, "PATCH", "/questions/"+itoa(id), bob, map[string]any{"title": "A title by someone else entirely"}); res.Status != http.StatusForbidden || !strings.Contains(res.Map(t)["error"].(map[string]any)["message"].(string), "500") {
			t.Fatalf("edit by other: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(id), bob, nil); res.Status != http.StatusForbidden {
			t.Fatalf("delete by other: %d", res.Status)
		}
		// Tags.
		tags := env.API(t, "GET", "/tags", "", nil).Map(t)
		if tags["total"].(float64) != 2 {
			t.Fatalf("tags = %v", tags)
		}
		// Delete the answer, then the question.
		if res := env.API(t, "DELETE", "/answers/"+itoa(aid), bob, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete answer: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(id), ada, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete question: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/questions/"+itoa(id), "", nil); res.Status != http.StatusNotFound {
			t.Fatalf("deleted question: %d", res.Status)
		}
		if l := env.API(t, "GET", "/questions", "", nil).Map(t); l["total"].(float64) != 0 {
			t.Fatalf("deleted question still listed: %v", l)
		}
	})
}

func TestBadInputIsRefusedCleanly(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		id := env.Ask(t, tok, "Printer prints blank pages", "printer")
		cases := []struct {
			name, method, path, token, body string
			status                          int
			code                            string
		}{
			{"no auth", "POST", "/questions", "", `{"title":"x"}`, 401, "unauthorized"},
			{"malformed", "POST", "/questions", tok, `{"title": "x",`, 400, "bad_request"},
			{"empty body", "POST", "/questions", tok, ``, 400, "bad_request"},
			{"not an object", "POST", "/questions", tok, `[1,2]`, 400, "bad_request"},
			{"a string", "POST", "/questions", tok, `"string"`, 400, "bad_request"},
			{"unknown field", "POST", "/questions", tok, `{"titel":"A perfectly fine title"}`, 422, "invalid"},
			{"lone surrogate", "POST", "/questions", tok, `{"title":"A perfectly fine title \ud800","body":"A perfectly fine body with enough characters.","tags":["vpn"]}`, 400, "bad_request"},
			{"invalid UTF-8", "POST", "/questions", tok, "{\"title\":\"A perfectly fine title \xff\xfe\",\"body\":\"A perfectly fine body with enough characters.\",\"tags\":[\"vpn\"]}", 400, "bad_request"},
			{"wrong type", "POST", "/questions", tok, `{"title": 5}`, 422, "invalid"},
			{"validation", "POST", "/questions", tok, `{"title":"short","body":"short","tags":[]}`, 422, "invalid"},
			{"bad tag", "POST", "/questions", tok, `{"title":"A perfectly fine title","body":"A perfectly fine body with enough characters.","tags":["no spaces allowed"]}`, 422, "invalid"},
			{"answer missing question", "POST", "/questions/999999/answers", tok, `{"body":"An answer long enough to be valid here."}`, 404, "not_found"},
			{"short answer", "POST", "/questions/" + itoa(id) + "/answers", tok, `{"body":"too short"}`, 422, "invalid"},
			{"comment missing post", "POST", "/posts/999999/comments", tok, `{"body":"A comment that is long enough."}`, 404, "not_found"},
			{"bad id", "GET", "/questions/abc", "", ``, 404, "not_found"},
			{"negative id", "GET", "/questions/-1", "", ``, 404, "not_found"},
			{"unknown route", "GET", "/nope", "", ``, 404, "not_found"},
			{"unknown sort", "GET", "/questions?sort=bogus", "", ``, 422, "invalid"},
			{"page not a number", "GET", "/questions?page=abc", "", ``, 422, "invalid"},
			{"unknown tag sort", "GET", "/tags?sort=bogus", "", ``, 422, "invalid"},
			{"page size not a number", "GET", "/users?page_size=ten", "", ``, 422, "invalid"},
			{"wrong method", "PUT", "/questions", tok, `{}`, 405, "method_not_allowed"},
			{"huge body", "POST", "/questions", tok, `{"title":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "too_large"},
			{"bad auth header", "GET", "/me", "", ``, 401, "unauthorized"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var r *testkit.Response
				if c.name == "bad auth header" {
					req, _ := http.NewRequest("GET", env.URL+"/api/v1/me", nil)
					req.Header.Set("Authorization", "Basic abc")
					hr, err := env.Client.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					hr.Body.Close()
					if hr.StatusCode != 401 {
						t.Fatalf("status %d", hr.StatusCode)
					}
					return
				}
				r = env.Request(t, c.method, "/api/v1"+c.path, c.token, "application/json", strings.NewReader(c.body))
				if r.Status != c.status || r.ErrorCode() != c.code {
					t.Fatalf("got %d %s, want %d %s", r.Status, r.Body, c.status, c.code)
				}
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					t.Fatalf("content type %q", r.Header.Get("Content-Type"))
				}
				if allow := r.Header.Get("Allow"); c.status == 405 && (!strings.Contains(allow, "GET") || !strings.Contains(allow, "POST")) {
					t.Fatalf("Allow %q", allow)
				}
			})
		}
		env.Searchable(t)
		for _, path := range []string{"/questions?page=99999999999999999999999&page_size=-5", "/search?q=printer&page=9223372036854775807",
			"/questions?page=9223372036854775807", "/users?page=-9223372036854775808"} {
			if res := env.API(t, "GET", path, "", nil); res.Status != 200 {
				t.Fatalf("%s: out-of-range numbers are clamped, not refused: %d %s", path, res.Status, res.Body)
			}
		}
		// Nothing half-written: still exactly one question and no answers.
		l := env.API(t, "GET", "/questions", "", nil).Map(t)
		if l["total"].(float64) != 1 {
			t.Fatalf("bad input changed the data: %v", l)
		}
	})
}

// TestJSONErrorsNameTheField checks a body of the wrong shape is refused in
// words a person can act on: the field, and the kind of value it takes.
func TestJSONErrorsNameTheField(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	for _, ct := range []string{"application/jsonfoo", "text/plain", ""} { // "": a body with no type
		if r := env.Request(t, "POST", "/api/v1/questions", tok, ct, strings.NewReader(`{}`)); r.Status != 400 {
			t.Errorf("Content-Type %s: %d", ct, r.Status)
		}
	}
	if r := env.Request(t, "POST", "/api/v1/questions", tok, "application/json; charset=utf-8", strings.NewReader(`{}`)); r.Status != 422 {
		t.Errorf("application/json with a charset: %d", r.Status)
	}
	for body, want := range map[string][2]string{
		`{"title": 5}`:                       {"title", "Expected a string."},
		`{"tags": "vpn"}`:                    {"tags", "Expected a list of strings."},
		`{"titel": "A misspelt field name"}`: {"titel", "There is no such field."},
		`{"title": "A question title that is long enough", "Title": "x"}`:                          {"Title", "There is no such field."},
		`{"TITLE": "A question title that is long enough"}`:                                        {"TITLE", "There is no such field."},
		`{"title": "A question title that is long enough", "title": "Another title, given again"}`: {"title", "This field is given twice."},
		`{"body": "x", "ZZZ": 1, "AAA": 2}`:                                                        {"ZZZ", "There is no such field."},
	} {
		r := env.Request(t, "POST", "/api/v1/questions", tok, "application/json", strings.NewReader(body))
		var e struct {
			Error struct {
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		r.JSON(t, &e)
		if r.Status != 422 || e.Error.Fields[want[0]] != want[1] {
			t.Errorf("%s: %d %s, want %s: %q", body, r.Status, r.Body, want[0], want[1])
		}
	}
}

// TestJSONErrorsNameEveryField checks every field with a value of the wrong
// kind gets its message in the one answer (not only the first), nested ones
// by their path, together with the fields the endpoint does not have; and
// that nothing is written.
func TestJSONErrorsNameEveryField(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	sess := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "vpn drops"}).Map(t)
	for _, c := range []struct {
		path, body string
		want       map[string]string
	}{
		{"/questions", `{"title":5,"body":6,"tags":"vpn"}`, map[string]string{
			"title": "Expected a string.", "body": "Expected a string.", "tags": "Expected a list of strings."}},
		{"/questions", `{"tags":[1],"title":true,"body":"A body that is long enough to pass."}`, map[string]string{
			"title": "Expected a string.", "tags": "Expected a string."}},
		{"/questions", `{"titel":"x","title":5,"bdy":"y"}`, map[string]string{
			"titel": "There is no such field.", "bdy": "There is no such field.", "title": "Expected a string."}},
		{fmt.Sprintf("/help-sessions/%v/outcome", sess["id"]),
			`{"outcome":1,"ticket":{"subject":2,"body":["x"],"consent_publish":"yes","email":"a@example.com"}}`, map[string]string{
				"outcome": "Expected a string.", "ticket.subject": "Expected a string.", "ticket.body": "Expected a string.",
				"ticket.consent_publish": "Expected true or false."}},
		{fmt.Sprintf("/help-sessions/%v/outcome", sess["id"]), `{"outcome":"ticket","ticket":7}`, map[string]string{
			"ticket": "Expected an object."}},
	} {
		r := env.Request(t, "POST", "/api/v1"+c.path, tok, "application/json", strings.NewReader(c.body))
		var e struct {
			Error struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		r.JSON(t, &e)
		if r.Status != 422 || e.Error.Code != "invalid" || !maps.Equal(e.Error.Fields, c.want) {
			t.Errorf("%s %s: %d %s, want 422 invalid with %v", c.path, c.body, r.Status, r.Body, c.want)
		}
	}
	if l := env.API(t, "GET", "/questions", "", nil).Map(t); l["total"].(float64) != 0 {
		t.Fatalf("bad input wrote a question: %v", l)
	}
	if s := env.API(t, "GET", fmt.Sprintf("/help-sessions/%v", sess["id"]), tok, nil).Map(t); s["outcome"] != nil {
		t.Fatalf("bad input ended the session: %v", s)
	}
}
