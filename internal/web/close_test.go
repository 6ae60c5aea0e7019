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

// TestCloseAsDuplicateFromThePage has an asker close their question as a
// duplicate of another, named by its address: a mistyped address comes
// back inline with what was typed, the page then sends readers to the
// original by its title, and the asker can reopen it. Others see no form;
// a moderator chooses a reason.
func TestCloseAsDuplicateFromThePage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
	env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	createModerator(t, env)
	path := fmt.Sprintf("/questions/%d", q)
	action := path + "/close"

	other := newBrowser(env)
	other.logIn(t, "bob")
	if page := other.get(t, path); strings.Contains(string(page.Body), `action="`+action+`"`) {
		t.Fatal("the page offers someone else's question for closing")
	}
	res := other.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}})
	if res.Status != http.StatusForbidden {
		t.Fatalf("bob closing ada's question: %d", res.Status)
	}
	contains(t, res, "Only a moderator or the asker can close this question.")

	mod := newBrowser(env)
	mod.logIn(t, "mod")
	contains(t, mod.get(t, path), `action="`+action+`"`, `name="reason" value="off-topic"`, "Close this question")

	b := newBrowser(env)
	b.logIn(t, "ada")
	contains(t, b.get(t, path), `action="`+action+`"`, `<input type="hidden" name="reason" value="duplicate">`)
	res = b.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {"the outlook one"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a mistyped address: %d", res.Status)
	}
	contains(t, res, `<details class="close-question" open>`, "Give the number or the address of a question on this site.", `value="the outlook one"`)
	// Another site's question of the same number is not this one.
	res = b.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprintf("https://stackoverflow.com/questions/%d/x", original)}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("another site's address: %d", res.Status)
	}
	res = b.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprintf("%d", q)}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("itself: %d", res.Status)
	}
	contains(t, res, "A question cannot duplicate itself.")

	addr := fmt.Sprintf("%s/questions/%d/outlook-keeps-asking-for-my-password", env.URL, original)
	if res := b.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {addr}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close: %d %s", res.Status, res.Body)
	}
	page := b.get(t, path)
	contains(t, page, "This question has been asked before and already has answers:",
		fmt.Sprintf(`<a href="/questions/%d/outlook-keeps-asking-for-my-password" dir="auto">Outlook keeps asking for my password</a>`, original),
		fmt.Sprintf(`action="%s/reopen"`, path), "This question is closed and takes no new answers.",
		`<span class="muted closed-by">— <bdi><a href="/users/1/ada">ada</a></bdi> <time`) // who closed it, and when
	if strings.Contains(string(page.Body), `action="`+action+`"`) {
		t.Fatal("a closed question still offers closing")
	}
	if page := other.get(t, path); strings.Contains(string(page.Body), `action="`+path+`/reopen"`) {
		t.Fatal("the page offers bob a reopening")
	}
	// A visitor is told it is closed, not asked to log in to answer.
	if page := newBrowser(env).get(t, path); !strings.Contains(string(page.Body), "This question is closed and takes no new answers.") ||
		strings.Contains(string(page.Body), "log in to answer") {
		t.Fatal("a visitor is asked to log in to answer a closed question")
	}
	if res := b.post(t, path, path+"/reopen", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("reopen: %d", res.Status)
	}
	contains(t, b.get(t, path), `action="`+action+`"`, `action="/questions/`+fmt.Sprint(q)+`/answers"`)

	// A moderator's reason shows on the page; the asker cannot undo it.
	if res := mod.post(t, path, action, url.Values{"reason": {"off-topic"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("moderator close: %d %s", res.Status, res.Body)
	}
	page = b.get(t, path)
	contains(t, page, "This question is closed: off topic for this site.")
	// An answer sent from a page loaded before the closing is not posted, and
	// not lost either.
	res = other.post(t, path, path+"/answers", url.Values{"body": {"Clear the credential cache, then restart Outlook."}})
	if res.Status != http.StatusForbidden {
		t.Fatalf("answer to a closed question: %d", res.Status)
	}
	contains(t, res, "Your answer was not posted; here is what you wrote:", "Clear the credential cache, then restart Outlook.</textarea>")
	if strings.Contains(string(page.Body), `action="`+path+`/reopen"`) {
		t.Fatal("the asker is offered to reopen a moderator's closing")
	}

	// A duplicate of a question deleted since links nowhere, and says so.
	if res := mod.post(t, path, path+"/reopen", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("moderator reopen: %d", res.Status)
	}
	if res := b.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close again: %d %s", res.Status, res.Body)
	}
	// (Its author may not delete it now; a moderator does, confirming the duplicate.)
	if res := mod.post(t, path, fmt.Sprintf("/posts/%d/delete", original), url.Values{"confirm_duplicates": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete the original: %d %s", res.Status, res.Body)
	}
	page = newBrowser(env).get(t, path)
	contains(t, page, "This question is closed as a duplicate of a question that has since been deleted.")
	if strings.Contains(string(page.Body), fmt.Sprintf(`href="/questions/%d`, original)) {
		t.Fatal("the page links to the deleted original")
	}
	env.Searchable(t)
	results := newBrowser(env).get(t, "/search?q=outlook+password+hour")
	contains(t, results, fmt.Sprintf(`href="/questions/%d`, q), "closed")
	if strings.Contains(string(results.Body), fmt.Sprintf(`href="/questions/%d"`, original)) {
		t.Fatal("search results link to the deleted original")
	}
}

// TestCloseAsDuplicateBySiteLinks: the question a duplicate repeats may be
// named by any address this site gives it, its short links included, and
// by an answer's (the answer's question); another site's is refused.
func TestCloseAsDuplicateBySiteLinks(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	bobID, bob := env.SignUp(t, "bob")
	original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
	answer := env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	path := fmt.Sprintf("/questions/%d", q)
	b := newBrowser(env)
	b.logIn(t, "ada")
	for _, ref := range []string{
		fmt.Sprintf("/q/%d", original),
		fmt.Sprintf("%s/q/%d", env.URL, original),
		fmt.Sprintf("%s/q/%d/%d", env.URL, original, bobID), // shared by bob
		fmt.Sprintf("/a/%d", answer),
		fmt.Sprintf("%s/a/%d/%d", env.URL, answer, bobID),
		fmt.Sprintf("%s/a/%d", env.URL, original), // /a/ of a question is that question
		fmt.Sprintf("/questions/%d/outlook-keeps-asking-for-my-password", original),
		fmt.Sprintf("%s/questions/%d#answer-%d", env.URL, original, answer),
		fmt.Sprintf("%s/questions/%d", env.URL, answer), // the site sends an answer's number to its place
	} {
		if res := b.post(t, path, path+"/close", url.Values{"reason": {"duplicate"}, "duplicate_of": {ref}}); res.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", ref, res.Status, res.Body)
		}
		qj := env.API(t, "GET", fmt.Sprintf("/questions/%d", q), "", nil).Map(t)
		if qj["duplicate_of_id"] != float64(original) {
			t.Errorf("%s: closed as a duplicate of %v, want %d", ref, qj["duplicate_of_id"], original)
		}
		if res := b.post(t, path, path+"/reopen", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("reopen: %d", res.Status)
		}
	}
	for _, ref := range []string{
		fmt.Sprintf("https://stackoverflow.com/q/%d", original),
		fmt.Sprintf("/users/%d", bobID),
		fmt.Sprintf("/qq/%d", original),
		"/q/x",
	} {
		res := b.post(t, path, path+"/close", url.Values{"reason": {"duplicate"}, "duplicate_of": {ref}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", ref, res.Status)
		}
		contains(t, res, "Give the number or the address of a question on this site.")
	}
}
