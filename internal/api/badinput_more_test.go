package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
	"stackdesk/internal/text"
)

const missingID = "987654321"

// refused fails unless res is a clean client error: the given status, the
// given error code, and a JSON body.
func refused(t *testing.T, what string, res *testkit.Response, status int, code string) {
	t.Helper()
	if res.Status != status || res.ErrorCode() != code {
		t.Fatalf("%s: got %d %.300s, want %d %s", what, res.Status, res.Body, status, code)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%s: content type %q", what, res.Header.Get("Content-Type"))
	}
}

// fieldNames returns the sorted keys of error.fields of a 422 body.
func fieldNames(t *testing.T, res *testkit.Response) []string {
	t.Helper()
	var e struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	res.JSON(t, &e)
	var out []string
	for k, msg := range e.Error.Fields {
		if strings.TrimSpace(msg) == "" {
			t.Fatalf("field %s has no message: %s", k, res.Body)
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// wantFields fails unless res is a 422 naming exactly the given fields.
func wantFields(t *testing.T, what string, res *testkit.Response, fields ...string) {
	t.Helper()
	refused(t, what, res, http.StatusUnprocessableEntity, "invalid")
	sort.Strings(fields)
	if got := fieldNames(t, res); !slices.Equal(got, fields) {
		t.Fatalf("%s: error.fields names %v, want %v (%s)", what, got, fields, res.Body)
	}
}

func getMap(t *testing.T, env *testkit.Env, path, token string) map[string]any {
	t.Helper()
	res := env.API(t, "GET", path, token, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.Status, res.Body)
	}
	return res.Map(t)
}

func total(t *testing.T, env *testkit.Env, path string) int {
	t.Helper()
	return int(getMap(t, env, path, "")["total"].(float64))
}

func TestMissingPostsAre404(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		q := itoa(env.Ask(t, ada, "Printer prints blank pages"))
		a := itoa(env.Answer(t, ada, env.Ask(t, ada, "Scanner sends empty e-mails"), answerBody))
		gone := env.Ask(t, ada, "A question that will be deleted")
		for range 2 { // a retry finds it deleted and is no error, to its author
			if res := env.API(t, "DELETE", "/questions/"+itoa(gone), ada, nil); res.Status != http.StatusNoContent {
				t.Fatalf("delete: %d %s", res.Status, res.Body)
			}
		}
		_, bob := env.SignUp(t, "bob")
		refused(t, "DELETE of a deleted question by another", env.API(t, "DELETE", "/questions/"+itoa(gone), bob, nil), http.StatusNotFound, "not_found")
		edit := map[string]any{"title": "A new title that is valid enough", "body": answerBody}
		for _, id := range []string{missingID, itoa(gone)} {
			for _, c := range []struct {
				method, path string
				body         any
			}{
				{"PATCH", "/questions/" + id, edit},
				{"PATCH", "/answers/" + id, map[string]any{"body": answerBody}},
				{"DELETE", "/answers/" + id, nil},
				{"GET", "/posts/" + id + "/revisions", nil},
				{"GET", "/posts/" + id + "/comments", nil},
				{"GET", "/questions/" + id + "/answers", nil},
			} {
				refused(t, c.method+" "+c.path, env.API(t, c.method, c.path, ada, c.body), http.StatusNotFound, "not_found")
			}
		}
		refused(t, "DELETE of a missing question", env.API(t, "DELETE", "/questions/"+missingID, ada, nil), http.StatusNotFound, "not_found")
		// An id of the other post type is unknown too, and nothing is changed or deleted through it.
		refused(t, "PATCH answer as question", env.API(t, "PATCH", "/questions/"+a, ada, edit), http.StatusNotFound, "not_found")
		refused(t, "DELETE answer as question", env.API(t, "DELETE", "/questions/"+a, ada, nil), http.StatusNotFound, "not_found")
		refused(t, "PATCH question as answer", env.API(t, "PATCH", "/answers/"+q, ada, map[string]any{"body": answerBody}), http.StatusNotFound, "not_found")
		refused(t, "DELETE question as answer", env.API(t, "DELETE", "/answers/"+q, ada, nil), http.StatusNotFound, "not_found")
		refused(t, "answers of an answer", env.API(t, "GET", "/questions/"+a+"/answers", "", nil), http.StatusNotFound, "not_found")
		if got := getMap(t, env, "/questions/"+q, ""); got["title"] != "Printer prints blank pages" {
			t.Fatalf("question changed through a wrong-type request: %v", got)
		}
		if got := getMap(t, env, "/answers/"+a, ""); got["body"] != answerBody {
			t.Fatalf("answer changed through a wrong-type request: %v", got)
		}
		if n := total(t, env, "/posts/"+q+"/revisions"); n != 1 {
			t.Fatalf("question has %d revisions", n)
		}
	})
}

