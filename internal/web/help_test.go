package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// setRole gives a user a role directly in the database.
func setRole(t *testing.T, env *testkit.Env, username, role string) {
	t.Helper()
	db := env.App.Store.DB
	if err := db.Model(&store.User{}).Where("username = ?", username).Update("role", role).Error; err != nil {
		t.Fatal(err)
	}
	// The user's API tokens act with the new role, as one made after the
	// promotion would (a token's scope is fixed when it is made).
	scope := store.ScopeStaff
	if role == store.RoleUser {
		scope = store.ScopeWrite
	}
	if err := db.Model(&store.APIToken{}).Where("user_id = (SELECT id FROM users WHERE username = ?)", username).
		Update("scope", scope).Error; err != nil {
		t.Fatal(err)
	}
}

var helpPathRE = regexp.MustCompile(`^/help/(\d+)$`)

// sessionLinkRE finds a link into a help session (/help/ID...).
var sessionLinkRE = regexp.MustCompile(`href="/help/[^"]`)

// answeredQuestion posts a question with an accepted answer and makes it searchable.
func answeredQuestion(t *testing.T, env *testkit.Env) string {
	t.Helper()
	_, carol := env.SignUp(t, "carol")
	_, bob := env.SignUp(t, "bob")
	qid := env.Ask(t, carol, "VPN drops every ten minutes on Windows", "vpn")
	aid := env.Answer(t, bob, qid, "Switch the VPN client to TCP mode in its settings and reconnect.")
	if res := env.API(t, "POST", "/answers/"+itoa(aid)+"/accept", carol, nil); res.Status != 200 {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	env.Searchable(t)
	return itoa(qid)
}

func TestGetHelpWithoutJavaScript(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		qid := answeredQuestion(t, env)
		anon := newBrowser(env)
		contains(t, anon.get(t, "/help"), `action="/help"`, `name="query"`, "Get help")

		// A too-short problem is a field error, with the text kept.
		res := anon.post(t, "/help", "/help", url.Values{"query": {"x"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short problem: %d", res.Status)
		}
		contains(t, res, `id="query-error"`)

		// A submit shows the suggestions, the accepted answer's first words, and the choices.
		res = anon.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
		if res.Status != http.StatusSeeOther || !helpPathRE.MatchString(res.Header.Get("Location")) {
			t.Fatalf("submit: %d %s", res.Status, res.Header.Get("Location"))
		}
		sess := res.Header.Get("Location")
		sid := helpPathRE.FindStringSubmatch(sess)[1]
		page := anon.get(t, sess)
		contains(t, page, "VPN drops every ten minutes on Windows", "✓ Switch the VPN client to TCP mode",
			`href="/help/`+sid+`/open/`+qid+`"`, `href="/help/`+sid+`/ask"`, `href="/help/`+sid+`/ticket"`)
		// Another visitor cannot see it.
		if res := newBrowser(env).get(t, sess); res.Status != http.StatusNotFound {
			t.Fatalf("foreign session: %d", res.Status)
		}

		// Its "done" page waits for an outcome: until then it leads back.
		if res := anon.get(t, "/help/"+sid+"/done"); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid {
			t.Fatalf("done page of an open session: %d %s", res.Status, res.Header.Get("Location"))
		}

		// Opening a suggestion keeps the session; the question asks whether it solved the problem.
		res = anon.get(t, "/help/"+sid+"/open/"+qid)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/questions/"+qid+"?help="+sid {
			t.Fatalf("open: %d %s", res.Status, res.Header.Get("Location"))
		}
		qpage := anon.get(t, "/questions/"+qid+"?help="+sid)
		contains(t, qpage, "Did this solve your problem?", `name="session" value="`+sid+`"`, "This solved my problem")
		res = anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
			t.Fatalf("solved: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, anon.get(t, "/help/"+sid+"/done"), "Glad it helped")
		// Sent again (a double click): the same outcome, no error.
		res = anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
			t.Fatalf("solved sent again: %d %s", res.Status, res.Header.Get("Location"))
		}
		// Without ?help the block waits hidden for the script (visitors from the site search).
		// (Another visitor: the same person saying it again of the same question
		// the same day would count once.)
		searcher := newBrowser(env)
		contains(t, searcher.get(t, "/questions/"+qid), `data-from-search`)
		res = searcher.post(t, "/questions/"+qid, "/help/solved", url.Values{"q": {"vpn drops"}, "question_id": {qid}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("solved from search: %d %s", res.Status, res.Body)
		}
		if again := searcher.post(t, "/questions/"+qid, "/help/solved", url.Values{"q": {"vpn drops"}, "question_id": {qid}}); again.Header.Get("Location") != res.Header.Get("Location") {
			t.Fatalf("solved from search again: %s, first %s", again.Header.Get("Location"), res.Header.Get("Location"))
		}

		// The hotline: the form is prefilled with the problem and the questions viewed.
		res = anon.post(t, "/help", "/help", url.Values{"query": {"vpn certificate warning every morning"}})
		sid2 := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		anon.get(t, "/help/"+sid2+"/open/"+qid)
		form := anon.get(t, "/help/"+sid2+"/ticket")
		contains(t, form, `value="vpn certificate warning every morning"`, `name="question_ids" value="`+qid+`" checked`, `name="consent_publish"`)
		res = anon.post(t, "/help/"+sid2+"/ticket", "/help/"+sid2+"/ticket", url.Values{"subject": {"VPN certificate warning"}, "body": {"Every morning."}, "question_ids": {qid}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("ticket without e-mail: %d", res.Status)
		}
		contains(t, res, `id="email-error"`, `value="VPN certificate warning"`)
		res = anon.post(t, "/help/"+sid2+"/ticket", "/help/"+sid2+"/ticket", url.Values{"subject": {"VPN certificate warning"},
			"body": {"Every morning."}, "email": {"emp@example.com"}, "consent_publish": {"on"}, "question_ids": {qid}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		contains(t, anon.get(t, "/help/"+sid2+"/done"), "Your ticket #1 was handed to the hotline")
		// Sent again (a double click, a reload): the same ticket, no error and no second one.
		res = anon.post(t, "/help/"+sid2+"/ticket", "/help/"+sid2+"/ticket", url.Values{"subject": {"VPN certificate warning"},
			"body": {"Every morning."}, "email": {"emp@example.com"}, "question_ids": {qid}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid2+"/done" {
			t.Fatalf("ticket sent again: %d %s", res.Status, res.Header.Get("Location"))
		}

		// Asking the community needs an account; the form is prefilled and ends the session as asked.
		res = anon.post(t, "/help", "/help", url.Values{"query": {"printer on floor three prints blank pages"}})
		sid3 := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		if res := anon.get(t, "/help/"+sid3+"/ask"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("ask anonymously: %d %s", res.Status, res.Header.Get("Location"))
		}
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		res = ada.post(t, "/help", "/help", url.Values{"query": {"printer on floor three prints blank pages"}})
		sid4 := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		contains(t, ada.get(t, "/help/"+sid4+"/ask"), `value="printer on floor three prints blank pages"`)
		res = ada.post(t, "/help/"+sid4+"/ask", "/help/"+sid4+"/ask", url.Values{"title": {"Printer on floor three prints blank pages"},
			"body": {"Since Monday every job comes out blank, the toner is new."}, "tags": {"printer"}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/questions/") {
			t.Fatalf("ask from help: %d %s", res.Status, res.Body)
		}
		asked := res.Header.Get("Location")
		res = ada.post(t, "/help/"+sid4+"/ask", "/help/"+sid4+"/ask", url.Values{"title": {"Printer on floor three prints blank pages"},
			"body": {"Since Monday every job comes out blank, the toner is new."}, "tags": {"printer"}})
		if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != asked {
			t.Fatalf("asked again: %d %s, want the question at %s", res.Status, res.Header.Get("Location"), asked)
		}

		// The dashboard: analysts and admins only; it counts what happened, and exports CSV.
		if res := ada.get(t, "/analytics"); res.Status != http.StatusForbidden {
			t.Fatalf("user opens analytics: %d", res.Status)
		}
		if res := anon.get(t, "/analytics"); res.Status != http.StatusSeeOther {
			t.Fatalf("anonymous analytics: %d", res.Status)
		}
		setRole(t, env, "ada", store.RoleAnalyst)
		dash := ada.get(t, "/analytics?interval=week")
		contains(t, unlinked(dash), `<dd id="kpi-sessions">5</dd>`, `<dd id="kpi-solved">2</dd>`, `<dd id="kpi-deflection">50 %</dd>`, "<svg", "vpn certificate warning every morning")
		// Every session made a search; one anonymous visitor filed the one ticket; the asked
		// question has no answer yet: 2 × 20 − 1 × 20 × 0.15 avoided.
		contains(t, unlinked(dash), `<dd id="kpi-asked">1</dd>`, `<dd id="kpi-tickets">1</dd>`, `<dd id="kpi-abandoned">0</dd>`, `<dd id="kpi-open">1</dd>`,
			`<dd id="kpi-avoided">2</dd>`, `<dd id="kpi-cost">37.00</dd>`, `<dd id="kpi-self-service">5.00</dd>`, `<dd id="kpi-search-to-ticket">20 %</dd>`,
			"1 with a ticket of 5 sessions with a search", `<dd id="kpi-unanswered">50 %</dd>`, `<dd id="kpi-accepted">50 %</dd>`,
			`<th scope="col">Self-service score</th>`, `<th scope="col">Search-to-ticket conversion</th>`)
		var week []string
		for _, cells := range intervalRows(t, dash) {
			if cells[0] == "5" {
				week = cells
			}
		}
		if len(week) != 16 || week[10] != "5.00" || week[11] != "20 %" {
			t.Fatalf("this week's row: %q", week)
		}
		if svg := charts(dash); len(svg) != 6 || !strings.Contains(svg["chart-avoided"], " · Solved: 2</title>") ||
			!strings.Contains(svg["chart-questions"], " · Unanswered: 50 %</title>") || !strings.Contains(svg["chart-cost"], " · Cost avoided: 37.00</title>") {
			t.Fatalf("charts: %q", svg)
		}
		if res := ada.get(t, "/analytics?interval=hour&from=2026-02-30"); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad dashboard query: %d", res.Status)
		} else {
			contains(t, res, `id="interval-error"`, `id="from-error"`)
		}
		csv := ada.get(t, "/analytics.csv?interval=week")
		if csv.Status != 200 || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(csv.Body), "\ntotal,") {
			t.Fatalf("csv: %d %s", csv.Status, csv.Body)
		}

		// The hotline's page lists the ticket (no webhook: kept here) and resolves it.
		if res := ada.get(t, "/tickets"); res.Status != 200 || strings.Contains(string(res.Body), "emp@example.com") {
			t.Fatalf("analyst tickets: %d", res.Status)
		}
		hot := newBrowser(env)
		hot.signUp(t, "hana") // an agent, made one below (a member may not be called hotline)
		setRole(t, env, "hana", store.RoleHotline)
		contains(t, hot.get(t, "/tickets"), "VPN certificate warning", "listed here only")
		contains(t, hot.get(t, "/tickets/1"), "emp@example.com", "vpn certificate warning every morning", "VPN drops every ten minutes on Windows",
			"(default: those of the questions viewed, else hotline)")
		res = hot.post(t, "/tickets/1", "/tickets/1/resolve", url.Values{"answer": {"short"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short resolution: %d", res.Status)
		}
		res = hot.post(t, "/tickets/1", "/tickets/1/resolve", url.Values{"answer": {"Import the new root certificate from the intranet page and restart."},
			"publish": {"on"}, "title": {"VPN certificate warning every morning"}, "question_body": {"Every morning the VPN client warns that its certificate is not trusted."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("resolve: %d %s", res.Status, res.Body)
		}
		published := hot.get(t, "/tickets/1")
		contains(t, published, "Published question", "Import the new root certificate", `>published</a></p>`)
		if strings.Contains(string(published.Body), "may be published") {
			t.Error("a published ticket still says it may be published")
		}
		// Resolved twice (two agents, a double submit): the second is told, and keeps its text.
		res = hot.post(t, "/tickets/1", "/tickets/1/resolve", url.Values{"answer": {"Reinstall the VPN client from the software centre, then restart."}})
		if res.Status != http.StatusConflict {
			t.Fatalf("second resolution: %d", res.Status)
		}
		contains(t, res, `<div class="alert" role="alert">`, "Reinstall the VPN client from the software centre")
	})
}

// TestHelpOpenLeadsOnlyToAQuestion: opening a suggestion leads to a live
// question and nothing else. A question that is not there, or an answer, is
// a 404 whatever the session: the visitor's open or ended one, another's, or
// none; it is no redirect to a page that is not there. Another's session (a
// link someone shared) or none leads to the plain question, recording no
// view in it.
func TestHelpOpenLeadsOnlyToAQuestion(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		qid := answeredQuestion(t, env)
		var aid int64
		if err := env.App.Store.DB.Model(&store.Post{}).Where("parent_id = ?", qid).Pluck("id", &aid).Error; err != nil || aid == 0 {
			t.Fatalf("the answer: %v", err)
		}
		anon, other := newBrowser(env), newBrowser(env)
		res := anon.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
		m := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))
		if m == nil {
			t.Fatalf("submit: %d %s", res.Status, res.Header.Get("Location"))
		}
		sid := m[1]
		views := func() int {
			t.Helper()
			var s deflection.Session
			if err := env.App.Store.DB.Where("id = ?", sid).Take(&s).Error; err != nil {
				t.Fatal(err)
			}
			return s.Views
		}
		open := func(b *browser, path string, status int, location string) {
			t.Helper()
			res := b.get(t, path)
			if res.Status != status || res.Header.Get("Location") != location {
				t.Errorf("%s: %d %q, want %d %q", path, res.Status, res.Header.Get("Location"), status, location)
			}
		}
		missing := "999999"
		for _, target := range []string{missing, itoa(aid)} {
			open(anon, "/help/"+sid+"/open/"+target, http.StatusNotFound, "")
			open(other, "/help/"+sid+"/open/"+target, http.StatusNotFound, "")
			open(anon, "/help/"+missing+"/open/"+target, http.StatusNotFound, "")
		}
		open(other, "/help/"+sid+"/open/"+qid, http.StatusSeeOther, "/questions/"+qid)
		open(anon, "/help/"+missing+"/open/"+qid, http.StatusSeeOther, "/questions/"+qid)
		if n := views(); n != 0 {
			t.Fatalf("views = %d after opening through others' sessions, want 0", n)
		}
		open(anon, "/help/"+sid+"/open/"+qid, http.StatusSeeOther, "/questions/"+qid+"?help="+sid)
		if n := views(); n != 1 {
			t.Fatalf("views = %d, want 1", n)
		}
		// Ended, the session still leads to its question, and only to one.
		res = anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("solved: %d %s", res.Status, res.Body)
		}
		open(anon, "/help/"+sid+"/open/"+qid, http.StatusSeeOther, "/questions/"+qid+"?help="+sid)
		open(anon, "/help/"+sid+"/open/"+missing, http.StatusNotFound, "")
		open(anon, "/help/"+sid+"/open/"+itoa(aid), http.StatusNotFound, "")
	})
}

// TestHelpOnAQuestionWithoutAnswers: a question without answers solves
// nothing yet, so its page offers the other ways on instead.
func TestHelpOnAQuestionWithoutAnswers(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, dora := env.SignUp(t, "dora")
	bareID := env.Ask(t, dora, "VPN drops when the laptop lid closes", "vpn")
	bare := itoa(bareID)
	// One with an answer that is neither accepted nor voted up yet.
	_, eve := env.SignUp(t, "eve")
	envID := env.Ask(t, dora, "VPN drops when the lid closes on the docking station", "vpn")
	env.Answer(t, eve, envID, "Set the lid action to do nothing while docked, in the power options.")
	env.Searchable(t)
	anon := newBrowser(env)
	res := anon.post(t, "/help", "/help", url.Values{"query": {"vpn drops when the lid closes"}})
	sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
	// The suggestions say which have answers, and show those first.
	list := anon.get(t, "/help/"+sid)
	if strings.Index(string(list.Body), "/open/"+itoa(envID)) > strings.Index(string(list.Body), "/open/"+bare) {
		t.Error("a question without answers is suggested before one with an answer")
	}
	contains(t, list, `/open/`+bare+`" dir="auto">VPN drops when the laptop lid closes</a>
      <span class="muted state">· no answer yet</span>`, `/open/`+itoa(envID)+`" dir="auto">VPN drops when the lid closes on the docking station</a>
      <span class="muted state">· answered</span>`)
	// Nobody answered the bare one: it is listed apart, not as an answer.
	body := string(list.Body)
	apart := strings.Index(body, "<h2>Asked before, no answer yet</h2>")
	if apart < 0 || strings.Index(body, "/open/"+bare) < apart || strings.Index(body, "/open/"+itoa(envID)) > apart {
		t.Error("the question without answers is not listed apart from the existing answers")
	}
	page := anon.get(t, "/questions/"+bare+"?help="+sid)
	contains(t, page, "This question has no answer yet.", `href="/help/`+sid+`/ask"`, `href="/help/`+sid+`/ticket"`)
	if strings.Contains(string(page.Body), "This solved my problem") {
		t.Fatal(`a question without answers offers "This solved my problem"`)
	}
	// Nor does a deleted answer, which its author still sees.
	aid := env.Answer(t, eve, bareID, "Close the lid only after the VPN client shows it is disconnected.")
	if res := env.API(t, "DELETE", "/answers/"+itoa(aid), eve, nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete answer: %d %s", res.Status, res.Body)
	}
	author := newBrowser(env)
	author.logIn(t, "eve")
	res = author.post(t, "/help", "/help", url.Values{"query": {"vpn drops when the lid closes"}})
	own := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
	page = author.get(t, "/questions/"+bare+"?help="+own)
	if !strings.Contains(string(page.Body), "This question has no answer yet.") || strings.Contains(string(page.Body), "This solved my problem") {
		t.Fatal("a question whose only answer is deleted offers it as a solution to the answer's author")
	}
}

// TestHelpOfAnotherOnAQuestion: the address of a question opened from a
// help session (?help=ID) is what a browser shows, so it gets copied and
// sent to colleagues. For them, and for an id that is no session, the page
// is the plain question: no choices that lead into someone else's session.
func TestHelpOfAnotherOnAQuestion(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	qid := answeredQuestion(t, env)
	anon := newBrowser(env)
	res := anon.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
	sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
	shared := "/questions/" + qid + "?help=" + sid
	contains(t, anon.get(t, shared), `name="session" value="`+sid+`"`, `href="/help/`+sid+`/ticket"`)
	colleague := newBrowser(env)
	colleague.signUp(t, "dora")
	for _, path := range []string{shared, "/questions/" + qid + "?help=abc", "/questions/" + qid + "?help=99999"} {
		page := colleague.get(t, path)
		if page.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, page.Status)
		}
		contains(t, page, `data-from-search`, `name="session" value=""`)
		if sessionLinkRE.Match(page.Body) {
			t.Fatalf("%s offers links into a help session that is not the viewer's", path)
		}
	}
	// The session's own pages are not theirs either, said in the words of the help pages.
	if res := colleague.get(t, "/help/"+sid); res.Status != http.StatusNotFound || !strings.Contains(string(res.Body), "No such help request.") {
		t.Fatalf("someone else's session: %d", res.Status)
	}
	// Its owner's "This solved my problem" still works from the shared page
	// (of the question the session opened).
	anon.get(t, "/help/"+sid+"/open/"+qid)
	res = anon.post(t, shared, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/help/"+sid+"/done" {
		t.Fatalf("solved: %d %s", res.Status, res.Header.Get("Location"))
	}
}

// TestTicketAfterTheSessionEnded files a ticket from the form of a help
// session that ended as solved meanwhile (another tab, a change of mind):
// the ticket becomes the session's outcome, once however often it is sent.
func TestTicketAfterTheSessionEnded(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	qid := answeredQuestion(t, env)
	anon := newBrowser(env)
	res := anon.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
	sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
	form := url.Values{"subject": {"VPN drops"}, "body": {"Still drops after switching to TCP."}, "email": {"emp@example.com"}}
	ticketPage := "/help/" + sid + "/ticket"
	contains(t, anon.get(t, ticketPage), `value="my vpn drops all the time"`, "Your question is published without your name, as you are not logged in")
	anon.get(t, "/help/"+sid+"/open/"+qid)
	if res := anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}}); res.Status != http.StatusSeeOther {
		t.Fatalf("solved: %d", res.Status)
	}
	for range 2 { // sent twice: a double click, a reload
		res = anon.post(t, ticketPage, ticketPage, form)
		if loc := res.Header.Get("Location"); res.Status != http.StatusSeeOther || loc != "/help/"+sid+"/done" {
			t.Fatalf("ticket on a solved session: %d %s", res.Status, loc)
		}
	}
	contains(t, anon.get(t, "/help/"+sid+"/done"), "Your ticket #1 was handed to the hotline")
	var tks []deflection.Ticket
	if err := env.App.Store.DB.Find(&tks).Error; err != nil || len(tks) != 1 || tks[0].Subject != "VPN drops" || tks[0].Body != "Still drops after switching to TCP." {
		t.Fatalf("tickets %+v: %v", tks, err)
	}
	var sessions int64
	env.App.Store.DB.Model(&deflection.Session{}).Count(&sessions)
	if sessions != 1 {
		t.Fatalf("%d sessions, want 1", sessions)
	}
}

