package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/testkit"
)

// TestHelpSessionSaysWhichSuggestionsAreFollowed: a help session's answer
// lists, in following, the suggested questions the caller follows (an
// asker follows their own question unless they unfollowed it), so that the
// Get-help page shows Follow or Unfollow; a visitor follows none.
func TestHelpSessionSaysWhichSuggestionsAreFollowed(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, dora := env.SignUp(t, "dora")
		_, eve := env.SignUp(t, "eve")
		qid := env.Ask(t, dora, "Laptop fan is loud during video calls", "laptop")
		env.Searchable(t)
		following := func(tok string) []any {
			t.Helper()
			res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "laptop fan loud in video calls"})
			m := res.Map(t)
			if res.Status != http.StatusCreated || len(m["suggestions"].([]any)) == 0 {
				t.Fatalf("start: %d %s", res.Status, res.Body)
			}
			f, ok := m["following"].([]any)
			if !ok {
				t.Fatalf("no following list: %s", res.Body)
			}
			return f
		}
		if f := following(dora); len(f) != 1 || int64(f[0].(float64)) != qid {
			t.Fatalf("the asker's following: %v", f)
		}
		if f := following(eve); len(f) != 0 {
			t.Fatalf("another member's following: %v", f)
		}
		if f := following(""); len(f) != 0 {
			t.Fatalf("a visitor's following: %v", f)
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(qid)+"/follow", dora, nil); res.Status >= 300 {
			t.Fatalf("unfollow: %d %s", res.Status, res.Body)
		}
		if f := following(dora); len(f) != 0 {
			t.Fatalf("the asker's following once unfollowed: %v", f)
		}
	})
}