func TestEditAndDeleteWithoutCredentialsAre401(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		qid := env.Ask(t, ada, "Printer prints blank pages")
		q, a := itoa(qid), itoa(env.Answer(t, ada, qid, answerBody))
		for _, token := range []string{"", "sdk_not-a-real-token"} {
			for _, c := range []struct {
				method, path string
				body         any
			}{
				{"PATCH", "/questions/" + q, map[string]any{"title": "A title set without credentials"}},
				{"DELETE", "/questions/" + q, nil},
				{"PATCH", "/answers/" + a, map[string]any{"body": answerBody + " Changed without credentials."}},
				{"DELETE", "/answers/" + a, nil},
			} {
				refused(t, fmt.Sprintf("%s %s with token %q", c.method, c.path, token), env.API(t, c.method, c.path, token, c.body), http.StatusUnauthorized, "unauthorized")
			}
		}
		if got := getMap(t, env, "/questions/"+q, ""); got["title"] != "Printer prints blank pages" || got["answer_count"].(float64) != 1 {
			t.Fatalf("question changed: %v", got)
		}
		if got := getMap(t, env, "/answers/"+a, ""); got["body"] != answerBody {
			t.Fatalf("answer changed: %v", got)
		}
		if n := total(t, env, "/posts/"+q+"/revisions") + total(t, env, "/posts/"+a+"/revisions"); n != 2 {
			t.Fatalf("%d revisions, want 2", n)
		}
	})
}

func TestOthersAnswerIs403BelowEditPrivilege(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		bobID, bob := env.SignUp(t, "bob")
		a := itoa(env.Answer(t, ada, env.Ask(t, ada, "Printer prints blank pages"), answerBody))
		setRep := func(rep int) {
			t.Helper()
			if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", bobID).Update("reputation", rep).Error; err != nil {
				t.Fatal(err)
			}
		}
		edit := map[string]any{"body": answerBody + " Edited by bob."}
		for _, rep := range []int{1, 499} {
			setRep(rep)
			res := env.API(t, "PATCH", "/answers/"+a, bob, edit)
			refused(t, fmt.Sprintf("edit with reputation %d", rep), res, http.StatusForbidden, "forbidden")
			if msg := res.Map(t)["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "500") {
				t.Fatalf("message does not name the privilege threshold: %q", msg)
			}
			refused(t, fmt.Sprintf("delete with reputation %d", rep), env.API(t, "DELETE", "/answers/"+a, bob, nil), http.StatusForbidden, "forbidden")
			if got := getMap(t, env, "/answers/"+a, ""); got["body"] != answerBody {
				t.Fatalf("answer changed by a refused edit: %v", got)
			}
			if n := total(t, env, "/posts/"+a+"/revisions"); n != 1 {
				t.Fatalf("refused edit left %d revisions", n)
			}
		}
		// At the threshold the same edit goes through, so the 403 was the
		// privilege; deleting stays the author's (and moderators') right.
		setRep(500)
		if res := env.API(t, "PATCH", "/answers/"+a, bob, edit); res.Status != http.StatusOK || res.Map(t)["body"] != edit["body"] {
			t.Fatalf("edit at the threshold: %d %s", res.Status, res.Body)
		}
		refused(t, "delete at 500", env.API(t, "DELETE", "/answers/"+a, bob, nil), http.StatusForbidden, "forbidden")
		if res := env.API(t, "GET", "/answers/"+a, "", nil); res.Status != http.StatusOK {
			t.Fatalf("answer gone after refused delete: %d", res.Status)
		}
	})
}

