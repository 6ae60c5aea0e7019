package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestDuplicateFlagInTheQueue: a flag's note that names a question of the
// site by its path ("Duplicate of /questions/N") links to it in the
// moderators' queue, the link reading as its title, and nothing else of the note becomes markup (another
// site's address, HTML); once the question is closed as a duplicate the
// queue says so beside its flag, and the question lists mark it
// "duplicate", not "closed", in English and German; a question closed for
// another reason stays "closed".
func TestDuplicateFlagInTheQueue(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
	env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	other := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	note := fmt.Sprintf("Duplicate of /questions/%d, not of https://evil.example/questions/5 <b>bold</b>", original)
	if res := env.API(t, "POST", fmt.Sprintf("/posts/%d/flags", q), bob, map[string]any{"reason": "other", "note": note}); res.Status != http.StatusCreated {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}
	createModerator(t, env)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	queue := mod.get(t, "/admin/flags")
	contains(t, queue, fmt.Sprintf(`<q dir="auto">Duplicate of <a href="/questions/%d" dir="auto">Outlook keeps asking for my password</a>, not of https://evil.example/questions/5 &lt;b&gt;bold&lt;/b&gt;</q>`, original))
	if strings.Contains(string(queue.Body), "flag-state-") {
		t.Error("the queue says an open question is closed")
	}
	path := fmt.Sprintf("/questions/%d", q)
	if res := mod.post(t, path, path+"/close", url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close: %d %s", res.Status, res.Body)
	}
	opath := fmt.Sprintf("/questions/%d", other)
	if res := mod.post(t, opath, opath+"/close", url.Values{"reason": {"off-topic"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close off-topic: %d %s", res.Status, res.Body)
	}
	contains(t, mod.get(t, "/admin/flags"), fmt.Sprintf(`<p class="flag-state" id="flag-state-%d"><span class="badge-closed">duplicate</span>`, q),
		fmt.Sprintf(`The question is closed now as a duplicate of: <a href="/questions/%d" dir="auto">Outlook keeps asking for my password</a>. Settle its flags if that dealt with them.</p>`, original))
	contains(t, mod.get(t, "/admin/flags", "Accept-Language", "de"), "Die Frage ist jetzt als Duplikat geschlossen von:")
	list := newBrowser(env).get(t, "/questions")
	contains(t, list, `Outlook password prompt appears every hour</a> <span class="badge-closed">duplicate</span>`,
		`Printer on floor 3 prints blank pages</a> <span class="badge-closed">closed</span>`)
	contains(t, newBrowser(env).get(t, "/questions", "Accept-Language", "de"), `<span class="badge-closed">Duplikat</span>`)
}

// TestDuplicateFlagNamesAnAnswer: the flag form takes an answer's address
// for the question it duplicates, as the close form does: the flag names
// the answer's question.
func TestDuplicateFlagNamesAnAnswer(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
	answer := env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	flag := fmt.Sprintf("/posts/%d/flag", q)
	b := newBrowser(env)
	b.logIn(t, "bob")
	if res := b.post(t, flag, flag, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprintf("/a/%d", answer)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("flag naming an answer: %d %s", res.Status, res.Body)
	}
	var f store.Flag
	if err := env.App.Store.DB.Where("post_id = ?", q).Take(&f).Error; err != nil {
		t.Fatal(err)
	}
	if f.DuplicateOfID == nil || *f.DuplicateOfID != original {
		t.Fatalf("the flag names %v, want the answer's question %d", f.DuplicateOfID, original)
	}
}
