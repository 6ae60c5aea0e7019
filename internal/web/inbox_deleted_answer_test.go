package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestInboxLeadsPastADeletedAnswer: a notification about an answer a
// moderator deleted says so and leads to the question, not to an anchor the
// reader cannot see; its author still goes to it.
func TestInboxLeadsPastADeletedAnswer(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, mod := newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		mod.signUp(t, "mod")
		setRole(t, env, "mod", store.RoleModerator)
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Cheap watches at example.com, best prices, click now!"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.Status)
		}
		aid := regexp.MustCompile(`#answer-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
		if res := mod.post(t, qpath, "/posts/"+aid+"/delete", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d", res.Status)
		}
		for _, c := range []struct {
			b    *browser
			to   string
			gone bool
		}{{ada, "/questions/" + qid, true}, {bob, "/questions/" + qid + "#answer-" + aid, false}} {
			inbox := c.b.get(t, "/inbox")
			note := unreadNoteRE.FindSubmatch(inbox.Body)
			if note == nil {
				t.Fatalf("no notification:\n%s", inbox.Body)
			}
			if gone := regexp.MustCompile(`\(the answer has been deleted\)`).Match(inbox.Body); gone != c.gone {
				t.Errorf("inbox says the answer is deleted: %v, want %v", gone, c.gone)
			}
			if res := c.b.get(t, "/inbox/"+string(note[1])); res.Status != http.StatusSeeOther || res.Header.Get("Location") != c.to {
				t.Errorf("open: %d %s, want %s", res.Status, res.Header.Get("Location"), c.to)
			}
		}
	})
}
