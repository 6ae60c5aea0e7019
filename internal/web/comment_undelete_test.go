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

// TestModeratorRestoresCommentFromThePage: a comment a moderator deleted
// stays on the question page for moderators, marked deleted and with a
// button to restore it; the asker, its author and visitors do not see it,
// and a user's restoring is refused. Restoring (a form with the CSRF token)
// brings it back to everyone, in the audit log in the reader's words.
func TestModeratorRestoresCommentFromThePage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
	const text = "Just search before you ask, this is everywhere."
	res := env.API(t, "POST", fmt.Sprintf("/posts/%d/comments", q), bob, map[string]string{"body": text})
	if res.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	c := int64(res.Map(t)["id"].(float64))
	createModerator(t, env)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	path := fmt.Sprintf("/questions/%d", q)
	restore := fmt.Sprintf(`action="/comments/%d/undelete"`, c)
	if res := mod.post(t, path, fmt.Sprintf("/comments/%d/delete", c), url.Values{"next": {path}}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}

	author, asker := newBrowser(env), newBrowser(env)
	author.logIn(t, "bob")
	asker.logIn(t, "ada")
	for who, b := range map[string]*browser{"a visitor": newBrowser(env), "its author": author, "the asker": asker} {
		page := b.get(t, path)
		if page.Status != http.StatusOK || strings.Contains(string(page.Body), text) || strings.Contains(string(page.Body), restore) {
			t.Errorf("%s sees the deleted comment or its restore button (%d)", who, page.Status)
		}
	}
	page := mod.get(t, path)
	contains(t, page, fmt.Sprintf(`id="comment-%d" class="comment deleted"`, c), `class="deleted-label"`, ">deleted</span>", text, restore)
	if strings.Contains(string(page.Body), fmt.Sprintf(`action="/comments/%d/delete"`, c)) {
		t.Error("a deleted comment offers deletion")
	}

	if res := author.post(t, path, fmt.Sprintf("/comments/%d/undelete", c), url.Values{"next": {path}}); res.Status != http.StatusForbidden {
		t.Fatalf("its author restoring: %d", res.Status)
	}
	if res := mod.postForm(t, fmt.Sprintf("/comments/%d/undelete", c), url.Values{"next": {path}}); res.Status != http.StatusForbidden {
		t.Fatalf("restoring without the CSRF token: %d", res.Status)
	}
	if page := newBrowser(env).get(t, path); strings.Contains(string(page.Body), text) {
		t.Fatal("a refused restoring brought the comment back")
	}
	res = mod.post(t, path, fmt.Sprintf("/comments/%d/undelete", c), url.Values{"next": {path}})
	if want := fmt.Sprintf("%s#comment-%d", path, c); res.Status != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Fatalf("restore: %d %q, want %d %q", res.Status, res.Header.Get("Location"), http.StatusSeeOther, want)
	}
	page = newBrowser(env).get(t, path)
	contains(t, page, text)
	if strings.Contains(string(page.Body), `class="comment deleted"`) {
		t.Fatal("the restored comment is still marked deleted")
	}
	if page := mod.get(t, path); strings.Contains(string(page.Body), restore) || !strings.Contains(string(page.Body), fmt.Sprintf(`action="/comments/%d/delete"`, c)) {
		t.Fatal("the restored comment does not offer deletion again to the moderator")
	}

	setRole(t, env, "mod", store.RoleAdmin)
	contains(t, mod.get(t, "/admin/audit?action=comment.undelete"), "Comment restored", fmt.Sprintf("#%d: %s", c, text))
}
