package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDeletedPostsListOnTheProfile checks a member finds their deleted
// questions and answers on their profile, with who deleted them and when,
// linked to the posts they may still open; a moderator finds anyone's;
// other members and visitors find neither the link nor the list.
func TestDeletedPostsListOnTheProfile(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		createModerator(t, env)
		mod := env.API(t, "POST", "/tokens", "", map[string]string{"username": "mod", "password": "correct horse battery"}).Map(t)["token"].(string)
		call := func(tok, method, path string, want int) {
			t.Helper()
			if res := env.API(t, method, path, tok, nil); res.Status != want {
				t.Fatalf("%s %s: %d %s", method, path, res.Status, res.Body)
			}
		}
		q1 := env.Ask(t, ada, "Laptop fan runs loud after the update", "hardware")
		q2 := env.Ask(t, bob, "Shared mailbox missing in Outlook", "outlook")
		a := env.Answer(t, ada, q2, "Add it under Account settings, then More settings, Advanced.")
		live := env.Ask(t, ada, "Wi-Fi drops in meeting room B", "wifi")
		call(ada, "DELETE", fmt.Sprintf("/questions/%d", q1), http.StatusNoContent)
		call(mod, "DELETE", fmt.Sprintf("/answers/%d", a), http.StatusNoContent)

		profile := fmt.Sprintf("/users/%d", adaID)
		tab := profile + "?tab=deleted"
		own := newBrowser(env)
		own.logIn(t, "ada")
		contains(t, own.get(t, profile), `href="?tab=deleted#u-deleted"`, "2 deleted posts")
		res := own.get(t, tab)
		contains(t, res, "2 deleted posts", "Only you and moderators see this list.",
			fmt.Sprintf(`href="/questions/%d/laptop-fan-runs-loud-after-the-update"`, q1), "by you",
			fmt.Sprintf(`href="/questions/%d#answer-%d"`, q2, a), "Shared mailbox missing in Outlook", "by mod")
		body := string(res.Body)
		// The latest deleted first; the live question is not in the list.
		if strings.Index(body, fmt.Sprintf("deleted-%d", a)) > strings.Index(body, fmt.Sprintf("deleted-%d", q1)) {
			t.Fatal("the answer deleted last is not listed first")
		}
		if strings.Contains(body, fmt.Sprintf("deleted-%d", live)) {
			t.Fatal("a live question is listed as deleted")
		}
		// The links open for her.
		if r := own.get(t, fmt.Sprintf("/questions/%d", q1)); r.Status != http.StatusOK {
			t.Fatalf("her deleted question: %d", r.Status)
		}

		// A moderator sees her list, with the names.
		m := newBrowser(env)
		m.logIn(t, "mod")
		contains(t, m.get(t, profile), "2 deleted posts")
		contains(t, m.get(t, tab), "Only this member and moderators see this list.", "by ada", "by mod")

		// Bob and a visitor: no link, and no list.
		for name, b := range map[string]*browser{"bob": newBrowser(env), "visitor": newBrowser(env)} {
			if name == "bob" {
				b.logIn(t, "bob")
			}
			if p := b.get(t, profile); p.Status != http.StatusOK || strings.Contains(string(p.Body), "deleted post") {
				t.Fatalf("%s sees the deleted posts' link: %d", name, p.Status)
			}
			if r := b.get(t, tab); r.Status != http.StatusNotFound || strings.Contains(string(r.Body), "Laptop fan") {
				t.Fatalf("%s opens the list: %d", name, r.Status)
			}
		}

		// Restored, it leaves the list; past the end, the page says so.
		call(ada, "POST", fmt.Sprintf("/posts/%d/undelete", q1), http.StatusNoContent)
		res = own.get(t, tab)
		contains(t, res, "1 deleted post")
		if strings.Contains(string(res.Body), fmt.Sprintf("deleted-%d", q1)) {
			t.Fatal("a restored question is still listed")
		}
		if r := own.get(t, tab+"&page=2"); r.Status != http.StatusOK || strings.Contains(string(r.Body), fmt.Sprintf("deleted-%d", a)) {
			t.Fatalf("page 2: %d", r.Status)
		}

		// The moderator restores the answer: ada's inbox says so, with a link to it.
		call(mod, "POST", fmt.Sprintf("/posts/%d/undelete", a), http.StatusNoContent)
		contains(t, own.get(t, "/inbox"), "</span> restored your post: <span class=\"note-title\" dir=\"auto\">Shared mailbox missing in Outlook")
		if p := own.get(t, profile); strings.Contains(string(p.Body), "deleted post") {
			t.Fatal("the link stays with nothing deleted")
		}
	})
}
