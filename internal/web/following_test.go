package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestFollowingPage: /following lists the questions a user follows (asked
// or answered by them, or followed with the button) and their tags, and
// unfollows each from there, coming back to the list.
func TestFollowingPage(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		if res := newBrowser(env).get(t, "/following"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous /following: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, bob.get(t, "/following"), "You follow no questions", "You follow no tags")
		// The line beside the button says what following does, or what it does now.
		contains(t, bob.get(t, qpath, "Accept-Language", "de"), ">Folgen</button>", "Lassen Sie sich bei jeder neuen Antwort benachrichtigen.")
		contains(t, ada.get(t, qpath, "Accept-Language", "de"), ">Nicht mehr folgen</button>", "Sie erhalten zu jeder neuen Antwort eine Benachrichtigung.")
		contains(t, bob.get(t, "/tags/vpn"), ">Follow tag</button>", "Get a notification for each new question in this tag.")
		if res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Renew it in the self-service portal, then reconnect."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.Status)
		}
		if res := bob.post(t, "/tags/vpn", "/tags/vpn/follow", url.Values{"follow": {"true"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("follow tag: %d", res.Status)
		}
		contains(t, bob.get(t, "/tags/vpn"), ">Unfollow tag</button>", "You get a notification for each new question in this tag.")
		page := bob.get(t, "/following")
		contains(t, page, "<h1>Following</h1>", "1 question", "VPN certificate expired this morning", "1 answer", `action="/questions/`+qid+`/follow"`, `href="/tags/vpn"`, "Unfollow tag")
		if strings.Contains(string(page.Body), "asked by you") {
			t.Errorf("bob's list marks ada's question as his")
		}
		contains(t, ada.get(t, "/following"), "VPN certificate expired this morning", "asked by you")
		contains(t, ada.get(t, "/inbox"), `href="/following"`)
		contains(t, ada.get(t, "/settings"), `<a href="/following">Following</a>`) // where the notification e-mails are set
		// In German the page says what it lists; a new question in a tag
		// followed reaches the inbox so worded.
		contains(t, bob.get(t, "/following", "Accept-Language", "de"), "<h1>Fragen und Tags, denen Sie folgen</h1>")
		carl := newBrowser(env)
		carl.signUp(t, "carl")
		if res := carl.post(t, "/tags/vpn", "/tags/vpn/follow", url.Values{"follow": {"true"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("carl follows the tag: %d", res.Status)
		}
		if res := ada.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"VPN client hangs at connecting after the update"},
			"body": {"Since this morning the client hangs at connecting; a restart does not help."}, "tags": {"vpn"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d", res.Status)
		}
		contains(t, carl.get(t, "/inbox", "Accept-Language", "de"), `Neue Frage mit dem Tag vpn: <span class="note-title" dir="auto">VPN client hangs`)

		// Unfollowing from the list comes back to it, without the question.
		res := bob.post(t, "/following", "/questions/"+qid+"/follow", url.Values{"follow": {"false"}, "next": {"/following"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/following" {
			t.Fatalf("unfollow from the list: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, bob.get(t, "/following"), "You follow no questions", `href="/tags/vpn"`)
		res = bob.post(t, "/following", "/tags/vpn/follow", url.Values{"follow": {"false"}, "next": {"/following"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/following" {
			t.Fatalf("unfollow tag from the list: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, bob.get(t, "/following"), "You follow no tags")
		// next leads back into the site only.
		res = ada.post(t, qpath, "/questions/"+qid+"/follow", url.Values{"follow": {"true"}, "next": {"//evil.example/x"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("next off the site: %d %s", res.Status, res.Header.Get("Location"))
		}
	})
}
