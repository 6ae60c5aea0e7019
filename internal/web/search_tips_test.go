package web_test

import (
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSearchTipsSayWhatFiltersDo: the search tips say that score: and
// answers: are lower bounds, and which forms they take, in each language;
// answers:0 finds the questions without answers (not every question), and
// score:>N is read as created:> is, not left out.
func TestSearchTipsSayWhatFiltersDo(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	env.Ask(t, ada, "VPN disconnects every ten minutes")
	answered := env.Ask(t, ada, "VPN will not connect on the Mac")
	env.Answer(t, bob, answered, "Reinstall the VPN client from the company portal.")
	env.Searchable(t)
	b := newBrowser(env)

	res := b.get(t, "/search")
	contains(t, res, "<code>score:3</code>, <code>score:&gt;3</code>, <code>score:&lt;0</code> — question score at least 3",
		"<code>answers:1</code>, <code>answers:&gt;2</code>, <code>answers:0</code> — at least one answer; more than two; no answer at all",
		"— asked after, before, or on that day")
	res = b.get(t, "/search", "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, "— Frage mit mindestens 3 Punkten", "— mindestens eine Antwort; mehr als zwei; noch keine Antwort")

	res = b.get(t, "/search?q="+url.QueryEscape("vpn answers:0"))
	contains(t, res, "1 result", "disconnects every ten minutes", "searching for <code>vpn answers:0</code>")
	if strings.Contains(string(res.Body), "will not connect on the Mac") {
		t.Error("answers:0 lists the question with an answer")
	}
	res = b.get(t, "/search?q="+url.QueryEscape("vpn answers:>0 score:>-1"))
	contains(t, res, "1 result", "will not connect on the Mac", "searching for <code>vpn score:0 answers:1</code>")
	if strings.Contains(string(res.Body), "Left out") {
		t.Error("score:>-1 or answers:>0 left out")
	}
}