// TestBodiesOver1MiBAre413 sends bodies just over 1 MiB, once with a
// Content-Length and once chunked (so that the limit is hit while reading).
func TestBodiesOver1MiBAre413(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		qid := env.Ask(t, ada, "Printer prints blank pages")
		q, a := itoa(qid), itoa(env.Answer(t, ada, qid, answerBody))
		before := getMap(t, env, "/questions/"+q, "")
		huge := `{"body":"` + strings.Repeat("x", 1<<20) + `"}`
		for _, path := range []string{"PATCH /questions/" + q, "PATCH /answers/" + a, "POST /questions/" + q + "/answers", "POST /posts/" + q + "/comments"} {
			method, p, _ := strings.Cut(path, " ")
			refused(t, path+" with length", env.Request(t, method, "/api/v1"+p, ada, "application/json", strings.NewReader(huge)), http.StatusRequestEntityTooLarge, "too_large")
			chunked := io.MultiReader(strings.NewReader(huge)) // no length known: sent chunked
			refused(t, path+" chunked", env.Request(t, method, "/api/v1"+p, ada, "application/json", chunked), http.StatusRequestEntityTooLarge, "too_large")
		}
		// Just under the limit the body is read and judged: too long for the field.
		under := `{"body":"` + strings.Repeat("x", 1<<20-100) + `"}`
		wantFields(t, "PATCH just under 1 MiB", env.Request(t, "PATCH", "/api/v1/questions/"+q, ada, "application/json", strings.NewReader(under)), "body")
		wantFields(t, "comment just under 1 MiB", env.Request(t, "POST", "/api/v1/posts/"+q+"/comments", ada, "application/json", strings.NewReader(under)), "body")
		// Nothing was written.
		after := getMap(t, env, "/questions/"+q, "")
		for _, k := range []string{"title", "body", "answer_count", "comment_count"} {
			if fmt.Sprint(after[k]) != fmt.Sprint(before[k]) {
				t.Fatalf("%s changed: %v → %v", k, before[k], after[k])
			}
		}
		if got := getMap(t, env, "/answers/"+a, ""); got["body"] != answerBody {
			t.Fatalf("answer changed: %v", got["body"])
		}
		if n := total(t, env, "/posts/"+q+"/comments") + total(t, env, "/posts/"+q+"/revisions") + total(t, env, "/questions/"+q+"/answers"); n != 2 {
			t.Fatalf("comments+revisions+answers = %d, want 0+1+1", n)
		}
	})
}

