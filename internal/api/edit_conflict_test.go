package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/testkit"
)

// TestEditFromAStaleRevisionIsRefused checks two people editing at once
// cannot silently undo each other: an edit that names the revision it
// started from is refused once another was saved, and changes nothing.
func TestEditFromAStaleRevisionIsRefused(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		q := env.Ask(t, ada, "Printer prints blank pages since Monday", "printer")
		got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t)
		if got["revision"] != float64(1) {
			t.Fatalf("revision %v", got["revision"])
		}
		first := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"title": "Printer prints blank pages since the update", "revision": 1})
		if first.Status != http.StatusOK || first.Map(t)["revision"] != float64(2) {
			t.Fatalf("first edit: %d %s", first.Status, first.Body)
		}
		// A second editor who also started from revision 1.
		stale := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"title": "Printer prints blank pages on every job", "revision": 1})
		if stale.Status != http.StatusConflict || stale.ErrorCode() != "conflict" {
			t.Fatalf("stale edit: %d %s", stale.Status, stale.Body)
		}
		if got := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); got["title"] != "Printer prints blank pages since the update" || got["revision"] != float64(2) {
			t.Fatalf("the refused edit changed the question: %v", got)
		}
		// A revision that does not exist yet is a mistake, not a conflict,
		// also in an edit that changes nothing.
		for _, rev := range []int{99, -1} {
			if res := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"title": "Printer prints blank pages on every job", "revision": rev}); res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("edit from revision %d: %d %s", rev, res.Status, res.Body)
			}
			if res := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"revision": rev}); res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("empty edit from revision %d: %d %s", rev, res.Status, res.Body)
			}
		}
		// From the current revision, and without one (the last edit wins), it goes through.
		if res := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"title": "Printer prints blank pages on every job", "revision": 2}); res.Status != http.StatusOK {
			t.Fatalf("edit from revision 2: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"title": "Printer prints blank pages on every single job"}); res.Status != http.StatusOK {
			t.Fatalf("edit without a revision: %d %s", res.Status, res.Body)
		}
	})
}
