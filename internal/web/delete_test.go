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