func TestQuestionValidationNamesEachField(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		const title, body = "Printer prints blank pages", "Since this morning every page comes out blank."
		tags := []string{"printer"}
		for _, c := range []struct {
			name   string
			in     map[string]any
			fields []string
		}{
			{"short title", map[string]any{"title": "Printer?", "body": body, "tags": tags}, []string{"title"}},
			{"long title", map[string]any{"title": strings.Repeat("t", 151), "body": body, "tags": tags}, []string{"title"}},
			{"blank title", map[string]any{"title": "                    ", "body": body, "tags": tags}, []string{"title"}},
			{"short body", map[string]any{"title": title, "body": "Blank pages.", "tags": tags}, []string{"body"}},
			{"long body", map[string]any{"title": title, "body": strings.Repeat("b", 30001), "tags": tags}, []string{"body"}},
			{"no tags", map[string]any{"title": title, "body": body, "tags": []string{}}, []string{"tags"}},
			{"tags missing", map[string]any{"title": title, "body": body}, []string{"tags"}},
			{"six tags", map[string]any{"title": title, "body": body, "tags": []string{"a", "b", "c", "d", "e", "f"}}, []string{"tags"}},
			{"bad tag", map[string]any{"title": title, "body": body, "tags": []string{"printer", "no spaces"}}, []string{"tags"}},
			{"everything", map[string]any{"title": "short", "body": "short", "tags": []string{}}, []string{"title", "body", "tags"}},
			{"nothing", map[string]any{}, []string{"title", "body", "tags"}},
		} {
			wantFields(t, c.name, env.API(t, "POST", "/questions", ada, c.in), c.fields...)
		}
		if n := total(t, env, "/questions"); n != 0 {
			t.Fatalf("%d questions stored from invalid input", n)
		}
		// The same on edit: each invalid field named, nothing changed.
		q := itoa(env.Ask(t, ada, title, "printer"))
		wantFields(t, "edit", env.API(t, "PATCH", "/questions/"+q, ada, map[string]any{"title": "short", "body": "short", "tags": []string{"a b"}}), "title", "body", "tags")
		wantFields(t, "edit title", env.API(t, "PATCH", "/questions/"+q, ada, map[string]any{"title": "short"}), "title")
		wantFields(t, "edit comment", env.API(t, "PATCH", "/questions/"+q, ada, map[string]any{"title": "Printer prints only blank pages", "comment": strings.Repeat("c", 301)}), "comment")
		if got := getMap(t, env, "/questions/"+q, ""); got["title"] != title {
			t.Fatalf("refused edit changed the title: %v", got["title"])
		}
	})
}

func TestCommentLengthIsChecked(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		qid := env.Ask(t, ada, "Printer prints blank pages")
		aid := env.Answer(t, ada, qid, answerBody)
		for _, post := range []int64{qid, aid} {
			path := "/posts/" + itoa(post) + "/comments"
			for name, body := range map[string]string{
				"14 characters":           strings.Repeat("c", 14),
				"14 characters padded":    "   " + strings.Repeat("c", 14) + "   ",
				"14 two-byte characters":  strings.Repeat("ä", 14), // 28 bytes
				"601 characters":          strings.Repeat("c", 601),
				"601 two-byte characters": strings.Repeat("ä", 601),
				"control character":       "A comment with a bell \a in it.",
				"only white space":        strings.Repeat(" ", 40),
			} {
				wantFields(t, name, env.API(t, "POST", path, ada, map[string]string{"body": body}), "body")
			}
			if n := total(t, env, path); n != 0 {
				t.Fatalf("%d comments stored from invalid input", n)
			}
			// The bounds themselves are allowed, counted in characters.
			for _, body := range []string{strings.Repeat("c", 15), strings.Repeat("ä", 600)} {
				res := env.API(t, "POST", path, ada, map[string]string{"body": body})
				if res.Status != http.StatusCreated || res.Map(t)["body"] != body {
					t.Fatalf("comment of %d characters: %d %.200s", utf8.RuneCountInString(body), res.Status, res.Body)
				}
			}
			if n := total(t, env, path); n != 2 {
				t.Fatalf("%d comments, want 2", n)
			}
		}
	})
}

