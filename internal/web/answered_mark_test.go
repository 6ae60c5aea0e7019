package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// answerStat is the answer-count stat of the list row whose title is title.
func answerStat(t *testing.T, body []byte, title string) string {
	t.Helper()
	for _, row := range strings.Split(string(body), `<li class="qrow">`)[1:] {
		if !strings.Contains(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(row), ">"+title+"<") {
			continue
		}
		stats := strings.SplitN(row, `<span class="stat`, 4)
		if len(stats) < 3 {
			t.Fatalf("row of %q has no answer stat:\n%s", title, row)
		}
		return `<span class="stat` + strings.SplitN(stats[2], "</span>\n", 2)[0]
	}
	t.Fatalf("no row for %q:\n%s", title, body)
	return ""
}

// TestListsMarkAnsweredNotByColourAlone: in question lists and search
// results only an accepted answer shows a ✓ (a newcomer reads ✓ as solved),
// on a filled count, and says "accepted answer" to screen readers; a question
// with an answer voted up has an outlined count without a ✓ and says
// "answered"; one whose answers have no votes shows neither, in English and
// German; the API's list says the same in is_answered.
func TestListsMarkAnsweredNotByColourAlone(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		_, carl := env.SignUp(t, "carl")
		const accepted, upvoted, plain = "Printer queue stuck after the update", "Printer shows offline in the office", "Printer prints streaks on every page"
		q1 := env.Ask(t, ada, accepted, "printer")
		a1 := env.Answer(t, bob, q1, "Restart the print spooler service and clear its folder.")
		if res := env.API(t, "POST", "/answers/"+itoa(a1)+"/accept", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}
		q2 := env.Ask(t, ada, upvoted, "printer")
		a2 := env.Answer(t, bob, q2, "Give the printer a fixed address in the router's settings.")
		if res := env.API(t, "PUT", "/posts/"+itoa(a2)+"/vote", carl, map[string]int{"value": 1}); res.Status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
		q3 := env.Ask(t, ada, plain, "printer")
		env.Answer(t, bob, q3, "Run the cleaning program from the printer's menu twice.")
		env.Searchable(t)

		// The API's list says the same in is_answered.
		var list struct {
			Items []struct {
				Title      string
				IsAnswered bool `json:"is_answered"`
			}
		}
		env.API(t, "GET", "/questions", "", nil).JSON(t, &list)
		for _, it := range list.Items {
			if it.IsAnswered != (it.Title != plain) {
				t.Errorf("API: %q is_answered = %v", it.Title, it.IsAnswered)
			}
		}

		b := newBrowser(env)
		for _, path := range []string{"/questions", "/tags/printer", "/search?q=printer"} {
			for _, c := range []struct{ lang, acc, ans string }{{"en", "accepted answer", "answered"}, {"de", "akzeptierte Antwort", "beantwortet"}} {
				res := b.get(t, path, "Accept-Language", c.lang)
				if s := answerStat(t, res.Body, accepted); !strings.HasPrefix(s, `<span class="stat answered accepted">`) ||
					!strings.Contains(s, `<span class="check" aria-hidden="true">✓</span>`) ||
					!strings.Contains(s, `<span class="sr-only">, `+c.acc+`</span>`) {
					t.Errorf("%s (%s): the accepted question's stat is %s", path, c.lang, s)
				}
				if s := answerStat(t, res.Body, upvoted); !strings.HasPrefix(s, `<span class="stat answered">`) || strings.Contains(s, "✓") ||
					!strings.Contains(s, `<span class="sr-only">, `+c.ans+`</span>`) || strings.Contains(s, "accepted") {
					t.Errorf("%s (%s): the answered question's stat is %s", path, c.lang, s)
				}
				if s := answerStat(t, res.Body, plain); strings.Contains(s, "✓") || strings.Contains(s, "sr-only") || strings.Contains(s, "answered") {
					t.Errorf("%s (%s): the question with an unvoted answer is marked: %s", path, c.lang, s)
				}
			}
		}
	})
}
