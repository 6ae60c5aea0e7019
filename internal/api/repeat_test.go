package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestSentAgainAnswers200: a question, answer, comment or ticket message sent again by its
// author within the repeat window (a retry, a second click) gives back the
// first one with the same body, but 200 OK rather than 201 Created, so a
// client can tell "created" from "already there"; something new is 201, and
// the OpenAPI document lists both.
func TestSentAgainAnswers200(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ben := env.SignUp(t, "ben")
		twice := func(what, path string, body map[string]any) *testkit.Response {
			t.Helper()
			first := env.API(t, "POST", path, ben, body)
			if first.Status != http.StatusCreated {
				t.Fatalf("%s: %d %s", what, first.Status, first.Body)
			}
			again := env.API(t, "POST", path, ben, body)
			if again.Status != http.StatusOK || !bytes.Equal(again.Body, first.Body) {
				t.Errorf("%s sent again: %d %s\nwant 200 with the first: %s", what, again.Status, again.Body, first.Body)
			}
			return first
		}
		q := twice("question", "/questions", map[string]any{"title": "Outlook calendar shows meetings one hour off",
			"body": "Since the clocks changed, all meetings show one hour later in Outlook.", "tags": []string{"outlook", "calendar"}})
		var got struct{ ID int64 }
		q.JSON(t, &got)
		a := twice("answer", "/questions/"+itoa(got.ID)+"/answers", map[string]any{"body": "Set the time zone in Outlook's calendar options to your own, then restart it."})
		var ans struct{ ID int64 }
		a.JSON(t, &ans)
		twice("comment", "/posts/"+itoa(ans.ID)+"/comments", map[string]any{"body": "That fixed it here too, thank you."})
		// A message on a ticket, by the employee who filed it, too.
		tid := fileTicket(t, env, ben, "Dock gives no picture", "Both screens stay black since Monday.")
		twice("ticket message", "/tickets/"+tid+"/messages", map[string]any{"body": "It is a Dell WD19, serial 7Q2X."})
		// Something else is created anew: 201.
		if res := env.API(t, "POST", "/posts/"+itoa(ans.ID)+"/comments", ben, map[string]any{"body": "Also check the Windows time zone."}); res.Status != http.StatusCreated {
			t.Errorf("a new comment: %d %s", res.Status, res.Body)
		}

		doc := string(env.API(t, "GET", "/openapi.json", "", nil).Body)
		for _, op := range []string{`"operationId":"post_questions"`, `"operationId":"post_questions_by_id_answers"`, `"operationId":"post_posts_by_id_comments"`, `"operationId":"post_tickets_by_id_messages"`} {
			if !strings.Contains(doc, op) {
				t.Fatalf("no %s in the OpenAPI document", op)
			}
		}
		if n := strings.Count(doc, "the same sent again by its author within 10 minutes"); n != 4 {
			t.Errorf("the OpenAPI document lists the 200 of a repeat %d times, want 4", n)
		}
	})
}