func TestTokensAreStoredHashed(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		env.SignUp(t, "ada") // also makes a token of its own
		newToken := func() (int64, string) {
			t.Helper()
			res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "correct horse battery", "name": "laptop"})
			if res.Status != http.StatusCreated {
				t.Fatalf("token: %d %s", res.Status, res.Body)
			}
			var tok struct {
				ID    int64
				Token string
			}
			res.JSON(t, &tok)
			if !strings.HasPrefix(tok.Token, auth.TokenPrefix) || len(tok.Token) < len(auth.TokenPrefix)+20 {
				t.Fatalf("token %q", tok.Token)
			}
			return tok.ID, tok.Token
		}
		id1, tok1 := newToken()
		_, tok2 := newToken()
		var rows []map[string]any
		if err := env.App.Store.DB.Table("api_tokens").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("%d token rows, want 3", len(rows))
		}
		for _, row := range rows {
			if h := fmt.Sprint(row["token_hash"]); h == "" || h == "<nil>" {
				t.Fatalf("token row without a hash: %v", row)
			}
			for col, v := range row {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				for _, tok := range []string{tok1, tok2} {
					if secret := strings.TrimPrefix(tok, auth.TokenPrefix); strings.Contains(s, secret) {
						t.Fatalf("api_tokens.%s holds the token in clear text: %q", col, s)
					}
				}
			}
		}
		// The secret is shown once: the list does not repeat it.
		if l := env.API(t, "GET", "/tokens", tok1, nil); l.Status != http.StatusOK || strings.Contains(string(l.Body), strings.TrimPrefix(tok1, auth.TokenPrefix)) {
			t.Fatalf("token list: %d %s", l.Status, l.Body)
		}
		me := func(tok string) int { return env.API(t, "GET", "/me", tok, nil).Status }
		if me(tok1) != http.StatusOK || me(tok2) != http.StatusOK {
			t.Fatal("fresh tokens do not work")
		}
		// Someone else cannot revoke it.
		_, bob := env.SignUp(t, "bob")
		refused(t, "revoke another user's token", env.API(t, "DELETE", "/tokens/"+itoa(id1), bob, nil), http.StatusNotFound, "not_found")
		if me(tok1) != http.StatusOK {
			t.Fatal("token stopped working after another user's revoke attempt")
		}
		// Revoked with the other token: only the revoked one stops working.
		if res := env.API(t, "DELETE", "/tokens/"+itoa(id1), tok2, nil); res.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", res.Status, res.Body)
		}
		refused(t, "revoked token", env.API(t, "GET", "/me", tok1, nil), http.StatusUnauthorized, "unauthorized")
		refused(t, "revoked token writes", env.API(t, "POST", "/questions", tok1, map[string]any{"title": "Written with a revoked token", "body": answerBody, "tags": []string{"x"}}), http.StatusUnauthorized, "unauthorized")
		if me(tok2) != http.StatusOK {
			t.Fatal("revoking one token broke another")
		}
		var l struct{ Items []map[string]any }
		env.API(t, "GET", "/tokens", tok2, nil).JSON(t, &l)
		if len(l.Items) != 3 {
			t.Fatalf("token list: %v", l.Items)
		}
		for _, r := range l.Items {
			if id := int64(r["id"].(float64)); r["revoked"] != (id == id1) {
				t.Fatalf("token %d revoked = %v (revoked %d)", id, r["revoked"], id1)
			}
			if _, ok := r["token"]; ok {
				t.Fatalf("token list shows a secret: %v", r)
			}
		}
		if total(t, env, "/questions") != 0 {
			t.Fatal("a revoked token wrote a question")
		}
	})
}

