package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestDeletedAnswerUnderADeletedQuestion checks a member's deleted answer
// whose question is deleted too, and someone else's, is listed on their
// profile without a link to the question (it would be a 404 for them) and
// without its title, with a note that its question was deleted; an answer
// on their own deleted question keeps its link, and a moderator still gets
// both links. Who deleted them is named with the staff mark.
func TestDeletedAnswerUnderADeletedQuestion(t *testing.T) {
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
		theirs := env.Ask(t, bob, "Confidential: payroll export fails for the board", "payroll")
		gone := env.Answer(t, ada, theirs, "Run the export from the finance share instead.")
		mine := env.Ask(t, ada, "Printer on floor 3 jams on duplex", "printer")
		kept := env.Answer(t, ada, mine, "Update: the duplex unit was replaced, it works now.")
		call(mod, "DELETE", fmt.Sprintf("/answers/%d", gone), http.StatusNoContent)
		call(mod, "DELETE", fmt.Sprintf("/questions/%d", theirs), http.StatusNoContent)
		call(ada, "DELETE", fmt.Sprintf("/answers/%d", kept), http.StatusNoContent)
		call(mod, "DELETE", fmt.Sprintf("/questions/%d", mine), http.StatusNoContent)

		tab := fmt.Sprintf("/users/%d?tab=deleted", adaID)
		own := newBrowser(env)
		own.logIn(t, "ada")
		body := string(own.get(t, tab).Body)
		entry := func(body string, id int64) string {
			t.Helper()
			start := strings.Index(body, fmt.Sprintf(`<li id="deleted-%d">`, id))
			if start < 0 {
				t.Fatalf("deleted post %d is not listed:\n%s", id, body)
			}
			end := strings.Index(body[start:], "</li>")
			return body[start : start+end]
		}
		g := entry(body, gone)
		if strings.Contains(g, "href=") || strings.Contains(body, "payroll") || strings.Contains(body, fmt.Sprintf("/questions/%d", theirs)) {
			t.Errorf("the answer on bob's deleted question links it or shows its title:\n%s", g)
		}
		if !strings.Contains(g, "its question has since been deleted and can no longer be opened") {
			t.Errorf("the answer on bob's deleted question does not say why it has no link:\n%s", g)
		}
		if !strings.Contains(g, "by mod"+staffMark("moderator")) {
			t.Errorf("the moderator's name has no staff mark:\n%s", g)
		}
		if r := own.get(t, fmt.Sprintf("/questions/%d", theirs)); r.Status != http.StatusNotFound {
			t.Fatalf("bob's deleted question opens for ada: %d", r.Status)
		}
		// Her answer on her own deleted question: the link opens for her.
		k := entry(body, kept)
		if !strings.Contains(k, fmt.Sprintf(`href="/questions/%d#answer-%d"`, mine, kept)) || !strings.Contains(k, "Printer on floor 3 jams on duplex") ||
			!strings.Contains(k, "by you") {
			t.Errorf("the answer on her own deleted question:\n%s", k)
		}
		if r := own.get(t, fmt.Sprintf("/questions/%d", mine)); r.Status != http.StatusOK {
			t.Fatalf("her own deleted question: %d", r.Status)
		}
		contains(t, own.get(t, tab, "Accept-Language", "de"), "die zugehörige Frage wurde inzwischen gelöscht", "von mod"+staffMark("Moderation"))

		// The moderator may open both questions: both links, with titles.
		m := newBrowser(env)
		m.logIn(t, "mod")
		mb := string(m.get(t, tab).Body)
		if g := entry(mb, gone); !strings.Contains(g, fmt.Sprintf(`href="/questions/%d#answer-%d"`, theirs, gone)) || !strings.Contains(g, "Confidential: payroll export") {
			t.Errorf("the moderator's list:\n%s", g)
		}
		if k := entry(mb, kept); !strings.Contains(k, "by ada") || strings.Contains(k, "staff-mark") {
			t.Errorf("ada's own deletion, as the moderator sees it:\n%s", k)
		}
	})
}
