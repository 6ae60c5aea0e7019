package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/testkit"
)

// TestHelpSessionViewsOnlyWhatItShowed: through the API, a session records
// a view of, and is solved by, only a question one of its searches showed
// (its start, or a search as the problem is typed on): a view of another is
// 422 on question_id and records nothing, "solved" by it is 422 too and
// pays nobody; the question a later search showed opens and solves.
func TestHelpSessionViewsOnlyWhatItShowed(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, carol := env.SignUp(t, "carol")
		bobID, bob := env.SignUp(t, "bob")
		outlook := env.Ask(t, carol, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, bob, outlook, "Remove the saved credentials in the Windows credential manager.")
		printer := env.Ask(t, carol, "Printer prints blank pages after the toner change", "printer")
		env.Answer(t, bob, printer, "Remove the sealing tape from the new toner cartridge and print again.")
		env.Searchable(t)
		_, emp := env.SignUp(t, "emp")
		reputation := func() float64 {
			return env.API(t, "GET", "/users/"+itoa(bobID), "", nil).Map(t)["reputation"].(float64)
		}
		before := reputation()

		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "outlook asks for password again and again"})
		if res.Status != http.StatusCreated {
			t.Fatalf("start: %d %s", res.Status, res.Body)
		}
		var s struct {
			ID          int64
			Views       int
			Outcome     *string
			Suggestions []struct{ ID int64 }
		}
		res.JSON(t, &s)
		for _, it := range s.Suggestions {
			if it.ID == printer {
				t.Fatalf("the outlook problem suggests the printer question: %s", res.Body)
			}
		}
		path := "/help-sessions/" + itoa(s.ID)
		refused := func(res *testkit.Response, what string) {
			t.Helper()
			code, _, fields := apiError(t, res)
			if res.Status != http.StatusUnprocessableEntity || code != "invalid" ||
				fields["question_id"] != "This help request did not show that question: open one of its suggestions." {
				t.Fatalf("%s: %d %s", what, res.Status, res.Body)
			}
		}
		refused(env.API(t, "POST", path+"/events", emp, map[string]any{"type": "view", "question_id": printer}), "view of a question never shown")
		refused(env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "solved", "question_id": printer}), "solved by it")
		got := env.API(t, "GET", path, emp, nil)
		got.JSON(t, &s)
		if s.Views != 0 || s.Outcome != nil || reputation() != before {
			t.Fatalf("the refused view and outcome left %d views, outcome %v, reputation %v (was %v)", s.Views, s.Outcome, reputation(), before)
		}

		// Typed on, the problem shows the printer question: now it opens and solves.
		res = env.API(t, "POST", path+"/events", emp, map[string]any{"type": "search", "query": "printer prints blank pages"})
		if res.Status != http.StatusCreated {
			t.Fatalf("search: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", path+"/events", emp, map[string]any{"type": "view", "question_id": printer}); res.Status != http.StatusCreated {
			t.Fatalf("view of a shown question: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "solved", "question_id": printer})
		if res.Status != http.StatusOK || res.Map(t)["outcome"] != "solved" || reputation() != before+5 {
			t.Fatalf("solved by the shown question: %d %s, reputation %v", res.Status, res.Body, reputation())
		}
	})
}