func TestEmailOnlyForTheUserAndAdmins(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		token := func(name, role string) string {
			t.Helper()
			if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse battery"}, role); err != nil {
				t.Fatal(err)
			}
			res := env.API(t, "POST", "/tokens", "", map[string]string{"username": name, "password": "correct horse battery"})
			if res.Status != http.StatusCreated {
				t.Fatalf("token: %d %s", res.Status, res.Body)
			}
			return res.Map(t)["token"].(string)
		}
		admin := token("root", store.RoleAdmin)
		mod := token("mod", store.RoleModerator)
		analyst := token("ana", store.RoleAnalyst)
		path := "/users/" + itoa(adaID)
		for who, tok := range map[string]string{"ada": ada, "admin": admin} {
			if got := getMap(t, env, path, tok)["email"]; got != "ada@example.com" {
				t.Errorf("%s sees e-mail %v, want ada@example.com", who, got)
			}
		}
		for who, tok := range map[string]string{"bob": bob, "moderator": mod, "analyst": analyst, "anonymous": ""} {
			if res := env.API(t, "GET", path, tok, nil); res.Status != http.StatusOK || strings.Contains(string(res.Body), "ada@example.com") {
				t.Errorf("%s: %d %s", who, res.Status, res.Body)
			}
		}
		// In the user list: everyone's for admins, only one's own for others.
		emails := func(tok string) map[string]any {
			t.Helper()
			var l struct{ Items []map[string]any }
			env.API(t, "GET", "/users?page_size=100", tok, nil).JSON(t, &l)
			out := map[string]any{}
			for _, u := range l.Items {
				if e, ok := u["email"]; ok {
					out[u["username"].(string)] = e
				}
			}
			return out
		}
		if got := emails(admin); len(got) != 5 || got["ada"] != "ada@example.com" || got["bob"] != "bob@example.com" {
			t.Errorf("admin's user list e-mails = %v", got)
		}
		if got := emails(bob); len(got) != 1 || got["bob"] != "bob@example.com" {
			t.Errorf("bob's user list e-mails = %v", got)
		}
		if got := emails(""); len(got) != 0 {
			t.Errorf("anonymous user list e-mails = %v", got)
		}
		// Nor anywhere on posts.
		q := itoa(env.Ask(t, ada, "Printer prints blank pages"))
		for _, p := range []string{"/questions/" + q, "/questions", "/questions/" + q + "/answers"} {
			if res := env.API(t, "GET", p, bob, nil); strings.Contains(string(res.Body), "@example.com") {
				t.Errorf("%s shows an e-mail: %s", p, res.Body)
			}
		}
	})
}

