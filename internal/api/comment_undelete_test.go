package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestModeratorsRestoreCommentsThroughTheAPI: a comment its author or a
// moderator deleted leaves the post's comments (for everyone: the list
// shows live comments only, as the answers list shows live answers) and its
// count; a moderator restores it, others are refused, and the restoring is
// in the audit log with the comment's text. Both calls may be repeated, and
// every cached count agrees with a recount.
func TestModeratorsRestoreCommentsThroughTheAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		rootID, root := env.SignUp(t, "root")
		role(t, env, rootID, store.RoleAdmin)
		mod := moderator(t, env)
		q := env.Ask(t, ada, "Outlook asks for the password every hour", "outlook")
		const text = "Just search before you ask, this is everywhere."
		res := env.API(t, "POST", "/posts/"+itoa(q)+"/comments", bob, map[string]string{"body": text})
		if res.Status != http.StatusCreated {
			t.Fatalf("comment: %d %s", res.Status, res.Body)
		}
		c := int64(res.Map(t)["id"].(float64))
		call := caller(t, env)
		comments := func(tok string) []any {
			t.Helper()
			return env.API(t, "GET", "/posts/"+itoa(q)+"/comments", tok, nil).Map(t)["items"].([]any)
		}
		commentCount := func() float64 {
			t.Helper()
			return env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t)["comment_count"].(float64)
		}

		call(ada, "DELETE", "/comments/"+itoa(c), http.StatusForbidden)
		call("", "DELETE", "/comments/"+itoa(c), http.StatusUnauthorized)
		call(mod, "DELETE", "/comments/999999", http.StatusNotFound)
		call(mod, "DELETE", "/comments/"+itoa(c), http.StatusNoContent)
		call(mod, "DELETE", "/comments/"+itoa(c), http.StatusNoContent) // deleted already: nothing changes
		for _, tok := range []string{"", bob, mod, root} {
			if items := comments(tok); len(items) != 0 {
				t.Fatalf("comments after the deletion = %v, want none", items)
			}
		}
		if n := commentCount(); n != 0 {
			t.Fatalf("comment_count after the deletion = %v, want 0", n)
		}

		refused(t, "its author restoring", env.API(t, "POST", "/comments/"+itoa(c)+"/undelete", bob, nil), http.StatusForbidden, "forbidden")
		refused(t, "a user restoring", env.API(t, "POST", "/comments/"+itoa(c)+"/undelete", ada, nil), http.StatusForbidden, "forbidden")
		refused(t, "a user restoring a missing comment", env.API(t, "POST", "/comments/999999/undelete", ada, nil), http.StatusForbidden, "forbidden")
		refused(t, "a visitor restoring", env.API(t, "POST", "/comments/"+itoa(c)+"/undelete", "", nil), http.StatusUnauthorized, "unauthorized")
		refused(t, "a missing comment", env.API(t, "POST", "/comments/999999/undelete", mod, nil), http.StatusNotFound, "not_found")
		if n := commentCount(); n != 0 {
			t.Fatalf("comment_count after refused restorings = %v, want 0", n)
		}
		call(mod, "POST", "/comments/"+itoa(c)+"/undelete", http.StatusNoContent)
		call(mod, "POST", "/comments/"+itoa(c)+"/undelete", http.StatusNoContent) // live already: nothing changes
		items := comments("")
		if len(items) != 1 || items[0].(map[string]any)["id"] != float64(c) || items[0].(map[string]any)["body"] != text {
			t.Fatalf("comments after restoring = %v, want the comment back", items)
		}
		if n := commentCount(); n != 1 {
			t.Fatalf("comment_count after restoring = %v, want 1", n)
		}
		audit := env.API(t, "GET", "/audit?action=comment.undelete", root, nil).Map(t)
		entries := audit["items"].([]any)
		if len(entries) != 1 {
			t.Fatalf("restorings in the audit log: %v", audit)
		}
		e := entries[0].(map[string]any)
		if e["target_type"] != "post" || e["target_id"] != float64(q) || e["detail"] != fmt.Sprintf("#%d: %s", c, text) ||
			e["actor"].(map[string]any)["username"] != "mod" {
			t.Fatalf("the restoring on record: %v", e)
		}
		noDrift(t, env)
	})
}
