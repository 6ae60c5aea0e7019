package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// loginRedirect checks that res sends the visitor to the log-in page for
// why, with a return to a path on this site that ends in suffix, and returns that path.
func loginRedirect(t *testing.T, res *testkit.Response, why, prefix, suffix string) string {
	t.Helper()
	if res.Status != http.StatusSeeOther {
		t.Fatalf("%s while logged out: %d, want a redirect to log in\n%s", why, res.Status, res.Body)
	}
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil || u.Path != "/login" || u.Host != "" {
		t.Fatalf("%s while logged out: redirect to %q, want /login", why, res.Header.Get("Location"))
	}
	next := u.Query().Get("next")
	if u.Query().Get("why") != why || !strings.HasPrefix(next, prefix) || !strings.HasSuffix(next, suffix) {
		t.Fatalf("%s while logged out: redirect to %q, want why=%s and next %s…%s", why, u, why, prefix, suffix)
	}
	return u.RequestURI()
}

// TestLoggedOutFormActionsLeadToLogIn: a visitor who is not logged in and
// presses a vote arrow without JavaScript (or accept, follow or flag on a
// page left open after the session ended) is sent to log in, told why, and
// brought back to the post afterwards, where the vote can be cast.
func TestLoggedOutFormActionsLeadToLogIn(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, adaTok := env.SignUp(t, "ada")
		_, bobTok := env.SignUp(t, "bob")
		qid := env.Ask(t, adaTok, "VPN certificate expired this morning", "vpn")
		aid := env.Answer(t, bobTok, qid, "Renew it in the self-service portal, then reconnect.")
		qpath, apath := "/questions/"+itoa(qid), "/questions/"+itoa(qid)+"/vpn-certificate-expired-this-morning"

		anon := newBrowser(env)
		page := anon.get(t, qpath)
		contains(t, page, `action="/posts/`+itoa(aid)+`/vote"`) // the arrows are shown to everyone
		vote := loginRedirect(t, anon.post(t, qpath, "/posts/"+itoa(aid)+"/vote", url.Values{"value": {"1"}}),
			"vote", apath, "#answer-"+itoa(aid))
		loginRedirect(t, anon.post(t, qpath, "/posts/"+itoa(qid)+"/vote", url.Values{"value": {"-1"}}),
			"vote", apath, "#post-"+itoa(qid))
		loginRedirect(t, anon.post(t, qpath, "/answers/"+itoa(aid)+"/accept", url.Values{"accept": {"true"}}),
			"accept", apath, "#answer-"+itoa(aid))
		loginRedirect(t, anon.post(t, qpath, "/questions/"+itoa(qid)+"/follow", url.Values{"follow": {"true"}}),
			"follow", apath, "")
		loginRedirect(t, anon.get(t, "/posts/"+itoa(aid)+"/flag"), "flag", "/posts/"+itoa(aid)+"/flag", "")

		// The log-in page says why, in the visitor's language, and keeps the way back.
		login := anon.get(t, vote)
		contains(t, login, `class="notice login-why"`, "Log in to vote; you come back to the post afterwards.",
			`name="next" value="`+apath+`#answer-`+itoa(aid)+`"`)
		de := anon.get(t, vote, "Accept-Language", "de")
		contains(t, de, "Melden Sie sich an, um zu bewerten")
		// Only the known reasons are shown; no text of the address reaches the page.
		odd := anon.get(t, "/login?why=%3Cb%3Eyour+account+is+locked%3C%2Fb%3E&next=/")
		if strings.Contains(string(odd.Body), "login-why") || strings.Contains(string(odd.Body), "your account is locked") {
			t.Fatalf("an unknown reason is shown on the log-in page:\n%s", odd.Body)
		}

		// Logged in, the visitor is back at the answer and the arrow votes.
		m := regexp.MustCompile(`name="next" value="([^"]*)"`).FindSubmatch(login.Body)
		env.SignUp(t, "carol")
		res := anon.post(t, vote, "/login", url.Values{"login": {"carol"}, "password": {"correct horse battery"}, "next": {string(m[1])}})
		if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != apath+"#answer-"+itoa(aid) {
			t.Fatalf("after log-in: %d to %q, want the answer", res.Status, loc)
		}
		if res := anon.post(t, apath, "/posts/"+itoa(aid)+"/vote", url.Values{"value": {"1"}}); res.Status != http.StatusSeeOther ||
			res.Header.Get("Location") != apath+"#answer-"+itoa(aid) {
			t.Fatalf("vote after log-in: %d %q", res.Status, res.Header.Get("Location"))
		}
		var a struct{ Score int }
		env.API(t, "GET", "/answers/"+itoa(aid), "", nil).JSON(t, &a)
		if a.Score != 1 {
			t.Fatalf("score after the vote: %d, want 1", a.Score)
		}
	})
}
