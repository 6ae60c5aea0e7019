package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
	"stackdesk/internal/text"
)

// TestSuggestedEditsAPI: a member below the edit privilege suggests an edit
// with POST (PATCH stays refused), the author reviews it from their queue;
// an approval saves it as a revision credited to the member, the rules of
// who reviews hold, and errors are precise.
func TestSuggestedEditsAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		bobID, bob := env.SignUp(t, "bob")
		_, cyd := env.SignUp(t, "cyd")
		qid := env.Ask(t, ada, "Outlook asks for the password again and again", "outlook")
		q := itoa(qid)
		body := "Since this morning this does not work at all. Outlook 365 on Windows 11 prompts every five minutes."
		if res := env.API(t, "PATCH", "/questions/"+q, bob, map[string]any{"body": body}); res.Status != http.StatusForbidden {
			t.Fatalf("bob's PATCH: %d", res.Status)
		}
		if res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", ada, map[string]any{"body": body}); res.Status != http.StatusConflict || res.ErrorCode() != "conflict" {
			t.Fatalf("author's suggestion: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", bob, map[string]any{"body": "short"}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short suggestion: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/posts/999999/suggested-edits", bob, map[string]any{"body": body}); res.Status != http.StatusNotFound {
			t.Fatalf("suggestion of no post: %d", res.Status)
		}
		if res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", "", map[string]any{"body": body}); res.Status != http.StatusUnauthorized {
			t.Fatalf("anonymous suggestion: %d", res.Status)
		}
		res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", bob, map[string]any{"body": body, "tags": []string{"outlook", "windows-11"}, "comment": "versions", "revision": 1})
		if res.Status != http.StatusCreated {
			t.Fatalf("suggest: %d %s", res.Status, res.Body)
		}
		var sug struct {
			ID      int64
			Status  string
			Body    string
			Tags    []string
			OldTags []string `json:"old_tags"`
			Author  struct{ ID int64 }
			URL     string
		}
		res.JSON(t, &sug)
		if sug.Status != "pending" || sug.Body != body || strings.Join(sug.Tags, " ") != "outlook windows-11" || strings.Join(sug.OldTags, " ") != "outlook" || sug.Author.ID != bobID || sug.URL != "/suggested-edits/"+itoa(sug.ID) {
			t.Fatalf("suggestion = %+v", sug)
		}
		s := itoa(sug.ID)
		if got := env.API(t, "GET", "/suggested-edits/"+s, "", nil); got.Status != http.StatusOK || got.Map(t)["status"] != "pending" {
			t.Fatalf("read: %d %s", got.Status, got.Body)
		}
		// Queues: the author's holds it; bob's own and cyd's (reputation 1) do not.
		for who, tok := range map[string]string{"ada": ada, "bob": bob, "cyd": cyd} {
			want := 0.0
			if who == "ada" {
				want = 1
			}
			if got := env.API(t, "GET", "/suggested-edits", tok, nil).Map(t)["total"]; got != want {
				t.Errorf("%s's queue total = %v, want %v", who, got, want)
			}
		}
		if res := env.API(t, "POST", "/suggested-edits/"+s+"/approve", cyd, nil); res.Status != http.StatusForbidden {
			t.Fatalf("cyd's approval: %d", res.Status)
		}
		if res := env.API(t, "POST", "/suggested-edits/"+s+"/reject", ada, map[string]string{"reason": "dislike"}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad reason: %d", res.Status)
		}
		res = env.API(t, "POST", "/suggested-edits/"+s+"/approve", ada, nil)
		if res.Status != http.StatusOK || res.Map(t)["status"] != "approved" || res.Map(t)["revision"] != 2.0 {
			t.Fatalf("approve: %d %s", res.Status, res.Body)
		}
		question := env.API(t, "GET", "/questions/"+q, "", nil).Map(t)
		if question["body"] != body || fmt.Sprint(question["tags"]) != "[outlook windows-11]" {
			t.Fatalf("question after approval: %v", question)
		}
		if res := env.API(t, "POST", "/suggested-edits/"+s+"/approve", ada, nil); res.Status != http.StatusConflict {
			t.Fatalf("second approval: %d", res.Status)
		}
		// Reviewed already: a conflict, whatever the reason given.
		for _, reason := range []string{"dislike", "no_improvement"} {
			if res := env.API(t, "POST", "/suggested-edits/"+s+"/reject", ada, map[string]string{"reason": reason}); res.Status != http.StatusConflict || res.ErrorCode() != "conflict" {
				t.Fatalf("rejection (%s) of an approved edit: %d %s", reason, res.Status, res.Body)
			}
		}
		if res := env.API(t, "GET", "/suggested-edits/999999", "", nil); res.Status != http.StatusNotFound {
			t.Fatalf("no such suggestion: %d", res.Status)
		}
		// Withdrawn by its author alone.
		res = env.API(t, "POST", "/posts/"+q+"/suggested-edits", bob, map[string]any{"body": body + " Also on Outlook for Mac."})
		if res.Status != http.StatusCreated {
			t.Fatalf("second suggestion: %d %s", res.Status, res.Body)
		}
		s = itoa(int64(res.Map(t)["id"].(float64)))
		if res := env.API(t, "POST", "/suggested-edits/"+s+"/withdraw", cyd, nil); res.Status != http.StatusForbidden {
			t.Fatalf("cyd withdraws bob's: %d", res.Status)
		}
		if res := env.API(t, "POST", "/suggested-edits/"+s+"/withdraw", bob, nil); res.Status != http.StatusOK || res.Map(t)["status"] != "withdrawn" {
			t.Fatalf("withdraw: %d %s", res.Status, res.Body)
		}
	})
}