// TestNULInAFormIsRefused: a form field holding a NUL character (which
// PostgreSQL cannot store) is a 400, on PostgreSQL and SQLite alike.
func TestNULInAFormIsRefused(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		b := newBrowser(env)
		if res := b.post(t, "/help", "/help", url.Values{"query": {"printer \x00 broken"}}); res.Status != http.StatusBadRequest {
			t.Fatalf("a NUL in the problem: %d, want 400", res.Status)
		}
	})
}

// TestHelpSearchesAtOnceOnlyAProblemInTheAddress: the script searches at
// once only a problem given in the address (a session of its own); the
// page of a session, ended or not, shows its last search without
// starting another.
func TestHelpSearchesAtOnceOnlyAProblemInTheAddress(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	contains(t, b.get(t, "/help?query=printer+prints+blank+pages"), `data-help data-autostart>`)
	for _, path := range []string{"/help", "/help?query=+"} {
		if strings.Contains(string(b.get(t, path).Body), "data-autostart") {
			t.Errorf("%s searches at once", path)
		}
	}
	res := b.post(t, "/help", "/help", url.Values{"query": {"printer prints blank pages"}})
	if strings.Contains(string(res.Body), "data-autostart") {
		t.Error("a session's page searches again at once")
	}
}

// TestQuestionAfterTheHelpRequestWasAsked: a help session that ended in a
// question of one's own takes "This solved my problem" no more, so an
// existing question opened again from it (the browser's back button, a tab
// left open) is the plain question page, not a button that only brings an
// error.
func TestQuestionAfterTheHelpRequestWasAsked(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	qid := answeredQuestion(t, env)
	emp := newBrowser(env)
	emp.signUp(t, "emil")
	res := emp.post(t, "/help", "/help", url.Values{"query": {"my vpn drops all the time"}})
	sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
	opened := "/questions/" + qid + "?help=" + sid
	contains(t, emp.get(t, opened), `name="session" value="`+sid+`"`)
	res = emp.post(t, "/help/"+sid+"/ask", "/help/"+sid+"/ask", url.Values{"title": {"VPN drops every few minutes at home"},
		"body": {"Switching to TCP did not help; it still drops every few minutes."}, "tags": {"vpn"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	page := emp.get(t, opened)
	contains(t, page, `data-from-search`, `name="session" value=""`)
	if sessionLinkRE.Match(page.Body) {
		t.Fatalf("the question still leads into the ended help session:\n%s", page.Body)
	}
}
