package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var questionIDRE = regexp.MustCompile(`^/questions/(\d+)`)

// askVPN asks a vpn question through the form and returns its path.
func askVPN(t *testing.T, b *browser) string {
	t.Helper()
	res := b.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"VPN certificate expired this morning"},
		"body": {"The client says the certificate expired. What can I do?"}, "tags": {"vpn"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	return res.Header.Get("Location")
}

func TestInboxFollowsAndExpertsThroughPages(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		if res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Renew it in the self-service portal, then reconnect."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.Status)
		}
		// The header counts the unread notification; the inbox lists it.
		home := ada.get(t, "/")
		contains(t, home, `href="/inbox"`, `<span class="unread-count">1<span class="sr-only"> unread</span></span>`)
		in := ada.get(t, "/inbox")
		contains(t, in, "bob answered", "VPN certificate expired this morning", "1 unread", `class="note unread"`)
		link := regexp.MustCompile(`href="(/inbox/\d+)"`).FindStringSubmatch(string(in.Body))
		if link == nil {
			t.Fatalf("no notification link:\n%s", in.Body)
		}
		if res := ada.get(t, link[1]); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/questions/"+qid+"#answer-") {
			t.Fatalf("open: %d %s", res.Status, res.Header.Get("Location"))
		}
		if in := ada.get(t, "/inbox"); strings.Contains(string(in.Body), `class="unread-count"`) || !strings.Contains(string(in.Body), "0 unread") {
			t.Fatalf("still unread after opening:\n%s", in.Body)
		}
		if res := bob.get(t, link[1]); res.Status != http.StatusNotFound {
			t.Fatalf("bob opens ada's notification: %d", res.Status)
		}
		if res := newBrowser(env).get(t, "/inbox"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous inbox: %d", res.Status)
		}

		// The tag page shows its experts (bob, once his answer is
		// accepted) and a follow button that works without JavaScript.
		var answer store.Post
		if err := env.App.Store.DB.Where("parent_id = ?", qid).Take(&answer).Error; err != nil {
			t.Fatal(err)
		}
		if res := ada.post(t, qpath, "/answers/"+itoa(answer.ID)+"/accept", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d", res.Status)
		}
		tag := ada.get(t, "/tags/vpn")
		contains(t, tag, "Top experts", ">bob</a>", "Follow tag")
		if res := ada.post(t, "/tags/vpn", "/tags/vpn/follow", url.Values{"follow": {"true"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("follow tag: %d", res.Status)
		}
		contains(t, ada.get(t, "/tags/vpn"), "Unfollow tag")
		// The question page: the asker follows her question already.
		contains(t, ada.get(t, qpath), "Unfollow")
		if res := ada.post(t, qpath, "/questions/"+qid+"/follow", url.Values{"follow": {"false"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("unfollow question: %d", res.Status)
		}
		contains(t, ada.get(t, qpath), `value="true"`, "Follow</button>")

		// Settings: the "ask me about" line, picked tags and e-mail; errors keep what was typed.
		res := bob.post(t, "/settings", "/settings", url.Values{"ask_me_about": {"VPN & certificates"}, "tags": {"vpn nosuchtag"}, "email": {"daily"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad settings: %d", res.Status)
		}
		contains(t, res, "There is no tag “nosuchtag” yet.", `value="VPN &amp; certificates"`, `value="vpn nosuchtag"`)
		res = bob.post(t, "/settings", "/settings", url.Values{"ask_me_about": {"VPN & certificates"}, "tags": {"vpn"}, "email": {"immediate"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", res.Status, res.Body)
		}
		contains(t, bob.get(t, "/settings?saved=1"), "Your settings were saved.", `value="immediate" checked`)
		contains(t, ada.get(t, "/users/2"), "Ask me about", "VPN &amp; certificates")
		contains(t, ada.get(t, "/users/1"), "<h2 id=\"u-followed\">Follows these tags</h2>", `href="/tags/vpn"`)

		// The directory: the overview, a tag, free text, and the admin's SME form.
		contains(t, ada.get(t, "/experts"), `href="/experts?tag=vpn"`, ">bob</a>")
		contains(t, ada.get(t, "/experts?tag=vpn"), "Experts in", "1 person", "Ask me about: <bdi>VPN &amp; certificates</bdi>")
		if res := ada.get(t, "/experts?tag=nosuchtag"); res.Status != http.StatusNotFound {
			t.Fatalf("unknown tag: %d", res.Status)
		}
		if strings.Contains(string(ada.get(t, "/experts?tag=vpn").Body), "sme-username") {
			t.Fatal("a non-admin sees the SME form")
		}
		env.App.Store.DB.Model(&store.User{}).Where("username = ?", "ada").Update("role", store.RoleAdmin)
		if res := ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"bob"}, "sme": {"maybe"}}); res.Status != http.StatusBadRequest {
			t.Fatalf("sme=maybe: %d", res.Status)
		}
		if strings.Contains(string(ada.get(t, "/experts?tag=vpn").Body), `class="sme-mark"`) {
			t.Fatal("sme=maybe named an expert")
		}
		// "@bob", as pages write usernames, is bob.
		res = ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"@bob"}, "sme": {"true"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("name SME: %d %s", res.Status, res.Body)
		}
		// Back at the form, a notice says what changed.
		var bobUser store.User
		if err := env.App.Store.DB.Where("username = ?", "bob").Take(&bobUser).Error; err != nil {
			t.Fatal(err)
		}
		bobID := itoa(bobUser.ID)
		if at := res.Header.Get("Location"); at != "/experts?tag=vpn&sme="+bobID+"&named=1#sme-admin-h" {
			t.Fatalf("naming an SME leads to %q", at)
		}
		contains(t, ada.get(t, "/experts?tag=vpn&sme="+bobID+"&named=1"), `class="sme-mark"`, "sme-username", "@bob",
			"id=\"sme-changed\">bob is now a subject-matter expert of [vpn]")
		contains(t, ada.get(t, "/experts?tag=vpn&sme="+bobID+"&named=1", "Accept-Language", "de"), "ist jetzt Fachexpertin oder Fachexperte für [vpn]")
		if strings.Contains(string(bob.get(t, "/experts?tag=vpn&sme="+bobID+"&named=1").Body), "sme-changed") {
			t.Error("a member is shown the admin's notice")
		}
		res = ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"bob"}, "sme": {"false"}})
		if at := res.Header.Get("Location"); res.Status != http.StatusSeeOther || at != "/experts?tag=vpn&sme="+bobID+"&named=0#sme-admin-h" {
			t.Fatalf("removing an SME: %d, to %q", res.Status, at)
		}
		contains(t, ada.get(t, "/experts?tag=vpn&sme="+bobID+"&named=0"), "id=\"sme-changed\">bob is no longer a subject-matter expert of [vpn].")
		if res := ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"bob"}, "sme": {"true"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("name SME again: %d", res.Status)
		}
		// A username nobody has is shown under the form, with what was typed.
		res = ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"nobody.here"}, "sme": {"true"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown SME: %d", res.Status)
		}
		contains(t, res, `id="username-error"`, "Nobody has this username.", `value="nobody.here"`, `id="sme-username"`)
		// An empty username is a missing field, not an unknown name.
		for _, empty := range []string{"", "  ", "@"} {
			res = ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {empty}, "sme": {"true"}})
			if res.Status != http.StatusUnprocessableEntity || strings.Contains(string(res.Body), "Nobody has this username.") {
				t.Fatalf("empty SME username %q: %d", empty, res.Status)
			}
			contains(t, res, `id="username-error"`, "This field is required.", `id="sme-username"`)
		}
		// So is a deactivated account, which cannot be an SME (not a bare 409 page).
		env.SignUp(t, "cara")
		env.App.Store.DB.Model(&store.User{}).Where("username = ?", "cara").Update("deactivated_at", time.Now())
		res = ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"cara"}, "sme": {"true"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("deactivated SME: %d", res.Status)
		}
		contains(t, res, `id="username-error"`, "This account is deactivated: it cannot be a subject-matter expert.", `value="cara"`, `id="sme-username"`, "Experts in")
		if res := bob.post(t, "/tags/vpn", "/tags/vpn/smes", url.Values{"username": {"nobody.here"}}); res.Status != http.StatusForbidden {
			t.Fatalf("non-admin names an unknown SME: %d", res.Status)
		}
		if res := bob.post(t, "/tags/vpn", "/tags/vpn/smes", url.Values{"username": {"bob"}}); res.Status != http.StatusForbidden {
			t.Fatalf("non-admin names SME: %d", res.Status)
		}
	})
}

