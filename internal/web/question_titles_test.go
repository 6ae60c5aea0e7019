package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// bareQuestionLinkRE is a link whose text is a question's bare address.
var bareQuestionLinkRE = regexp.MustCompile(`<a [^>]*href="/questions/\d+[^"]*"[^>]*>/questions/\d+</a>`)

// TestQuestionsKnownByNumberReadAsTitles: where a page knows a question
// only by its number (the original a member's close vote names, a flag's
// duplicate and the original a question was closed as a duplicate of in
// the moderators' queue, a /questions/N in a flag's note), its link reads
// as the question's title, not as its address; a note's address of a
// deleted question stays as typed.
func TestQuestionsKnownByNumberReadAsTitles(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	id, _ := env.SignUp(t, "vera")
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 800).Error; err != nil {
		t.Fatal(err)
	}
	const title = "Outlook keeps asking for my password"
	original := env.Ask(t, bob, title, "outlook")
	env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	gone := env.Ask(t, bob, "Outlook asks for a password after the update", "outlook")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	path := fmt.Sprintf("/questions/%d", q)
	link := fmt.Sprintf(`<a href="/questions/%d" dir="auto">%s</a>`, original, title)

	vera := newBrowser(env)
	vera.logIn(t, "vera")
	if res := vera.post(t, path, path+"/close-votes", url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", res.Status, res.Body)
	}
	page := vera.get(t, path)
	contains(t, page, "Your vote to close: a duplicate of another question. "+link)

	note := fmt.Sprintf("Same as /questions/%d and /questions/%d", original, gone)
	if res := env.API(t, "POST", fmt.Sprintf("/posts/%d/flags", q), bob, map[string]any{"reason": "duplicate", "duplicate_of": original, "note": note}); res.Status != http.StatusCreated {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "DELETE", fmt.Sprintf("/questions/%d", gone), bob, nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	createModerator(t, env)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	queue := mod.get(t, "/admin/flags")
	contains(t, queue, fmt.Sprintf(`<a class="flag-duplicate-of" href="/questions/%d" dir="auto">%s</a>`, original, title),
		fmt.Sprintf(`<q dir="auto">Same as %s and <a href="/questions/%d">/questions/%d</a></q>`, link, gone, gone))
	if res := mod.post(t, "/admin/flags", path+"/close", url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close: %d %s", res.Status, res.Body)
	}
	queue = mod.get(t, "/admin/flags")
	contains(t, queue, "The question is closed now as a duplicate of: "+link+".")
	for what, res := range map[string]*testkit.Response{"the question": page, "the queue": queue} {
		for _, m := range bareQuestionLinkRE.FindAllString(string(res.Body), -1) {
			if m != fmt.Sprintf(`<a href="/questions/%d">/questions/%d</a>`, gone, gone) {
				t.Errorf("%s links a question by its address: %s", what, m)
			}
		}
	}
}
