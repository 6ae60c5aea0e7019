package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/testkit"
)

// printerQuestion posts an answered question that no VPN problem shows.
func printerQuestion(t *testing.T, env *testkit.Env) string {
	t.Helper()
	_, dora := env.SignUp(t, "dora")
	_, eve := env.SignUp(t, "eve")
	qid := env.Ask(t, dora, "Printer prints blank pages after the toner change", "printer")
	env.Answer(t, eve, qid, "Remove the sealing tape from the new toner cartridge and print again.")
	env.Searchable(t)
	return itoa(qid)
}

// TestHelpOpensOnlyWhatItShowed: a help session's pages open, and are
// solved by, only a question the session showed. A crafted
// /help/N/open/Q of another question leads back to the suggestions with
// an inline message (422, no view recorded), and "This solved my problem"
// naming it is refused the same way; the suggestion shown still opens and
// solves. The same holds for a site-search session, and "solved" from a
// search page without a session names a result of that page or nothing.
func TestHelpOpensOnlyWhatItShowed(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		qid := answeredQuestion(t, env)
		other := printerQuestion(t, env)
		db := env.App.Store.DB
		session := func(id string) deflection.Session {
			t.Helper()
			var s deflection.Session
			if err := db.Where("id = ?", id).Take(&s).Error; err != nil {
				t.Fatalf("session %s: %v", id, err)
			}
			return s
		}
		refused := func(res *testkit.Response, sid, what string, views int) {
			t.Helper()
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d %s, want 422", what, res.Status, res.Header.Get("Location"))
			}
			contains(t, res, `id="question_id-error"`, "This help request did not show that question: open one of its suggestions.",
				`href="/help/`+sid+`/open/`+qid+`"`)
			if strings.Contains(string(res.Body), `href="/help/`+sid+`/open/`+other+`"`) {
				t.Fatalf("%s: the page offers the question never shown", what)
			}
			if s := session(sid); s.Views != views || s.OutcomeName() != "" {
				t.Fatalf("%s left %d views, outcome %q", what, s.Views, s.OutcomeName())
			}
		}

		anon := newBrowser(env)
		res := anon.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
		m := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))
		if m == nil {
			t.Fatalf("submit: %d %s", res.Status, res.Header.Get("Location"))
		}
		sid := m[1]
		refused(anon.get(t, "/help/"+sid+"/open/"+other), sid, "opening a question never shown", 0)
		refused(anon.post(t, "/questions/"+other+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {other}}),
			sid, "solved by a question never shown", 0)
		if res := anon.get(t, "/help/"+sid+"/open/"+qid); res.Status != http.StatusSeeOther {
			t.Fatalf("opening the suggestion: %d", res.Status)
		}
		if res := anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}}); res.Status != http.StatusSeeOther {
			t.Fatalf("solved by the suggestion: %d", res.Status)
		}
		if s := session(sid); s.OutcomeName() != deflection.OutcomeSolved || s.QuestionID == nil || itoa(*s.QuestionID) != qid {
			t.Fatalf("after the suggestion: %+v", s)
		}

		// The site search: its session opens the results it showed.
		searcher := newBrowser(env)
		searcher.get(t, "/search?q=vpn+drops") // sets the cookie
		sm := sessionFieldRE.FindStringSubmatch(string(searcher.get(t, "/search?q=vpn+drops").Body))
		if sm == nil {
			t.Fatal("no site-search session")
		}
		ssid := sm[1]
		if res := searcher.get(t, "/help/"+ssid+"/open/"+qid); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/questions/"+qid+"?help="+ssid {
			t.Fatalf("opening a result: %d %s", res.Status, res.Header.Get("Location"))
		}
		refused(searcher.get(t, "/help/"+ssid+"/open/"+other), ssid, "opening a question the search did not show", 1)

		// "Solved" from a search that recorded no session: a result of its page, or nothing.
		var before, after int64
		db.Model(&deflection.Session{}).Count(&before)
		fresh := newBrowser(env)
		form := url.Values{"question_id": {other}, "q": {"vpn drops"}, "sort": {""}, "page": {""}, "exact": {""}}
		if res := fresh.post(t, "/questions/"+other, "/help/solved", form); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("solved from a search that did not find it: %d %s", res.Status, res.Header.Get("Location"))
		}
		db.Model(&deflection.Session{}).Count(&after)
		if after != before {
			t.Fatalf("the refused solved left %d sessions", after-before)
		}
		form.Set("question_id", qid)
		if res := fresh.post(t, "/questions/"+qid, "/help/solved", form); res.Status != http.StatusSeeOther {
			t.Fatalf("solved from the search that found it: %d %s", res.Status, res.Body)
		}
	})
}

// TestHelpPagesWithoutSuggestionsShowNothing: the pages of a session that
// show no suggestions (asking the community, a ticket) neither search nor
// add to what the session was shown, so a question the index finds only
// later is not opened through them; the session's own page, which shows
// it, makes it one to open.
func TestHelpPagesWithoutSuggestionsShowNothing(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		answeredQuestion(t, env)
		env.SignUp(t, "hal")
		member := newBrowser(env) // asking needs a member
		member.logIn(t, "hal")
		res := member.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
		m := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))
		if m == nil {
			t.Fatalf("submit: %d %s", res.Status, res.Header.Get("Location"))
		}
		sid := m[1]
		_, fay := env.SignUp(t, "fay")
		_, gus := env.SignUp(t, "gus")
		laterID := env.Ask(t, fay, "VPN drops all the time on the train", "vpn")
		env.Answer(t, gus, laterID, "The train's Wi-Fi blocks the VPN's UDP port: switch the client to TCP.")
		later := itoa(laterID)
		env.Searchable(t)

		for _, page := range []string{"/help/" + sid + "/ask", "/help/" + sid + "/ticket"} {
			if res := member.get(t, page); res.Status != http.StatusOK {
				t.Fatalf("%s: %d", page, res.Status)
			}
		}
		if res := member.get(t, "/help/"+sid+"/open/"+later); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a question only found later, after the ask and ticket pages: %d, want 422", res.Status)
		}
		contains(t, member.get(t, "/help/"+sid), `href="/help/`+sid+`/open/`+later+`"`)
		if res := member.get(t, "/help/"+sid+"/open/"+later); res.Status != http.StatusSeeOther {
			t.Fatalf("the question the session's page now shows: %d, want 303", res.Status)
		}
	})
}
