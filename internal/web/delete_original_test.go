package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDeletingAnOriginalAsksTheModerator checks the pages around a
// question others are closed as duplicates of: its author is offered no
// deletion and refused one; a moderator's deletion shows the duplicates
// and deletes nothing until the moderator confirms, then goes ahead.
func TestDeletingAnOriginalAsksTheModerator(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		createModerator(t, env)
		modTok := env.API(t, "POST", "/tokens", "", map[string]string{"username": "mod", "password": "correct horse battery"}).Map(t)["token"].(string)
		original := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
		env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
		dup := env.Ask(t, bob, "Outlook password prompt appears every hour", "outlook")
		if res := env.API(t, "POST", fmt.Sprintf("/questions/%d/close", dup), modTok,
			map[string]any{"reason": "duplicate", "duplicate_of": original}); res.Status != http.StatusOK {
			t.Fatalf("close: %d %s", res.Status, res.Body)
		}
		path := fmt.Sprintf("/questions/%d", original)
		action := fmt.Sprintf("/posts/%d/delete", original)

		author := newBrowser(env)
		author.logIn(t, "ada")
		if page := author.get(t, path); strings.Contains(string(page.Body), `action="`+action+`"`) {
			t.Fatal("the author is offered a deletion the server refuses")
		}
		res := author.post(t, path, action, url.Values{})
		if res.Status != http.StatusForbidden {
			t.Fatalf("author deletes: %d", res.Status)
		}
		contains(t, res, "closed as duplicates of this one")

		mod := newBrowser(env)
		mod.logIn(t, "mod")
		page := mod.get(t, path)
		contains(t, page, `<form method="post" action="`+action+`" class="inline">`) // no plain "Delete this post?" first
		res = mod.post(t, path, action, url.Values{})
		if res.Status != http.StatusConflict {
			t.Fatalf("moderator deletes: %d", res.Status)
		}
		contains(t, res, "One question is closed as a duplicate of",
			fmt.Sprintf(`href="/questions/%d/outlook-password-prompt-appears-every-hour"`, dup), "Outlook password prompt appears every hour",
			`name="confirm_duplicates" value="1"`, "Delete it anyway")
		if r := newBrowser(env).get(t, path); r.Status != http.StatusOK {
			t.Fatalf("asking deleted the question: %d", r.Status)
		}
		// Confirmed from that page: deleted, back to the question, marked.
		res = mod.post(t, path, action, url.Values{"confirm_duplicates": {"1"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("confirmed: %d %s", res.Status, res.Body)
		}
		if r := newBrowser(env).get(t, path); r.Status != http.StatusNotFound {
			t.Fatalf("deleted original to a visitor: %d", r.Status)
		}
		contains(t, newBrowser(env).get(t, fmt.Sprintf("/questions/%d", dup)), "a question that has since been deleted")

		// Bad input: a count that is no number.
		q2 := env.Ask(t, ada, "Teams camera shows a black picture", "teams")
		if res := mod.post(t, path, fmt.Sprintf("/posts/%d/delete", q2), url.Values{"confirm_duplicates": {"x"}}); res.Status != http.StatusBadRequest {
			t.Fatalf("confirm_duplicates=x: %d", res.Status)
		}
		// A question nobody duplicates keeps the plain confirmation.
		contains(t, mod.get(t, fmt.Sprintf("/questions/%d", q2)), `data-confirm="Delete this post?"`)
	})
}