// TestBadInputCorporaInAnswersEditsAndSignUp sends every bad-input payload as
// an answer body, a question title and body edit, an answer body edit, an edit
// comment, a username and a display name: each is refused with a 4xx JSON
// error or stored exactly as sent (titles, edit comments, names without
// surrounding space; usernames lower-cased), and every page that shows it is
// free of foreign scripts, event handlers and dangerous URLs. PostgreSQL gets
// the payloads that could trouble a database and a quarter of the rest.
func TestBadInputCorporaInAnswersEditsAndSignUp(t *testing.T) {
	payloads := corpus(t)
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		type tally struct{ stored, refused int }
		counts := map[string]*tally{}
		// try sends one write and sorts the answer: stored (returned), refused, or a failure.
		try := func(place string, i int, method, path string, body any) map[string]any {
			t.Helper()
			res := env.API(t, method, path, tok, body)
			if counts[place] == nil {
				counts[place] = &tally{}
			}
			switch {
			case res.Status == http.StatusOK || res.Status == http.StatusCreated:
				counts[place].stored++
				return res.Map(t)
			case res.Status >= 400 && res.Status < 500 && res.ErrorCode() != "" &&
				strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"):
				counts[place].refused++
				return nil
			}
			t.Fatalf("%s payload %d %q: %d %.300s", place, i, payloads[i], res.Status, res.Body)
			return nil
		}
		var q, a, title string
		posts := 0
		fresh := func() {
			posts++
			title = fmt.Sprintf("Bad input question number %d", posts)
			qid := env.Ask(t, tok, title)
			q, a = itoa(qid), itoa(env.Answer(t, tok, qid, answerBody))
		}
		// look renders the pages that show what was stored on the current posts.
		look := func() {
			t.Helper()
			checkPage(t, env, "/questions/"+q, title)
			for _, id := range []string{q, a} {
				safePage(t, env, "/posts/"+id+"/revisions")
			}
		}
		fresh()
		ran := 0
		for i, p := range payloads {
			if env.App.Store.Dialect == store.Postgres && i%4 != 0 && utf8.ValidString(p) && !text.HasControl(p, false) {
				continue
			}
			if ran > 0 && ran%25 == 0 { // keep revision lists and pages short
				look()
				fresh()
			}
			ran++
			sent := asSent(t, p)

			// An answer: read back from the database, body_html safe.
			body := "Answer with bad input follows: " + p
			if got := try("answer", i, "POST", "/questions/"+q+"/answers", map[string]string{"body": body}); got != nil {
				back := getMap(t, env, "/answers/"+itoa(int64(got["id"].(float64))), "")
				if back["body"] != asSent(t, body) {
					t.Fatalf("answer payload %d: %q read back as %q", i, asSent(t, body), back["body"])
				}
				safeFragment(t, fmt.Sprintf("answer %d body_html", i), back["body_html"].(string))
			}
			// Question edits: the title, then the body.
			edited := "Edited bad input " + p
			if got := try("question title edit", i, "PATCH", "/questions/"+q, map[string]any{"title": edited}); got != nil {
				if got["title"] != strings.TrimSpace(asSent(t, edited)) {
					t.Fatalf("title payload %d: %q read back as %q", i, asSent(t, edited), got["title"])
				}
				title = got["title"].(string)
			}
			body = "Edited question body with bad input: " + p
			if got := try("question body edit", i, "PATCH", "/questions/"+q, map[string]any{"body": body}); got != nil {
				if got["body"] != asSent(t, body) {
					t.Fatalf("question body payload %d: %q read back as %q", i, asSent(t, body), got["body"])
				}
				safeFragment(t, fmt.Sprintf("question %d body_html", i), got["body_html"].(string))
			}
			// An answer edit.
			body = "Edited answer body with bad input: " + p
			if got := try("answer body edit", i, "PATCH", "/answers/"+a, map[string]any{"body": body}); got != nil {
				if got["body"] != asSent(t, body) {
					t.Fatalf("answer body payload %d: %q read back as %q", i, asSent(t, body), got["body"])
				}
				safeFragment(t, fmt.Sprintf("answer edit %d body_html", i), got["body_html"].(string))
			}
			// An edit comment, on the question or the answer, with a body that surely changes.
			post, route := q, "/questions/"
			if i%2 == 1 {
				post, route = a, "/answers/"
			}
			plain := fmt.Sprintf("A plain body for the edit that carries payload %d as its comment.", i)
			if got := try("edit comment", i, "PATCH", route+post, map[string]any{"body": plain, "comment": p}); got != nil {
				var revs struct {
					Items []struct {
						Revision      int
						Comment, Body string
					}
				}
				env.API(t, "GET", "/posts/"+post+"/revisions", "", nil).JSON(t, &revs)
				newest := revs.Items[0]
				for _, r := range revs.Items {
					if r.Revision > newest.Revision {
						newest = r
					}
				}
				if newest.Body != plain || newest.Comment != strings.TrimSpace(sent) {
					t.Fatalf("edit comment payload %d: %q read back as %q (revision body %q)", i, strings.TrimSpace(sent), newest.Comment, newest.Body)
				}
			}
			// Sign-up: as the username, and as the display name.
			if got := try("username", i, "POST", "/users", map[string]string{"username": p, "email": fmt.Sprintf("un%d@example.com", i), "password": "correct horse battery"}); got != nil {
				want := strings.ToLower(strings.TrimSpace(sent))
				id := itoa(int64(got["id"].(float64)))
				if back := getMap(t, env, "/users/"+id, ""); back["username"] != want {
					t.Fatalf("username payload %d: %q read back as %q", i, want, back["username"])
				}
				userPage(t, env, id, "")
			}
			if got := try("display name", i, "POST", "/users", map[string]string{"username": fmt.Sprintf("dn%d", i), "email": fmt.Sprintf("dn%d@example.com", i), "password": "correct horse battery", "display_name": p}); got != nil {
				want := strings.TrimSpace(sent)
				if want == "" {
					want = fmt.Sprintf("dn%d", i)
				}
				id := itoa(int64(got["id"].(float64)))
				if back := getMap(t, env, "/users/"+id, ""); back["display_name"] != want {
					t.Fatalf("display name payload %d: %q read back as %q", i, want, back["display_name"])
				}
				userPage(t, env, id, want)
			}
		}
		look()
		t.Logf("%d of %d payloads sent (%s)", ran, len(payloads), env.App.Store.Dialect)
		for _, place := range []string{"answer", "question title edit", "question body edit", "answer body edit", "edit comment", "username", "display name"} {
			c := counts[place]
			t.Logf("%-20s %4d stored intact, %4d refused", place, c.stored, c.refused)
			// Usernames are a narrow pattern; everything else must mostly get through.
			if place != "username" && c.stored < c.refused {
				t.Errorf("%s: only %d of %d payloads stored: too much is refused", place, c.stored, c.stored+c.refused)
			}
		}
	})
}

