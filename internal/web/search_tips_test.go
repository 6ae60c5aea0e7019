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

// TestSearchTipsSayDigitsMeanAUsernameFirst: the tips say that user:
// with digits means the account that has them as its username before the
// user with that number, in each language, and so it is: with ada renamed
// "1234" (as accounts were named before usernames needed a letter),
// user:1234 finds her questions, though no user has the number 1234.
func TestSearchTipsSayDigitsMeanAUsernameFirst(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	env.Ask(t, ada, "VPN disconnects every ten minutes")
	env.Ask(t, bob, "VPN will not connect on the Mac")
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", adaID).Update("username", "1234").Error; err != nil {
		t.Fatal(err)
	}
	env.Searchable(t)
	b := newBrowser(env)

	contains(t, b.get(t, "/search"), "<code>user:ada</code> or <code>user:12</code> — questions by this author: the username, or the number "+
		"from the address of the profile; digits that are also an account&#39;s username (older accounts may have one) mean that account first: "+
		"user:1234 finds the account named 1234 before the user whose number is 1234</li>")
	contains(t, b.get(t, "/search", "Accept-Language", "de"), "meinen zuerst dieses Konto: user:1234 findet das Konto namens 1234 vor dem Benutzer mit der Nummer 1234</li>")

	res := b.get(t, "/search?q="+url.QueryEscape("user:1234"))
	contains(t, res, "1 result", "disconnects every ten minutes")
	if strings.Contains(string(res.Body), "will not connect on the Mac") {
		t.Error("user:1234 finds another's questions")
	}
}
