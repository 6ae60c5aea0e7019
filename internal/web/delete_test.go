package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestDeleteOfferedOnlyWhenAllowed checks the question page offers its
// author the delete button until an answer is accepted, and then no more.
func TestDeleteOfferedOnlyWhenAllowed(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
	a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
	b := newBrowser(env)
	b.logIn(t, "ada")
	path := fmt.Sprintf("/questions/%d", q)
	button := fmt.Sprintf(`action="/posts/%d/delete"`, q)
	contains(t, b.get(t, path), button)
	if res := env.API(t, "POST", fmt.Sprintf("/answers/%d/accept", a), ada, nil); res.Status != http.StatusOK {
		t.Fatalf("accept: %d", res.Status)
	}
	if page := b.get(t, path); strings.Contains(string(page.Body), button) {
		t.Fatal("the page offers a deletion the server refuses")
	}
	res := b.post(t, path, fmt.Sprintf("/posts/%d/delete", q), url.Values{})
	if res.Status != http.StatusForbidden {
		t.Fatalf("delete: %d", res.Status)
	}
	contains(t, res, "so it stays for others")
}

// TestModeratorRestoresFromThePage shows a deleted question to a
// moderator, marked and with a button to restore it, and to nobody else.
func TestModeratorRestoresFromThePage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
	_, bob := env.SignUp(t, "bob")
	a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
	createModerator(t, env)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	path := fmt.Sprintf("/questions/%d", q)
	for range 2 { // the second click finds it deleted and goes on as the first
		// Back to the question, marked deleted with the button that
		// restores it, not to a list where it is gone.
		if res := mod.post(t, path, fmt.Sprintf("/posts/%d/delete", q), url.Values{}); res.Status != http.StatusSeeOther ||
			res.Header.Get("Location") != path+"/outlook-asks-for-the-password-every-hour" {
			t.Fatalf("delete: %d %s", res.Status, res.Header.Get("Location"))
		}
	}
	if res := newBrowser(env).get(t, path); res.Status != http.StatusNotFound {
		t.Fatalf("deleted question to a visitor: %d", res.Status)
	}
	// Its author sees it, marked, but may not restore a moderator's deletion;
	// anyone else finds nothing.
	author := newBrowser(env)
	author.logIn(t, "ada")
	own := author.get(t, path)
	contains(t, own, "Only you and moderators see it.", "ask a moderator")
	if strings.Contains(string(own.Body), fmt.Sprintf(`action="/posts/%d/undelete"`, q)) {
		t.Fatal("the author is offered to restore a moderator's deletion")
	}
	if res := author.post(t, path, fmt.Sprintf("/posts/%d/undelete", q), url.Values{}); res.Status != http.StatusForbidden {
		t.Fatalf("author restores a moderator's deletion: %d", res.Status)
	}
	other := newBrowser(env)
	other.logIn(t, "bob")
	if res := other.get(t, path); res.Status != http.StatusNotFound {
		t.Fatalf("deleted question to another user: %d", res.Status)
	}
	page := mod.get(t, path)
	// Moderators learn who deleted it, and that its author sees it too.
	contains(t, page, " by mod. Only its author and moderators see it.", fmt.Sprintf(`action="/posts/%d/undelete"`, q), "This question is deleted")
	contains(t, mod.get(t, path, "Accept-Language", "de"), " von mod. Nur wer ihn verfasst hat und die Moderation sehen den Beitrag.")
	// Nothing on the page takes votes, comments or edits: not the deleted
	// question, nor the live answer under it.
	for _, dead := range []string{fmt.Sprintf(`action="/posts/%d/vote"`, q), fmt.Sprintf(`action="/posts/%d/comments"`, q),
		fmt.Sprintf(`href="/posts/%d/edit"`, q), fmt.Sprintf(`action="/posts/%d/vote"`, a), fmt.Sprintf(`action="/posts/%d/comments"`, a),
		fmt.Sprintf(`href="/posts/%d/edit"`, a), fmt.Sprintf(`action="/posts/%d/delete"`, a), `action="/questions/` + fmt.Sprint(q) + `/follow"`} {
		if strings.Contains(string(page.Body), dead) {
			t.Errorf("a deleted question offers %s", dead)
		}
	}
	res := mod.post(t, path, fmt.Sprintf("/posts/%d/undelete", q), url.Values{})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != path+"/outlook-asks-for-the-password-every-hour" {
		t.Fatalf("restore: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := newBrowser(env).get(t, path); res.Status != http.StatusOK {
		t.Fatalf("restored question: %d", res.Status)
	}
}