// asSent returns s as the server receives it through JSON (invalid UTF-8
// becomes U+FFFD when encoded).
func asSent(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// userPage renders a user's page, checks it is safe and, when name is set,
// that its heading shows name as text.
func userPage(t *testing.T, env *testkit.Env, id, name string) {
	t.Helper()
	doc := safePage(t, env, "/users/"+id)
	if name == "" {
		return
	}
	var h1 *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if h1 == nil && n.Type == html.ElementNode && n.Data == "h1" {
			h1 = n
		}
		for c := n.FirstChild; c != nil && h1 == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if h1 == nil || nodeText(h1) != name {
		t.Fatalf("/users/%s: heading is not the display name %q", id, name)
	}
}

// safePage fetches a page and checks it with safeHTML.
func safePage(t *testing.T, env *testkit.Env, path string) *html.Node {
	t.Helper()
	res := env.Request(t, "GET", path, "", "", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("%s: %d", path, res.Status)
	}
	return safeHTML(t, path, res.Body, true)
}

// safeFragment checks rendered HTML of one post (no script of any kind).
func safeFragment(t *testing.T, where, s string) {
	t.Helper()
	safeHTML(t, where, []byte(s), false)
}

// urlAttrs are the attributes whose value a browser may load or navigate to.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "background": true, "srcset": true, "data": true, "ping": true, "lowsrc": true, "dynsrc": true, "cite": true}

// safeHTML checks HTML as a browser would read it: no <script but the site's
// own (none in a fragment), no on* handler attributes, no javascript:,
// vbscript: or data: URLs, no style or refresh that runs script, no frames or
// plugins. It returns the parsed document.
func safeHTML(t *testing.T, where string, b []byte, page bool) *html.Node {
	t.Helper()
	raw := strings.ToLower(string(b))
	for i := strings.Index(raw, "<script"); i >= 0; {
		if !page || !strings.HasPrefix(raw[i:], `<script src="/static/app.js`) {
			t.Fatalf("%s: <script in the HTML: %.120q", where, raw[i:])
		}
		j := strings.Index(raw[i+1:], "<script")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "frame", "object", "embed", "applet", "base":
				if !(page && n.Data == "script") {
					t.Fatalf("%s: <%s> element", where, n.Data)
				}
			}
			for _, at := range n.Attr {
				key := strings.ToLower(at.Key)
				// What a browser sees of a URL: case folded, white space and control characters dropped.
				val := strings.Map(func(r rune) rune {
					if r <= ' ' || r == 0x7f {
						return -1
					}
					return r
				}, strings.ToLower(at.Val))
				dangerous := strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:")
				switch {
				case strings.HasPrefix(key, "on"):
					t.Fatalf("%s: handler attribute %s=%q on <%s>", where, at.Key, at.Val, n.Data)
				case urlAttrs[key] && (dangerous || strings.Contains(val, ",javascript:")):
					t.Fatalf("%s: dangerous URL %s=%q on <%s>", where, at.Key, at.Val, n.Data)
				case key == "style" && (strings.Contains(val, "javascript:") || strings.Contains(val, "expression(")):
					t.Fatalf("%s: script in style=%q", where, at.Val)
				case n.Data == "meta" && key == "http-equiv" && strings.EqualFold(strings.TrimSpace(at.Val), "refresh"):
					t.Fatalf("%s: meta refresh", where)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return doc
}
