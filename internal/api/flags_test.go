package api_test

import (
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestFlagsAPI: members flag posts and comments; bad flags get precise 4xx;
// moderators read the queue and resolve it.
func TestFlagsAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		q := env.Ask(t, ada, "VPN certificate expired this morning", "vpn")
		a := env.Answer(t, bob, q, "Cheap watches at example.com, best prices, click now!")
		res := env.API(t, "POST", "/posts/"+itoa(q)+"/comments", bob, map[string]string{"body": "Nobody cares about your VPN, stop asking."})
		if res.Status != 201 {
			t.Fatalf("comment: %d %s", res.Status, res.Body)
		}
		cid := int64(res.Map(t)["id"].(float64))

		for _, c := range []struct {
			path, token string
			body        any
			want        int
		}{
			{"/posts/" + itoa(a) + "/flags", "", map[string]string{"reason": "spam"}, 401},
			{"/posts/" + itoa(a) + "/flags", bob, map[string]string{"reason": "spam"}, 403},
			{"/posts/" + itoa(a) + "/flags", ada, map[string]string{"reason": "boring"}, 422},
			{"/posts/" + itoa(q) + "/flags", bob, map[string]string{"reason": "not_an_answer"}, 422},
			{"/posts/" + itoa(a) + "/flags", ada, map[string]string{"reason": "other"}, 422},
			{"/posts/" + itoa(a) + "/flags", ada, "spam", 400},
			{"/posts/999999/flags", ada, map[string]string{"reason": "spam"}, 404},
			{"/comments/999999/flags", ada, map[string]string{"reason": "spam"}, 404},
			{"/posts/" + itoa(a) + "/flags", ada, map[string]string{"reason": "spam"}, 201},
			{"/posts/" + itoa(a) + "/flags", ada, map[string]string{"reason": "rude"}, 409},
			{"/comments/" + itoa(cid) + "/flags", ada, map[string]string{"reason": "rude", "note": "Rude to a colleague asking for help."}, 201},
		} {
			if res := env.API(t, "POST", c.path, c.token, c.body); res.Status != c.want {
				t.Errorf("POST %s %v: %d, want %d: %s", c.path, c.body, res.Status, c.want, res.Body)
			}
		}
		// A reason for another kind of post says which ones fit.
		res = env.API(t, "POST", "/posts/"+itoa(q)+"/flags", bob, map[string]string{"reason": "not_an_answer"})
		if _, _, fields := apiError(t, res); fields["reason"] != "A question is not flagged as not_an_answer: use one of spam, rude, duplicate, other." {
			t.Errorf("not_an_answer on a question: %v", fields)
		}
		if res := env.API(t, "GET", "/flags", ada, nil); res.Status != 403 {
			t.Fatalf("a member reads the queue: %d", res.Status)
		}
		var queue struct {
			Items []struct {
				PostID    int64  `json:"post_id"`
				CommentID *int64 `json:"comment_id"`
				Kind      string `json:"kind"`
				Excerpt   string `json:"excerpt"`
				URL       string `json:"url"`
				Author    struct {
					Username string `json:"username"`
				} `json:"author"`
				Flags []struct {
					Reason string `json:"reason"`
					Note   string `json:"note"`
					Status string `json:"status"`
					User   struct {
						Username string `json:"username"`
					} `json:"user"`
				} `json:"flags"`
			} `json:"items"`
			Total int64 `json:"total"`
		}
		res = env.API(t, "GET", "/flags", mod, nil)
		if res.Status != 200 {
			t.Fatalf("queue: %d %s", res.Status, res.Body)
		}
		res.JSON(t, &queue)
		if queue.Total != 2 || len(queue.Items) != 2 {
			t.Fatalf("queue: %s", res.Body)
		}
		first, second := queue.Items[0], queue.Items[1]
		if first.Kind != "answer" || first.PostID != a || first.URL != "/questions/"+itoa(q)+"#answer-"+itoa(a) ||
			first.Author.Username != "bob" || len(first.Flags) != 1 || first.Flags[0].Reason != "spam" || first.Flags[0].User.Username != "ada" || first.Flags[0].Status != "pending" {
			t.Fatalf("first: %+v", first)
		}
		if second.Kind != "comment" || second.CommentID == nil || *second.CommentID != cid || second.Flags[0].Note != "Rude to a colleague asking for help." {
			t.Fatalf("second: %+v", second)
		}
		for _, c := range []struct {
			token string
			body  any
			want  int
		}{
			{ada, map[string]any{"post_id": a, "outcome": "declined"}, 403},
			{mod, map[string]any{"post_id": a, "outcome": "maybe"}, 422},
			{mod, map[string]any{"outcome": "declined"}, 422},
			{mod, map[string]any{"post_id": 999999, "outcome": "declined"}, 404},
			{mod, map[string]any{"post_id": a, "outcome": "declined", "up_to": -1}, 422},
		} {
			if res := env.API(t, "POST", "/flags/resolve", c.token, c.body); res.Status != c.want {
				t.Errorf("resolve %v: %d, want %d: %s", c.body, res.Status, c.want, res.Body)
			}
		}
		res = env.API(t, "POST", "/flags/resolve", mod, map[string]any{"post_id": q, "comment_id": cid, "outcome": "helpful"})
		if res.Status != 200 || res.Map(t)["resolved"].(float64) != 1 {
			t.Fatalf("resolve the comment's: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/answers/"+itoa(a), mod, nil); res.Status != 204 {
			t.Fatalf("delete the answer: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "GET", "/flags", mod, nil); res.Status != 200 || res.Map(t)["total"].(float64) != 0 {
			t.Fatalf("queue after: %d %s", res.Status, res.Body)
		}
	})
}

