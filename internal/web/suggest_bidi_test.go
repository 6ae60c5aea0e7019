package web_test

import (
	"net/http"
	"strconv"
	"testing"

	"stackdesk/internal/testkit"
)

// TestSuggestionNamesAreIsolated: the names the suggested-edit flow puts
// into its sentences (the edit page's notice of a waiting suggestion, the
// suggestion page's approved, rejected and closed notices, and the
// revision history's "suggested edit approved by") are isolated, so a
// right-to-left name cannot pull the date or the words after it into
// itself.
func TestSuggestionNamesAreIsolated(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		const adaName, bobName = "שלום עולם 2", "سارة أحمد 7"
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		for tok, name := range map[string]string{ada: adaName, bob: bobName} {
			if res := env.API(t, "PATCH", "/me", tok, map[string]string{"display_name": name}); res.Status != http.StatusOK {
				t.Fatalf("rename: %d %s", res.Status, res.Body)
			}
		}
		qid := env.Ask(t, ada, "Docking station does not detect the second monitor", "docking")
		q := strconv.FormatInt(qid, 10)
		suggest := func(body string) string {
			t.Helper()
			res := env.API(t, "POST", "/posts/"+q+"/suggested-edits", bob, map[string]any{"body": body})
			if res.Status != http.StatusCreated {
				t.Fatalf("suggest: %d %s", res.Status, res.Body)
			}
			return "/suggested-edits/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
		}
		isolated := func(name string) string { return "\u2068" + name + "\u2069" }
		page := newBrowser(env)
		page.logIn(t, "ada")

		approved := suggest("The docking station finds only one of my two monitors since the firmware update of Monday.")
		contains(t, page.get(t, "/posts/"+q+"/edit"), "An edit suggested by "+isolated(bobName)+" is waiting for review.")
		if res := env.API(t, "POST", approved+"/approve", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("approve: %d %s", res.Status, res.Body)
		}
		contains(t, page.get(t, approved), "Approved by "+isolated(adaName)+" <time")
		contains(t, page.get(t, "/posts/"+q+"/revisions"), "suggested edit approved by "+isolated(adaName)+" · <time")

		rejected := suggest("The docking station finds only one of my two monitors since the firmware update of Monday, over USB-C.")
		if res := env.API(t, "POST", rejected+"/reject", ada, map[string]string{"reason": "no_improvement"}); res.Status != http.StatusOK {
			t.Fatalf("reject: %d %s", res.Status, res.Body)
		}
		contains(t, page.get(t, rejected), "Rejected by "+isolated(adaName)+": ")

		closed := suggest("The docking station finds only one of my two monitors since the firmware update of Monday, over HDMI.")
		if res := env.API(t, "PATCH", "/questions/"+q, ada, map[string]any{"body": "The dock sees one monitor of two since the firmware update on Monday."}); res.Status != http.StatusOK {
			t.Fatalf("direct edit: %d %s", res.Status, res.Body)
		}
		contains(t, page.get(t, closed), "Closed unreviewed: "+isolated(adaName)+" edited the post")
	})
}
