package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestHistoryTellsADeletedAcceptedAnswer: when a moderator deletes an
// accepted answer, the asker's and the answerer's reputation history says
// so, not that the asker took the acceptance back.
func TestHistoryTellsADeletedAcceptedAnswer(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ada, bob, mod := newBrowser(env), newBrowser(env), newBrowser(env)
	ada.signUp(t, "ada") // user 1
	bob.signUp(t, "bob") // user 2
	mod.signUp(t, "mod")
	setRole(t, env, "mod", store.RoleModerator)
	qpath := askVPN(t, ada)
	qid := questionIDRE.FindStringSubmatch(qpath)[1]
	res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Restart the VPN client and log in again with your token."}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.Status)
	}
	aid := regexp.MustCompile(`#answer-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
	if res := ada.post(t, qpath, "/answers/"+aid+"/accept", url.Values{"accept": {"true"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.Status)
	}
	if res := mod.post(t, qpath, "/posts/"+aid+"/delete", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.Status)
	}
	asker := ada.get(t, "/users/1")
	contains(t, asker, "Accepted answer to their question (or the question) deleted")
	contains(t, ada.get(t, "/users/2"), "Accepted answer (or its question) deleted")
	contains(t, ada.get(t, "/users/1", "Accept-Language", "de"), "Akzeptierte Antwort auf die eigene Frage (oder die Frage) gelöscht")
	// Read by someone else, the asker's history speaks of the asker, not of
	// the reader: "their question", "der eigenen Frage".
	for _, lang := range []string{"en", "de"} {
		other := bob.get(t, "/users/1", "Accept-Language", lang)
		contains(t, other, map[string]string{"en": "Accepted an answer to their question", "de": "Eine Antwort auf die eigene Frage akzeptiert"}[lang])
		for _, yours := range []string{"your question", "Ihre Frage"} {
			if strings.Contains(string(other.Body), yours) {
				t.Errorf("someone else's history (%s) says %q", lang, yours)
			}
		}
	}
	if strings.Contains(string(asker.Body), "Took back accepting") {
		t.Errorf("the asker's history says they took the acceptance back")
	}
}
