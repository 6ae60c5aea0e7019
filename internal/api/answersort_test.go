package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestAnswersInTheirOrders: a question's answers come by votes (the
// accepted one first) unless asked for newest, oldest or last edited
// first; an order the API does not know is a 422 naming the field.
func TestAnswersInTheirOrders(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, cat := env.SignUp(t, "cat")
		_, dan := env.SignUp(t, "dan")
		q := env.Ask(t, ada, "VPN drops every ten minutes at home")
		a1 := env.Answer(t, bob, q, answerBody)
		a2 := env.Answer(t, cat, q, "Switch the VPN client to the other gateway in its settings.")
		a3 := env.Answer(t, dan, q, "Ask the hotline to reset your VPN certificate, it may have expired.")
		if res := env.API(t, "POST", "/answers/"+itoa(a2)+"/accept", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "PATCH", "/answers/"+itoa(a1), bob, map[string]any{"body": answerBody + " It worked for me twice."}); res.Status != http.StatusOK {
			t.Fatalf("edit: %d %s", res.Status, res.Body)
		}
		for sort, want := range map[string][]int64{
			"":       {a2, a1, a3},
			"votes":  {a2, a1, a3},
			"newest": {a3, a2, a1},
			"oldest": {a1, a2, a3},
			"active": {a1, a3, a2},
		} {
			res := env.API(t, "GET", "/questions/"+itoa(q)+"/answers?sort="+sort, "", nil)
			if res.Status != http.StatusOK {
				t.Fatalf("sort=%s: %d %s", sort, res.Status, res.Body)
			}
			var l struct{ Items []struct{ ID int64 } }
			res.JSON(t, &l)
			var got []int64
			for _, it := range l.Items {
				got = append(got, it.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("sort=%q: answers %v, want %v", sort, got, want)
			}
		}
		res := env.API(t, "GET", "/questions/"+itoa(q)+"/answers?sort=score", "", nil)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `"sort"`) {
			t.Errorf("sort=score: %d %s, want 422 naming sort", res.Status, res.Body)
		}
	})
}