func TestUnsubscribeLinkFromAnEmail(t *testing.T) {
	srv := notifytest.Start(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.BaseURL = "http://stackdesk.test"
		c.Notify.SMTPAddr, c.Notify.EmailFrom, c.Notify.DefaultMode = srv.Addr, "desk@example.com", config.EmailImmediate
	})
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "VPN certificate expired this morning", "vpn")
	env.Answer(t, bob, q, "Renew it in the self-service portal, then reconnect.")
	if _, err := env.App.Mailer.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "ada@example.com" {
		t.Fatalf("messages %+v", msgs)
	}
	m := regexp.MustCompile(`http://stackdesk\.test(/unsubscribe/[0-9a-f]+)`).FindStringSubmatch(msgs[0].Body)
	if m == nil {
		t.Fatalf("no unsubscribe link:\n%s", msgs[0].Body)
	}
	b := newBrowser(env) // the link works without logging in
	page := b.get(t, m[1])
	contains(t, page, "Stop notification e-mails for ada?", `action="`+m[1]+`"`)
	// A mail program's one-click unsubscribe: a plain POST without a CSRF token.
	req, _ := http.NewRequest("POST", env.URL+m[1], strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := b.do(t, req)
	contains(t, res, "You will get no more notification e-mails.")
	if mode, _ := env.App.Notify.EmailMode(context.Background(), 1); mode != config.EmailOff {
		t.Fatalf("mode %s", mode)
	}
	if res := b.get(t, "/unsubscribe/"+strings.Repeat("0", 48)); res.Status != http.StatusNotFound {
		t.Fatalf("bad token: %d", res.Status)
	}
	env.Answer(t, bob, q, "Another answer that must not be e-mailed now.")
	if n, _ := env.App.Mailer.SendDue(context.Background()); n != 0 || len(srv.Messages()) != 0 {
		t.Fatalf("e-mailed after unsubscribing: %d", n)
	}
}
