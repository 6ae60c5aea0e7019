package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/testkit"
)

// TestCloseAndReopen closes questions through the API: an asker closes their
// own question as a duplicate and reopens it; a moderator closes for any
// reason and reopens what anyone closed; nobody else may. Closed questions
// take no answers, and search shows the duplicate's link.
func TestCloseAndReopen(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		mod := moderator(t, env)
		call := caller(t, env)
		original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
		dup := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
		closeQ := func(tok string, id int64, body map[string]any) *testkit.Response {
			t.Helper()
			return env.API(t, "POST", "/questions/"+itoa(id)+"/close", tok, body)
		}

		// Bad input: each refused with the field at fault, nothing changed.
		wantFields(t, "no reason", closeQ(ada, dup, map[string]any{}), "reason")
		wantFields(t, "unknown reason", closeQ(mod, dup, map[string]any{"reason": "boring"}), "reason")
		wantFields(t, "duplicate of nothing", closeQ(ada, dup, map[string]any{"reason": "duplicate"}), "duplicate_of")
		wantFields(t, "duplicate of itself", closeQ(ada, dup, map[string]any{"reason": "duplicate", "duplicate_of": dup}), "duplicate_of")
		wantFields(t, "duplicate of a missing question", closeQ(ada, dup, map[string]any{"reason": "duplicate", "duplicate_of": 99999}), "duplicate_of")
		answer := env.Answer(t, bob, dup, "Answers are no questions to duplicate, whatever the id says.")
		wantFields(t, "duplicate of an answer", closeQ(ada, dup, map[string]any{"reason": "duplicate", "duplicate_of": answer}), "duplicate_of")
		wantFields(t, "a reason with a duplicate", closeQ(mod, dup, map[string]any{"reason": "unclear", "duplicate_of": original}), "duplicate_of")
		wantFields(t, "wrong type", closeQ(ada, dup, map[string]any{"reason": "duplicate", "duplicate_of": "one"}), "duplicate_of")
		refused(t, "anonymous", closeQ("", dup, map[string]any{"reason": "duplicate", "duplicate_of": original}), http.StatusUnauthorized, "unauthorized")
		refused(t, "someone else's question", closeQ(bob, dup, map[string]any{"reason": "duplicate", "duplicate_of": original}), http.StatusForbidden, "forbidden")
		refused(t, "the asker for another reason", closeQ(ada, dup, map[string]any{"reason": "off-topic"}), http.StatusForbidden, "forbidden")
		refused(t, "an answer", closeQ(bob, answer, map[string]any{"reason": "duplicate", "duplicate_of": original}), http.StatusNotFound, "not_found")
		if q := getMap(t, env, "/questions/"+itoa(dup), ""); q["closed"] != false {
			t.Fatalf("refused closings changed the question: %v", q)
		}

		// The asker closes their question as a duplicate (with the index caught
		// up first, so that only the closing can tell it).
		env.Searchable(t)
		res := closeQ(ada, dup, map[string]any{"reason": "duplicate", "duplicate_of": original})
		if res.Status != http.StatusOK {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		q := res.Map(t)
		if q["closed"] != true || q["closed_reason"] != "duplicate" || q["duplicate_of_id"] != float64(original) || q["closed_at"] == nil {
			t.Fatalf("closed question = %v", q)
		}
		refused(t, "closing twice", closeQ(mod, dup, map[string]any{"reason": "off-topic"}), http.StatusConflict, "conflict")
		refused(t, "answering a closed question", env.API(t, "POST", "/questions/"+itoa(dup)+"/answers", bob,
			map[string]string{"body": "An answer to a question that is closed already."}), http.StatusForbidden, "forbidden")
		// A cycle is refused: the original cannot become a duplicate of its duplicate.
		wantFields(t, "a cycle", closeQ(mod, original, map[string]any{"reason": "duplicate", "duplicate_of": dup}), "duplicate_of")
		// A duplicate of the duplicate points to the original itself; a question
		// without answers is no original.
		third := env.Ask(t, bob, "Outlook wants my password again and again", "outlook")
		wantFields(t, "a duplicate of an unanswered question", closeQ(mod, original, map[string]any{"reason": "duplicate", "duplicate_of": third}), "duplicate_of")
		if q := closeQ(mod, third, map[string]any{"reason": "duplicate", "duplicate_of": dup}).Map(t); q["duplicate_of_id"] != float64(original) {
			t.Fatalf("a duplicate of a duplicate: %v", q)
		}

		env.Searchable(t)
		var sr struct {
			Items []struct {
				ID            int64
				Closed        bool
				DuplicateOfID *int64 `json:"duplicate_of_id"`
			}
		}
		env.API(t, "GET", "/search?q="+url.QueryEscape("outlook password hour"), "", nil).JSON(t, &sr)
		found := false
		for _, it := range sr.Items {
			if it.ID == dup {
				found = it.Closed && it.DuplicateOfID != nil && *it.DuplicateOfID == original
			}
		}
		if !found {
			t.Fatalf("search does not show the duplicate's link: %+v", sr)
		}
		// The index knows: the closed:yes filter finds it (the flags above come
		// from the database).
		inClosed := func() bool {
			t.Helper()
			env.Searchable(t)
			sr.Items = nil
			env.API(t, "GET", "/search?q="+url.QueryEscape("outlook closed:yes"), "", nil).JSON(t, &sr)
			for _, it := range sr.Items {
				if it.ID == dup {
					return true
				}
			}
			return false
		}
		if !inClosed() {
			t.Fatalf("closed:yes does not find the closed question: %+v", sr)
		}

		// bob may not reopen; ada may, as she closed it.
		call(bob, "DELETE", "/questions/"+itoa(dup)+"/close", http.StatusForbidden)
		res = env.API(t, "DELETE", "/questions/"+itoa(dup)+"/close", ada, nil)
		if q := res.Map(t); res.Status != http.StatusOK || q["closed"] != false || q["duplicate_of_id"] != nil || q["closed_reason"] != nil {
			t.Fatalf("reopen: %d %v", res.Status, q)
		}
		call(ada, "DELETE", "/questions/"+itoa(dup)+"/close", http.StatusOK) // open already: a retry
		if inClosed() {
			t.Fatalf("closed:yes still finds the reopened question: %+v", sr)
		}
		env.Answer(t, bob, dup, "Open again, so this answer is taken like any other.")
		env.Searchable(t)
		sr.Items = nil // decoding reuses elements, keeping fields the JSON leaves out
		env.API(t, "GET", "/search?q="+url.QueryEscape("outlook password hour"), "", nil).JSON(t, &sr)
		found = false
		for _, it := range sr.Items {
			if it.ID == dup {
				found = !it.Closed && it.DuplicateOfID == nil
			}
		}
		if !found {
			t.Fatalf("search does not show the reopened question open: %+v", sr)
		}

		// A moderator closes for another reason; the asker cannot reopen that.
		if res := closeQ(mod, dup, map[string]any{"reason": "needs-focus"}); res.Status != http.StatusOK || res.Map(t)["closed_reason"] != "needs-focus" {
			t.Fatalf("moderator close: %d %s", res.Status, res.Body)
		}
		// Lists say why as the question does.
		var list struct {
			Items []struct {
				ID           int64
				ClosedReason string `json:"closed_reason"`
			}
		}
		env.API(t, "GET", "/questions", "", nil).JSON(t, &list)
		for _, it := range list.Items {
			if it.ID == dup && it.ClosedReason != "needs-focus" {
				t.Fatalf("the list gives closed_reason %q", it.ClosedReason)
			}
		}
		refused(t, "the asker reopening a moderator's closing", env.API(t, "DELETE", "/questions/"+itoa(dup)+"/close", ada, nil), http.StatusForbidden, "forbidden")
		call(mod, "DELETE", "/questions/"+itoa(dup)+"/close", http.StatusOK)
		// The asker was told of the moderator's closing and reopening, not of her own.
		var types []string
		for _, n := range inboxOf(t, env, ada).Items {
			if n.Type == "closed" || n.Type == "reopened" {
				types = append(types, n.Type)
			}
		}
		if fmt.Sprint(types) != "[reopened closed]" {
			t.Fatalf("ada's close notifications, newest first: %v", types)
		}
		noDrift(t, env)
	})
}
