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
	if res := b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", res.Status)
	}
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
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
	mod := newBrowser(env)
	if res := mod.post(t, "/login", "/login", url.Values{"login": {"mod"}, "password": {"correct horse battery"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", res.Status)
	}
	path := fmt.Sprintf("/questions/%d", q)
	if res := mod.post(t, path, fmt.Sprintf("/posts/%d/delete", q), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.Status)
	}
	if res := newBrowser(env).get(t, path); res.Status != http.StatusNotFound {
		t.Fatalf("deleted question to a visitor: %d", res.Status)
	}
	page := mod.get(t, path)
	contains(t, page, "Only moderators see it.", fmt.Sprintf(`action="/posts/%d/undelete"`, q), "This question is deleted")
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
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("restore: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := newBrowser(env).get(t, path); res.Status != http.StatusOK {
		t.Fatalf("restored question: %d", res.Status)
	}
}