// TestDismissalNoteAPI: a moderator dismisses flags with a note through the
// API; a bad note (too long, on two lines, or with a helpful decision) is a
// 422 naming the field and dismisses nothing (for a post that does not
// exist, a 404 first); the flagger's notifications
// carry the note, as text and as its own field.
func TestDismissalNoteAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		q := env.Ask(t, ada, "VPN certificate expired this morning", "vpn")
		a := env.Answer(t, bob, q, "See the vendor manual at example.com, chapter on certificates.")
		if res := env.API(t, "POST", "/posts/"+itoa(a)+"/flags", ada, map[string]string{"reason": "spam"}); res.Status != 201 {
			t.Fatalf("flag: %d %s", res.Status, res.Body)
		}
		for _, body := range []map[string]any{
			{"post_id": a, "outcome": "declined", "note": strings.Repeat("x", 201)},
			{"post_id": a, "outcome": "declined", "note": "Not spam:\nthe vendor's manual."},
			{"post_id": a, "outcome": "helpful", "note": "Not spam."},
		} {
			res := env.API(t, "POST", "/flags/resolve", mod, body)
			if res.Status != 422 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(string(res.Body), `"note"`) {
				t.Fatalf("%v: %d %s", body, res.Status, res.Body)
			}
			// The same for a post that does not exist: no such post, first.
			body["post_id"] = 999999
			if res := env.API(t, "POST", "/flags/resolve", mod, body); res.Status != 404 || res.ErrorCode() != "not_found" {
				t.Fatalf("%v: %d %s", body, res.Status, res.Body)
			}
		}
		note := "Not spam: a link to the vendor's manual answers it."
		res := env.API(t, "POST", "/flags/resolve", mod, map[string]any{"post_id": a, "outcome": "declined", "note": note})
		if res.Status != 200 || res.Map(t)["resolved"] != float64(1) {
			t.Fatalf("dismiss: %d %s", res.Status, res.Body)
		}
		var in struct {
			Items []struct {
				Type string `json:"type"`
				Note string `json:"note"`
				Text string `json:"text"`
			} `json:"items"`
		}
		env.API(t, "GET", "/notifications", ada, nil).JSON(t, &in)
		found := false
		for _, it := range in.Items {
			if it.Type == "flag_declined" {
				found = true
				if it.Note != note || it.Text != "mod ♦ dismissed your flag: “"+note+"”" { // a moderator, marked
					t.Fatalf("notification: %+v", it)
				}
			}
		}
		if !found {
			t.Fatalf("no flag_declined notification: %+v", in)
		}
	})
}
