package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDeletedPostsReadByWhoMayRestoreThem: a deleted question or answer
// reads, marked deleted, for a moderator and its author (so an
// integration finds what to restore); for anyone else it is not there.
func TestDeletedPostsReadByWhoMayRestoreThem(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, eve := env.SignUp(t, "eve")
		mod := moderator(t, env)
		q := env.Ask(t, ada, "Printer on floor 2 prints blank pages", "printer")
		a := env.Answer(t, bob, q, "Replace the toner cartridge; the seal was still on.")
		if res := env.API(t, "DELETE", "/answers/"+itoa(a), bob, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete answer: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/questions/"+itoa(q), ada, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete question: %d %s", res.Status, res.Body)
		}
		for _, c := range []struct {
			who, path string
			want      int
		}{
			{ada, "/questions/" + itoa(q), 200}, {mod, "/questions/" + itoa(q), 200},
			{eve, "/questions/" + itoa(q), 404}, {"", "/questions/" + itoa(q), 404},
			{mod, "/answers/" + itoa(a), 200}, {eve, "/answers/" + itoa(a), 404}, {"", "/answers/" + itoa(a), 404},
			// bob wrote the answer, not the question, which is gone for him.
			{bob, "/answers/" + itoa(a), 404},
			{mod, "/answers/" + itoa(q), 404}, {mod, "/questions/" + itoa(a), 404},
		} {
			res := env.API(t, "GET", c.path, c.who, nil)
			if res.Status != c.want {
				t.Errorf("GET %s as %q: %d, want %d", c.path, c.who, res.Status, c.want)
				continue
			}
			if c.want == 200 && res.Map(t)["deleted_at"] == nil {
				t.Errorf("GET %s: not marked deleted: %s", c.path, res.Body)
			}
		}
	})
}