// TestAuthorRestoresOwnDeletion lets an author who deleted their answer
// find it on the page, marked, and restore it there.
func TestAuthorRestoresOwnDeletion(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
	b := newBrowser(env)
	b.logIn(t, "bob")
	path := fmt.Sprintf("/questions/%d", q)
	res := b.post(t, path, path+"/answers", url.Values{"body": {"Remove the stored credentials in the Windows credential manager."}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", res.Status, res.Body)
	}
	var a int64
	canonical := path + "/outlook-asks-for-the-password-every-hour"
	if _, err := fmt.Sscanf(res.Header.Get("Location"), canonical+"#answer-%d", &a); err != nil {
		t.Fatalf("answer location %q: %v", res.Header.Get("Location"), err)
	}
	if res := b.post(t, path, fmt.Sprintf("/posts/%d/delete", a), url.Values{}); res.Status != http.StatusSeeOther ||
		res.Header.Get("Location") != fmt.Sprintf("%s#answer-%d", canonical, a) {
		t.Fatalf("delete: %d %s", res.Status, res.Header.Get("Location"))
	}
	restore := fmt.Sprintf(`action="/posts/%d/undelete"`, a)
	contains(t, b.get(t, path), "Only you and moderators see it.", restore)
	if page := newBrowser(env).get(t, path); strings.Contains(string(page.Body), "credential manager") {
		t.Fatal("a visitor sees the deleted answer")
	}
	res = b.post(t, path, fmt.Sprintf("/posts/%d/undelete", a), url.Values{})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("restore: %d %s", res.Status, res.Body)
	}
	page := newBrowser(env).get(t, path)
	contains(t, page, "credential manager")
	if strings.Contains(string(page.Body), "Only you and moderators") {
		t.Fatal("the restored answer is still marked deleted")
	}
}

// TestDeletedThreadOffersNoAcceptAndRestoresQuestionFirst: on a deleted
// question its asker is offered no acceptance, and a deleted answer under
// it says to restore the question first instead of offering a button that
// would fail.
func TestDeletedThreadOffersNoAcceptAndRestoresQuestionFirst(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	_, carl := env.SignUp(t, "carl")
	q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
	a := env.Answer(t, bob, q, "Remove the stored credentials in the Windows credential manager.")
	gone := env.Answer(t, carl, q, "Or sign out of Office everywhere and sign in again.")
	if res := env.API(t, "DELETE", fmt.Sprintf("/answers/%d", gone), carl, nil); res.Status != http.StatusNoContent {
		t.Fatalf("carl deletes his answer: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "DELETE", fmt.Sprintf("/questions/%d", q), ada, nil); res.Status != http.StatusNoContent {
		t.Fatalf("ada deletes her question: %d %s", res.Status, res.Body)
	}
	asker := newBrowser(env)
	asker.logIn(t, "ada")
	page := asker.get(t, fmt.Sprintf("/questions/%d", q))
	contains(t, page, fmt.Sprintf(`action="/posts/%d/undelete"`, q))
	if strings.Contains(string(page.Body), fmt.Sprintf(`action="/answers/%d/accept"`, a)) {
		t.Fatal("a deleted question offers its asker to accept an answer")
	}
	answerer := newBrowser(env)
	answerer.logIn(t, "carl")
	// carl's own deleted answer is not his to see under a question he cannot see.
	if res := answerer.get(t, fmt.Sprintf("/questions/%d", q)); res.Status != http.StatusNotFound {
		t.Fatalf("another's deleted question: %d", res.Status)
	}
	createModerator(t, env)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	page = mod.get(t, fmt.Sprintf("/questions/%d", q))
	contains(t, page, "Its question is deleted: restore the question first.", fmt.Sprintf(`action="/posts/%d/undelete"`, q))
	if strings.Contains(string(page.Body), fmt.Sprintf(`action="/posts/%d/undelete"`, gone)) {
		t.Fatal("the deleted answer under a deleted question offers a restore that must fail")
	}
}

// createModerator makes the account "mod" a moderator, with the password
// logIn uses.
func createModerator(t *testing.T, env *testkit.Env) {
	t.Helper()
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
}
