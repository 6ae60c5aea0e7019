package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDuplicateOfADeletedQuestion: once the original of a duplicate is
// deleted, the duplicate's page says so to readers who cannot open it
// (instead of naming "another question" with no link), and the API hands
// them no duplicate_of_id, as search does not; its author, who still sees
// the deleted original, gets both the link and the id.
func TestDuplicateOfADeletedQuestion(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, cyd := env.SignUp(t, "cyd")
		orig := env.Ask(t, ada, "Docking station does not detect the second monitor", "docking")
		env.Answer(t, bob, orig, "Update the dock's firmware with the vendor's tool, then unplug it for ten seconds.")
		dup := env.Ask(t, ada, "Second screen on the docking station stays black", "docking")
		d := strconv.FormatInt(dup, 10)
		if res := env.API(t, "POST", "/questions/"+d+"/close", ada, map[string]any{"reason": "duplicate", "duplicate_of": orig}); res.Status != http.StatusOK {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		// Its author may not delete an original now; a moderator does, confirming the duplicate.
		createModerator(t, env)
		mod := env.API(t, "POST", "/tokens", "", map[string]string{"username": "mod", "password": "correct horse battery"}).Map(t)["token"].(string)
		if res := env.API(t, "DELETE", "/questions/"+strconv.FormatInt(orig, 10)+"?confirm_duplicates=1", mod, nil); res.Status != http.StatusNoContent {
			t.Fatalf("delete the original: %d %s", res.Status, res.Body)
		}
		const gone = "This question is closed as a duplicate of a question that has since been deleted."
		link := `href="/questions/` + strconv.FormatInt(orig, 10) + `/`
		for name, b := range map[string]*browser{"anonymous": newBrowser(env), "cyd": newBrowser(env)} {
			if name == "cyd" {
				b.logIn(t, "cyd")
			}
			page := b.get(t, "/questions/"+d)
			contains(t, page, gone)
			if strings.Contains(string(page.Body), link) {
				t.Errorf("%s is shown a link to the deleted original", name)
			}
		}
		contains(t, newBrowser(env).get(t, "/questions/"+d, "Accept-Language", "de"), "Diese Frage wurde als Duplikat einer Frage geschlossen, die inzwischen gelöscht wurde.")
		author := newBrowser(env)
		author.logIn(t, "ada")
		if page := author.get(t, "/questions/"+d); !strings.Contains(string(page.Body), link) || strings.Contains(string(page.Body), gone) {
			t.Errorf("the original's author is not led to it:\n%s", page.Body)
		}

		for _, c := range []struct {
			who, tok string
			want     any
		}{{"anonymous", "", nil}, {"cyd", cyd, nil}, {"ada", ada, float64(orig)}} {
			q := env.API(t, "GET", "/questions/"+d, c.tok, nil).Map(t)
			if q["duplicate_of_id"] != c.want || q["closed"] != true {
				t.Errorf("%s: GET /questions/%s gives duplicate_of_id %v, want %v", c.who, d, q["duplicate_of_id"], c.want)
			}
			var list struct{ Items []map[string]any }
			env.API(t, "GET", "/questions?sort=newest", c.tok, nil).JSON(t, &list)
			found := false
			for _, it := range list.Items {
				if it["id"] == float64(dup) {
					found = true
					if it["duplicate_of_id"] != c.want {
						t.Errorf("%s: the list gives duplicate_of_id %v, want %v", c.who, it["duplicate_of_id"], c.want)
					}
				}
			}
			if !found {
				t.Errorf("%s: the duplicate is not listed", c.who)
			}
		}
	})
}
