package web_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestMissingQuestionSaysQuestion: /questions/N of no post says there is
// no such question, as the address asks for one, in English and German; an
// answer's id there still leads to its place in its question.
func TestMissingQuestionSaysQuestion(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	q := env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, tok, q, "Replace the toner cartridge; the old one is empty.")
	b := newBrowser(env)
	res := b.get(t, "/questions/999999")
	if res.Status != http.StatusNotFound || strings.Contains(string(res.Body), "No such post.") {
		t.Fatalf("/questions/999999: %d", res.Status)
	}
	contains(t, res, "No such question.")
	contains(t, b.get(t, "/questions/999999", "Accept-Language", "de"), "Diese Frage gibt es nicht.")
	if res := b.get(t, "/questions/"+itoa(a)); res.Status != http.StatusMovedPermanently || !strings.HasSuffix(res.Header.Get("Location"), "#answer-"+itoa(a)) {
		t.Errorf("an answer's id: %d %q", res.Status, res.Header.Get("Location"))
	}
}
