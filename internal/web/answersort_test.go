package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestQuestionPageSortsAnswers: the question page lists the answers by
// votes (the accepted one first) and, by the links above them, newest,
// oldest or last edited first, marking the order in use; an order it does
// not know reads as by votes; a question with one answer offers no orders.
func TestQuestionPageSortsAnswers(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	_, cat := env.SignUp(t, "cat")
	q := env.Ask(t, ada, "Laptop fan is very loud after the update")
	a1 := env.Answer(t, bob, q, "Clean the fan's air intake with compressed air, it fills with dust.")
	a2 := env.Answer(t, cat, q, "Set the power plan to balanced: the update switched it to performance.")
	if res := env.API(t, "POST", "/answers/"+itoa(a1)+"/accept", ada, nil); res.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	b := newBrowser(env)
	order := func(query string) (first, second int64, body string) {
		t.Helper()
		res := b.get(t, "/questions/"+itoa(q)+query)
		body = string(res.Body)
		i1, i2 := strings.Index(body, `id="answer-`+itoa(a1)+`"`), strings.Index(body, `id="answer-`+itoa(a2)+`"`)
		if i1 < 0 || i2 < 0 {
			t.Fatalf("%s: answers missing", query)
		}
		if i1 < i2 {
			return a1, a2, body
		}
		return a2, a1, body
	}
	// The older answer is the accepted one: by votes it leads, by time the newer does.
	for query, want := range map[string]int64{"": a1, "?answers=votes": a1, "?answers=oldest": a1, "?answers=newest": a2, "?answers=active": a2, "?answers=bogus": a1} {
		if first, _, _ := order(query); first != want {
			t.Errorf("%q: answer %d first, want %d", query, first, want)
		}
	}
	_, _, body := order("?answers=oldest")
	contains(t, &testkit.Response{Status: 200, Body: []byte(body)}, `<nav class="sorts" aria-label="Order of the answers">`,
		`href="?answers=oldest#answers-title" aria-current="true">Oldest</a>`, `href="?answers=votes#answers-title">Votes</a>`)

	q2 := env.Ask(t, ada, "Docking station does not charge the laptop")
	env.Answer(t, bob, q2, "Use the power supply that came with the docking station, 90 W at least.")
	if res := b.get(t, "/questions/"+itoa(q2)); strings.Contains(string(res.Body), "Order of the answers") {
		t.Error("a question with one answer offers orders")
	}
}