// TestBadInputCorporaInSuggestedEdits: every payload of the bad-input
// corpora as a suggested edit's comment and a rejection's note is stored
// intact or refused with a JSON 4xx, and the suggestion's page shows the
// stored ones harmlessly.
func TestBadInputCorporaInSuggestedEdits(t *testing.T) {
	payloads := corpus(t)
	dialects(t, func(t *testing.T, d store.Dialect) {
		env := testkit.Boot(t, d)
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		q := itoa(env.Ask(t, ada, "A question to improve with bad input", "badinput"))
		stored, refused := 0, 0
		for i, p := range payloads {
			if i%4 != 0 && (d == store.Postgres || i%2 != 0) && utf8.ValidString(p) && !text.HasControl(p, false) {
				continue
			}
			body := fmt.Sprintf("Since this morning this does not work at all. Attempt number %d.", i)
			res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", bob, map[string]any{"body": body, "comment": p})
			if res.Status != http.StatusCreated {
				if res.Status < 400 || res.Status >= 500 || res.ErrorCode() == "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
					t.Fatalf("payload %d %q as a comment: %d %.300s", i, p, res.Status, res.Body)
				}
				refused++
				continue
			}
			stored++
			got := res.Map(t)
			if want := strings.TrimSpace(asSent(t, p)); got["comment"] != want {
				t.Fatalf("payload %d: comment %q came back as %q", i, want, got["comment"])
			}
			s := itoa(int64(got["id"].(float64)))
			res = env.API(t, "POST", "/suggested-edits/"+s+"/reject", ada, map[string]string{"reason": "no_improvement", "note": p})
			switch {
			case res.Status == http.StatusOK:
				if want := strings.TrimSpace(asSent(t, p)); res.Map(t)["reject_note"] != want && want != "" {
					t.Fatalf("payload %d: note %q came back as %q", i, want, res.Map(t)["reject_note"])
				}
			case res.Status >= 400 && res.Status < 500 && res.ErrorCode() != "":
				refused++
				if res := env.API(t, "POST", "/suggested-edits/"+s+"/reject", ada, map[string]string{"reason": "no_improvement"}); res.Status != http.StatusOK {
					t.Fatalf("payload %d: plain rejection: %d %s", i, res.Status, res.Body)
				}
			default:
				t.Fatalf("payload %d %q as a note: %d %.300s", i, p, res.Status, res.Body)
			}
			if stored%10 == 1 {
				page := env.Request(t, "GET", "/suggested-edits/"+s, bob, "", nil)
				if page.Status != http.StatusOK {
					t.Fatalf("payload %d: page %d", i, page.Status)
				}
				safeHTML(t, fmt.Sprintf("suggestion with payload %d", i), page.Body, true)
			}
		}
		t.Logf("suggested edits: %d comments stored intact, %d inputs refused", stored, refused)
		if stored < refused {
			t.Fatalf("only %d of %d comments stored: too much is refused", stored, stored+refused)
		}
	})
}

// TestSuggestionNotificationsLeadToTheirSuggestion: each notice of an
// approved, closed (by a direct edit) or rejected suggestion leads to that suggestion, not to the member's latest one for
// the post.
func TestSuggestionNotificationsLeadToTheirSuggestion(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		q := itoa(env.Ask(t, ada, "Docking station does not detect the second monitor", "docking"))
		suggest := func(body string) string {
			t.Helper()
			res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", bob, map[string]any{"body": body, "comment": "clarify"})
			if res.Status != http.StatusCreated {
				t.Fatalf("suggest: %d %s", res.Status, res.Body)
			}
			return itoa(int64(res.Map(t)["id"].(float64)))
		}
		approved := suggest("The docking station finds only one of my two monitors since the firmware update of Monday.")
		if res := env.API(t, "POST", "/suggested-edits/"+approved+"/approve", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("approve: %d %s", res.Status, res.Body)
		}
		closed := suggest("The docking station finds only one of my two monitors since the firmware update of Monday morning.")
		if res := env.API(t, "PATCH", "/questions/"+q, ada, map[string]any{"body": "The dock sees one monitor of two since the firmware update on Monday."}); res.Status != http.StatusOK {
			t.Fatalf("direct edit: %d %s", res.Status, res.Body)
		}
		rejected := suggest("The dock sees one monitor of two since the firmware update on Monday, over USB-C.")
		if res := env.API(t, "POST", "/suggested-edits/"+rejected+"/reject", ada, map[string]string{"reason": "no_improvement"}); res.Status != http.StatusOK {
			t.Fatalf("reject: %d %s", res.Status, res.Body)
		}
		var inbox struct {
			Items []struct {
				Type, URL, Text string
			}
		}
		env.API(t, "GET", "/notifications", bob, nil).JSON(t, &inbox)
		want := []string{"edit_rejected /suggested-edits/" + rejected,
			"edit_closed /suggested-edits/" + closed, "edit_approved /suggested-edits/" + approved}
		var got []string
		for _, it := range inbox.Items {
			if strings.HasPrefix(it.Type, "edit_") {
				got = append(got, it.Type+" "+it.URL)
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("bob's notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
