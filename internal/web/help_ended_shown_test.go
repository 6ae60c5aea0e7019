package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestEndedHelpPageKeepsWhatWasShown: the Get-help page of a session that
// ended says first what came of it; its suggestions stay, but as what the
// visitor was shown for their search (plain links to the questions, not
// live suggestions that record views); while the session still takes a
// question or a ticket (solved, but not after all; asked, but no answer)
// those stay offered for the same problem; and the search field is empty,
// for a new problem, which starts a new help request.
func TestEndedHelpPageKeepsWhatWasShown(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		qid := answeredQuestion(t, env)
		anon := newBrowser(env)
		res := anon.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		anon.get(t, "/help/"+sid+"/open/"+qid)
		if res := anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}}); res.Status != http.StatusSeeOther {
			t.Fatalf("solved: %d", res.Status)
		}

		page := anon.get(t, "/help/"+sid)
		body := string(page.Body)
		contains(t, page, `id="help-ended"`, `Solved by: <a href="/questions/`+qid+`"`,
			`<h2 id="help-again-title">Not solved after all?</h2>`, `id="help-again-ask" href="/help/`+sid+`/ask"`, `id="help-again-ticket" href="/help/`+sid+`/ticket"`,
			`<h2 id="help-new-title">Another problem?</h2>`, `name="session" value=""`, `aria-controls="help-results"></textarea>`,
			`<h2 id="help-shown-title">What you were shown for “my vpn drops all the time”</h2>`,
			`<a href="/questions/`+qid+`" dir="auto">VPN drops every ten minutes on Windows</a>`)
		ended, shown, form := strings.Index(body, `id="help-ended"`), strings.Index(body, `id="help-shown-title"`), strings.Index(body, `id="help-form"`)
		if ended > form || form > shown {
			t.Errorf("the page does not say first what came of it: ended at %d, form at %d, what was shown at %d", ended, form, shown)
		}
		for _, live := range []string{"/help/" + sid + "/open/", "<h2>Existing answers</h2>", "<h2>Asked before, no answer yet</h2>"} {
			if strings.Contains(body, live) {
				t.Errorf("the ended session's suggestions are listed as live: %q", live)
			}
		}
		contains(t, anon.get(t, "/help/"+sid, "Accept-Language", "de"), "Was Ihnen zu „my vpn drops all the time“ vorgeschlagen wurde",
			"Doch nicht gelöst?", "Ein anderes Problem?")
		// What is offered for the same problem works.
		contains(t, anon.get(t, "/help/"+sid+"/ticket"), `action="/help/`+sid+`/ticket"`)

		// A ticket after all: the page says so; nothing more for this problem, a new one still.
		if res := anon.post(t, "/help/"+sid+"/ticket", "/help/"+sid+"/ticket", url.Values{"subject": {"VPN drops"},
			"body": {"Still drops after switching to TCP."}, "email": {"anon@example.com"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		page = anon.get(t, "/help/"+sid)
		contains(t, page, `id="help-ended"`, "Your ticket #", `<a href="/help">Describe another problem</a>`, `action="/help"`,
			`What you were shown for “my vpn drops all the time”`)
		if strings.Contains(string(page.Body), `id="help-again`) {
			t.Error("an ended session that takes nothing more offers a question or ticket for it")
		}
		// A new problem from the page is a new help request.
		res = anon.post(t, "/help/"+sid, "/help", url.Values{"query": {"printer prints blank pages"}, "session": {""}})
		if m := helpPathRE.FindStringSubmatch(res.Header.Get("Location")); m == nil || m[1] == sid {
			t.Fatalf("a new problem from the ended page: %d %s", res.Status, res.Header.Get("Location"))
		}

		// Asked, logged in: a ticket is still offered for the same problem, a question no more.
		emp := newBrowser(env)
		emp.signUp(t, "emma")
		res = emp.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
		sid = helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		if res := emp.post(t, "/help/"+sid+"/ask", "/help/"+sid+"/ask", url.Values{"title": {"VPN drops every few minutes at home"},
			"body": {"TCP mode did not help; it drops at home only."}, "tags": {"vpn"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		page = emp.get(t, "/help/"+sid)
		contains(t, page, `You asked: <a href="/questions/`, `<h2 id="help-again-title">Still no answer?</h2>`, `id="help-again-ticket" href="/help/`+sid+`/ticket"`)
		if strings.Contains(string(page.Body), `id="help-again-ask"`) {
			t.Error("a session that ended with a question offers another question")
		}
	})
}

// TestFollowUnansweredFromGetHelp: a question like the visitor's that
// nobody has answered carries a Follow button on the Get-help page (not
// one with answers): a member follows it there (a form with its CSRF
// token, back to the same place), sees it followed, and is told when it
// gets an answer. A visitor who is not logged in gets a log-in link that
// says why and returns them to their help request; a form without its
// CSRF token follows nothing.
func TestFollowUnansweredFromGetHelp(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		answered := answeredQuestion(t, env)
		_, dora := env.SignUp(t, "dora")
		bareID := env.Ask(t, dora, "VPN drops when the laptop lid closes", "vpn")
		bare := itoa(bareID)
		env.Searchable(t)
		const problem = "vpn drops when the laptop lid closes"

		anon := newBrowser(env)
		res := anon.post(t, "/help", "/help", url.Values{"query": {problem}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		page := anon.get(t, "/help/"+sid)
		login := `/login?why=help_follow&amp;next=%2Fhelp%2F` + sid
		contains(t, page, `<a class="small" href="`+login+`" rel="nofollow">Log in to follow this question and be told when it is answered</a>`)
		if strings.Contains(string(page.Body), `/follow"`) {
			t.Error("a visitor who is not logged in is offered a follow form")
		}
		contains(t, anon.get(t, strings.ReplaceAll(login, "&amp;", "&")), "Log in to follow a question; you come back to your help request afterwards.",
			`name="next" value="/help/`+sid+`"`)

		emp := newBrowser(env)
		emp.signUp(t, "emma")
		res = emp.post(t, "/help", "/help", url.Values{"query": {problem}})
		sid = helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		page = emp.get(t, "/help/"+sid)
		contains(t, page, `<form method="post" action="/questions/`+bare+`/follow" class="follow-form help-follow">`,
			`name="next" value="/help/`+sid+`#suggestion-`+bare+`"`,
			`aria-pressed="false">Follow<span class="sr-only"> VPN drops when the laptop lid closes</span></button>`)
		if strings.Contains(string(page.Body), `action="/questions/`+answered+`/follow"`) {
			t.Error("a question with answers carries a follow button on the Get-help page")
		}
		if strings.Contains(string(page.Body), "why=help_follow") {
			t.Error("a member is asked to log in to follow")
		}
		var emmaID int64
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "emma").Pluck("id", &emmaID).Error; err != nil {
			t.Fatal(err)
		}
		follows := func() int64 {
			t.Helper()
			var n int64
			if err := env.App.Store.DB.Table("question_follows").Where("user_id = ? AND question_id = ? AND NOT muted", emmaID, bareID).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Without the CSRF token: refused, nothing followed.
		if res := emp.postForm(t, "/questions/"+bare+"/follow", url.Values{"follow": {"true"}, "next": {"/help/" + sid}}); res.Status != http.StatusForbidden || follows() != 0 {
			t.Fatalf("a follow without the CSRF token: %d, %d follows", res.Status, follows())
		}
		res = emp.post(t, "/help/"+sid, "/questions/"+bare+"/follow", url.Values{"follow": {"true"}, "next": {"/help/" + sid + "#suggestion-" + bare}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"#suggestion-"+bare || follows() != 1 {
			t.Fatalf("follow from Get help: %d %s, %d follows", res.Status, res.Header.Get("Location"), follows())
		}
		contains(t, emp.get(t, "/help/"+sid), `name="follow" value="false"`,
			`aria-pressed="true">Unfollow<span class="sr-only"> VPN drops when the laptop lid closes</span></button>`,
			"You get a notification when it is answered.")
		contains(t, emp.get(t, "/help/"+sid, "Accept-Language", "de"), "Sie erhalten eine Benachrichtigung, sobald sie beantwortet wird.")

		// Someone answers it: the employee is told.
		_, eve := env.SignUp(t, "eve")
		env.Answer(t, eve, bareID, "Set the lid action to do nothing while on power, in the power options.")
		var n int64
		if err := env.App.Store.DB.Table("notifications").Where("user_id = ? AND question_id = ? AND type = ?", emmaID, bareID, "answer").Count(&n).Error; err != nil || n != 1 {
			t.Fatalf("the follower's notifications of the answer: %d %v", n, err)
		}
	})
}
