package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDeletingAnOriginalOfDuplicates checks a question that others are
// closed as duplicates of: its author may not delete it (403); a moderator
// gets 409 with the duplicates listed and nothing deleted, until sending
// confirm_duplicates with at least their number; a count below it, taken
// before another was closed so, is 409 again; bad input is 422.
func TestDeletingAnOriginalOfDuplicates(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		call := caller(t, env)
		original := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
		closeAs := func(id int64) {
			t.Helper()
			if res := env.API(t, "POST", "/questions/"+itoa(id)+"/close", mod,
				map[string]any{"reason": "duplicate", "duplicate_of": original}); res.Status != http.StatusOK {
				t.Fatalf("close: %d %s", res.Status, res.Body)
			}
		}
		d1 := env.Ask(t, bob, "Outlook password prompt appears every hour", "outlook")
		closeAs(d1)
		path := "/questions/" + itoa(original)

		// The author: refused, whatever they confirm.
		res := env.API(t, "DELETE", path+"?confirm_duplicates=5", ada, nil)
		if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "closed as duplicates of this one") {
			t.Fatalf("author deletes the original: %d %s", res.Status, res.Body)
		}

		// A moderator: 409 with the list.
		var conflict struct {
			Error struct {
				Code, Message string
			} `json:"error"`
			DuplicateCount int64 `json:"duplicate_count"`
			Duplicates     []struct {
				ID    int64  `json:"id"`
				Title string `json:"title"`
			} `json:"duplicates"`
		}
		res = env.API(t, "DELETE", path, mod, nil)
		res.JSON(t, &conflict)
		if res.Status != http.StatusConflict || conflict.Error.Code != "conflict" || conflict.DuplicateCount != 1 ||
			len(conflict.Duplicates) != 1 || conflict.Duplicates[0].ID != d1 || conflict.Duplicates[0].Title != "Outlook password prompt appears every hour" ||
			!strings.Contains(conflict.Error.Message, "duplicates of this one: 1") {
			t.Fatalf("moderator deletes the original: %d %s", res.Status, res.Body)
		}
		call("", "GET", path, http.StatusOK) // nothing deleted

		// Bad confirmations.
		for _, v := range []string{"many", "-1"} {
			if res := env.API(t, "DELETE", path+"?confirm_duplicates="+v, mod, nil); res.Status != http.StatusUnprocessableEntity ||
				res.ErrorCode() != "invalid" {
				t.Fatalf("confirm_duplicates=%s: %d %s", v, res.Status, res.Body)
			}
		}

		// Another is closed as a duplicate after the moderator saw one: asked again.
		d2 := env.Ask(t, bob, "Outlook wants the password after every restart", "outlook")
		closeAs(d2)
		res = env.API(t, "DELETE", path+"?confirm_duplicates=1", mod, nil)
		res.JSON(t, &conflict)
		if res.Status != http.StatusConflict || conflict.DuplicateCount != 2 || len(conflict.Duplicates) != 2 {
			t.Fatalf("stale confirmation: %d %s", res.Status, res.Body)
		}
		// A reopened duplicate no longer counts; a deleted one neither.
		call(mod, "DELETE", "/questions/"+itoa(d2)+"/close", http.StatusOK)
		d3 := env.Ask(t, bob, "Outlook asks for the password on the VPN", "outlook")
		closeAs(d3)
		call(mod, "DELETE", "/questions/"+itoa(d3), http.StatusNoContent)
		res = env.API(t, "DELETE", path, mod, nil)
		if res.JSON(t, &conflict); res.Status != http.StatusConflict || conflict.DuplicateCount != 1 {
			t.Fatalf("after reopening one: %d %s", res.Status, res.Body)
		}

		// Confirmed: deleted, and the duplicate's API no longer names it to others.
		call(mod, "DELETE", path+"?confirm_duplicates=1", http.StatusNoContent)
		call("", "GET", path, http.StatusNotFound)
		if q := env.API(t, "GET", "/questions/"+itoa(d1), "", nil).Map(t); q["duplicate_of_id"] != nil {
			t.Fatalf("duplicate after its original was deleted: %v", q)
		}
		// A second click finds it deleted, as any deletion.
		call(mod, "DELETE", path, http.StatusNoContent)

		// Answers are nobody's original: deleted at once.
		a := env.Answer(t, bob, d2, "Clear the credentials again, then sign in once.")
		call(mod, "DELETE", "/answers/"+itoa(a), http.StatusNoContent)
	})
}
