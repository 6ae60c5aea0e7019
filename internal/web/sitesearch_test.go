package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var sessionFieldRE = regexp.MustCompile(`name="help" value="(\d+)"`)

// TestSiteSearchIsAHelpSession: a search on the search page is a help
// session like one on Get help, so that the dashboard counts every search,
// not only those that end solved. Results lead through the session to the
// question, which asks "Did this solve your problem?" without JavaScript;
// further searches continue the session, also without its id (a reload, a
// facet); another page of the same results adds no search; a session that
// ended is not continued.
func TestSiteSearchIsAHelpSession(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		qid := answeredQuestion(t, env)
		db := env.App.Store.DB
		session := func(id string) deflection.Session {
			t.Helper()
			var s deflection.Session
			if err := db.Where("id = ?", id).Take(&s).Error; err != nil {
				t.Fatalf("session %s: %v", id, err)
			}
			return s
		}
		events := func(id string) []deflection.Event {
			t.Helper()
			var evs []deflection.Event
			if err := db.Where("session_id = ?", id).Order("id").Find(&evs).Error; err != nil {
				t.Fatal(err)
			}
			return evs
		}

		// A client without the visitor cookie (a crawler, a first visit) is
		// not counted: the first search sets the cookie, the next one counts.
		anon := newBrowser(env)
		if page := anon.get(t, "/search?q="+url.QueryEscape("vpn drops")); sessionFieldRE.Match(page.Body) {
			t.Fatal("a visitor without the cookie opened a session")
		}
		bot := testkit.NewClient()
		bot.Jar = nil
		for range 3 {
			res, err := bot.Get(env.URL + "/search?q=vpn+drops")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
		}
		var n int64
		db.Model(&deflection.Session{}).Count(&n)
		if n != 0 {
			t.Fatalf("searches without cookies opened %d sessions", n)
		}
		page := anon.get(t, "/search?q="+url.QueryEscape("vpn drops"))
		m := sessionFieldRE.FindStringSubmatch(string(page.Body))
		if m == nil {
			t.Fatalf("the search page names no session:\n%s", page.Body)
		}
		sid := m[1]
		contains(t, page, `href="/help/`+sid+`/open/`+qid+`"`, `<a href="?help=`+sid+`&amp;q=vpn&#43;drops&amp;sort=newest">`)
		s := session(sid)
		if s.Source != deflection.SourceSearch || s.Searches != 1 || s.Holdout || s.Outcome != nil || s.LastQuery != "vpn drops" {
			t.Fatalf("new session = %+v", s)
		}
		if evs := events(sid); len(evs) != 1 || evs[0].Type != deflection.EventSearch || evs[0].Results == nil || *evs[0].Results != 1 {
			t.Fatalf("events = %+v", evs)
		}

		// The same query again (another order) adds nothing; a new one is a second search.
		anon.get(t, "/search?q="+url.QueryEscape("vpn drops")+"&sort=newest&help="+sid)
		anon.get(t, "/search?q="+url.QueryEscape("windows vpn keeps disconnecting")+"&help="+sid)
		if s := session(sid); s.Searches != 2 || s.LastQuery != "windows vpn keeps disconnecting" {
			t.Fatalf("after two queries: %+v", s)
		}
		// A reload, the way back or a tag facet carry no session id, and
		// continue the visitor's open one all the same.
		for _, q := range []string{"windows vpn keeps disconnecting", "windows vpn keeps disconnecting [vpn]"} {
			m := sessionFieldRE.FindStringSubmatch(string(anon.get(t, "/search?q="+url.QueryEscape(q)).Body))
			if m == nil || m[1] != sid {
				t.Fatalf("%q without help= is in session %v, want %s", q, m, sid)
			}
		}
		if s := session(sid); s.Searches != 2 || s.LastQuery != "windows vpn keeps disconnecting [vpn]" {
			t.Fatalf("after a reload and a facet (a refinement, not another search): %+v", s)
		}
		// Another visitor's session is not continued: theirs is new.
		other := newBrowser(env)
		other.get(t, "/search?q=vpn+drops") // sets the cookie
		om := sessionFieldRE.FindStringSubmatch(string(other.get(t, "/search?q=vpn+drops&help="+sid).Body))
		if om == nil || om[1] == sid {
			t.Fatalf("a foreign session id was continued: %v", om)
		}

		// Its suggestions are the search results: back to them, not to Get help.
		if res := anon.get(t, "/help/"+sid); res.Status != http.StatusSeeOther ||
			res.Header.Get("Location") != "/search?help="+sid+"&q=windows+vpn+keeps+disconnecting+%5Bvpn%5D" {
			t.Fatalf("back to the suggestions: %d %s", res.Status, res.Header.Get("Location"))
		}

		// Opening a result is a view, and the question asks, without a script.
		res := anon.get(t, "/help/"+sid+"/open/"+qid)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/questions/"+qid+"?help="+sid {
			t.Fatalf("open: %d %s", res.Status, res.Header.Get("Location"))
		}
		qpage := anon.get(t, "/questions/"+qid+"?help="+sid)
		contains(t, qpage, "Did this solve your problem?", `name="session" value="`+sid+`"`)
		if s := session(sid); s.Views != 1 {
			t.Fatalf("views = %d, want 1", s.Views)
		}
		res = anon.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("solved: %d %s", res.Status, res.Body)
		}
		if s := session(sid); s.OutcomeName() != deflection.OutcomeSolved {
			t.Fatalf("outcome = %q", s.OutcomeName())
		}

		// A search after the outcome starts a new session.
		m = sessionFieldRE.FindStringSubmatch(string(anon.get(t, "/search?q=printer+blank+pages&help="+sid).Body))
		if m == nil || m[1] == sid {
			t.Fatalf("an ended session was continued: %v", m)
		}
		// A query the sessions refuse still gets its results, unrecorded.
		long := make([]byte, deflection.QueryMax+1)
		for i := range long {
			long[i] = 'a' + byte(i%26)
		}
		if res := anon.get(t, "/search?q="+string(long)); res.Status != http.StatusOK || sessionFieldRE.Match(res.Body) {
			t.Fatalf("long query: %d, session field %v", res.Status, sessionFieldRE.Match(res.Body))
		}

		// The support team's searches are no employee's problem: not counted.
		staff := newBrowser(env)
		env.SignUp(t, "sam")
		if err := db.Model(&store.User{}).Where("username = ?", "sam").Update("role", store.RoleAnalyst).Error; err != nil {
			t.Fatal(err)
		}
		staff.logIn(t, "sam")
		if res := staff.get(t, "/search?q=vpn+drops"); !strings.Contains(string(res.Body), "vpn") || sessionFieldRE.Match(res.Body) {
			t.Fatal("an analyst's search opened a session")
		}
		// Nor do they get "Did this solve your problem?", which would count one.
		if strings.Contains(string(staff.get(t, "/questions/"+qid).Body), "data-from-search") {
			t.Fatal("an analyst is asked whether a question solved their problem")
		}
		if res := staff.post(t, "/questions/"+qid, "/help/solved", url.Values{"q": {"vpn drops"}, "question_id": {qid}}); res.Status != http.StatusSeeOther || strings.HasPrefix(res.Header.Get("Location"), "/help/") {
			t.Fatalf("an analyst's solved: %d %s", res.Status, res.Header.Get("Location"))
		}

		// The dashboard counts the three search sessions of the two visitors: one solved, two open.
		today := time.Now().UTC().Truncate(24 * time.Hour)
		r, err := env.App.Help.Dashboard(context.Background(), &store.User{Role: store.RoleAdmin},
			deflection.Query{From: today.AddDate(0, 0, -1), To: today.AddDate(0, 0, 1), Interval: "day"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Totals.Sessions != 3 || r.Totals.Solved != 1 || r.Totals.Open != 2 {
			t.Fatalf("totals: sessions %d solved %d open %d, want 3, 1, 2", r.Totals.Sessions, r.Totals.Solved, r.Totals.Open)
		}
	})
}

// TestSortedSearchWithoutResultsSaysWhy: sorted by date, votes or activity a
// question must hold every word; an empty result says so and links to the
// relevance order, which finds questions with some of the words.
func TestSortedSearchWithoutResultsSaysWhy(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	env.Ask(t, tok, "VPN disconnects every ten minutes")
	env.Searchable(t)
	b := newBrowser(env)
	res := b.get(t, "/search?q="+url.QueryEscape("vpn zeppelin")+"&sort=newest")
	contains(t, res, "Sorted this way, a question must contain every word you typed.", `sort=relevance`)
	res = b.get(t, "/search?q="+url.QueryEscape("vpn zeppelin")+"&sort=relevance")
	contains(t, res, "1 result", "disconnects every ten minutes")
	if strings.Contains(string(res.Body), "must contain every word you typed") {
		t.Error("the relevance order shows the every-word hint")
	}
	// A page past the results says so and leads to the last, as lists do.
	res = b.get(t, "/search?q=vpn&page=900")
	contains(t, res, "1 result", "This page is past the last one.", `page=1&amp;q=vpn">Go to the last page</a>`)
	if strings.Contains(string(res.Body), "No question matches") {
		t.Error("a page past the results says nothing matches")
	}
	// A filter whose value cannot be read is named and left out, not
	// searched as words; alone, it finds nothing.
	res = b.get(t, "/search?q="+url.QueryEscape("vpn created:>2026-13-45"))
	contains(t, res, "Left out, as filters that cannot be read or cannot take a minus: <code>created:&gt;2026-13-45</code>", "1 result")
	res = b.get(t, "/search?q="+url.QueryEscape("user: answers:-1"))
	contains(t, res, "<code>user:</code>, <code>answers:-1</code>", "0 results")
}

// TestSearchNegationAndUnknownUserNotices: a minus before a tag or a state
// leaves those questions out and is echoed; a minus before a filter with
// no opposite is named as left out; user:NAME naming nobody says so, and
// a tag no question has, and so does a query of stop words only, in each
// language.
func TestSearchNegationAndUnknownUserNotices(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	env.Ask(t, tok, "VPN disconnects every ten minutes", "vpn", "windows")
	env.Ask(t, tok, "VPN will not connect on the Mac", "vpn", "macos")
	env.Searchable(t)
	b := newBrowser(env)

	res := b.get(t, "/search?q="+url.QueryEscape("vpn -[windows] -is:answered -closed:yes -user:ada"))
	contains(t, res, "1 result", "will not connect on the Mac", "searching for <code>-[windows] vpn is:unanswered closed:no</code>",
		"Left out, as filters that cannot be read or cannot take a minus: <code>-user:ada</code>")
	if strings.Contains(string(res.Body), "disconnects every ten minutes") {
		t.Error("-[windows] finds the question tagged windows")
	}
	contains(t, b.get(t, "/search?q="+url.QueryEscape("vpn -tag:macos -is:accepted")), "1 result", "disconnects every ten minutes",
		"searching for <code>-[macos] vpn -is:accepted</code>")
	// Every filter applied is echoed: score, answers, user and dates too.
	contains(t, b.get(t, "/search?q="+url.QueryEscape("[vpn] -mac score:0 answers:0 user:ada created:>=2020-01-01")), "1 result", "disconnects every ten minutes",
		"searching for <code>[vpn] -mac user:ada score:0 answers:0 created:&gt;=2020-01-01</code>")
	// Excluded words that would read as a filter or a tag, or a phrase,
	// are echoed in quotes.
	contains(t, b.get(t, "/search?q="+url.QueryEscape(`vpn -"is:answered" -"every ten"`)), "1 result", "will not connect on the Mac",
		"searching for <code>vpn -&#34;is:answered&#34; -&#34;every ten&#34;</code>")

	res = b.get(t, "/search?q="+url.QueryEscape("vpn user:nosuchname"))
	contains(t, res, "0 results",
		`<p class="notice" role="status">No user has this username, so no question matches: <code>user:nosuchname</code>. Check the spelling`)
	res = b.get(t, "/search?q="+url.QueryEscape("vpn user:nosuchname"), "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, "Es gibt keinen Benutzer mit diesem Benutzernamen, daher passt keine Frage zu: <code>user:nosuchname</code>.")
	// A number no user has says so as well.
	contains(t, b.get(t, "/search?q="+url.QueryEscape("vpn user:99999")), "0 results",
		`<p class="notice" role="status">No user has this number, so no question matches: <code>user:99999</code>. Check the number`)
	contains(t, b.get(t, "/search?q="+url.QueryEscape("vpn user:99999"), "Accept-Language", "de"),
		"Es gibt keinen Benutzer mit dieser Nummer, daher passt keine Frage zu: <code>user:99999</code>.")
	// An unknown user and an unknown tag are both reported at once.
	res = b.get(t, "/search?q="+url.QueryEscape("[nosuchtag] user:nobody"))
	contains(t, res, "0 results", "No user has this username, so no question matches: <code>user:nobody</code>.",
		"No question has this tag, so none matches: <code>[nosuchtag]</code>.")
	res = b.get(t, "/search?q="+url.QueryEscape("[nosuchtag] user:nobody"), "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, "Es gibt keinen Benutzer mit diesem Benutzernamen, daher passt keine Frage zu: <code>user:nobody</code>.",
		"Keine Frage hat dieses Tag, daher passt keine: <code>[nosuchtag]</code>.")
	res = b.get(t, "/search?q="+url.QueryEscape("vpn user:ada"))
	contains(t, res, "2 results")
	if strings.Contains(string(res.Body), "No user has this username") {
		t.Error("a user who exists is called unknown")
	}

	// A tag no question has says so, and offers the tags like it as the
	// same search with that tag.
	res = b.get(t, "/search?q="+url.QueryEscape("tag:vpm disconnects"))
	contains(t, res, "0 results",
		`<p class="notice" role="status">No question has this tag, so none matches: <code>[vpm]</code>. Tags with similar names: <a class="tag" href="/search?q=%5Bvpn%5D&#43;disconnects">vpn</a></p>`)
	res = b.get(t, "/search?q="+url.QueryEscape("[vpm] disconnects"), "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, "Keine Frage hat dieses Tag, daher passt keine: <code>[vpm]</code>. Tags mit ähnlichen Namen:")
	res = b.get(t, "/search?q="+url.QueryEscape("[vpn] disconnects"))
	contains(t, res, "1 result")
	if strings.Contains(string(res.Body), "No question has this tag") {
		t.Error("a tag in use is called unknown")
	}

	// Only stop words: nothing is searched, and the page says why.
	res = b.get(t, "/search?q="+url.QueryEscape("don’t"))
	contains(t, res, "0 results", `<p class="notice" role="status">Only very common words were typed`)
	res = b.get(t, "/search?q="+url.QueryEscape("don't"), "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, "Sie haben nur sehr häufige Wörter eingegeben")
	if res = b.get(t, "/search?q="+url.QueryEscape("don't disconnect")); strings.Contains(string(res.Body), "Only very common words") {
		t.Error("a query with a searchable word is called stop words only")
	}

	// A typo is searched as the nearest word questions hold, and the page
	// says what was searched (see TestSearchShowsResultsForTheCorrection).
	res = b.get(t, "/search?q="+url.QueryEscape("disconects"))
	contains(t, res, "1 result", "<mark>disconnects</mark>",
		`<p class="notice" role="status" id="corrected">Showing results for <a href="/search?help=1&amp;q=disconnects"><strong dir="auto">disconnects</strong></a>. Search instead for <a href="/search?exact=1&amp;help=1&amp;q=disconects" dir="auto">disconects</a>.</p>`)
	res = b.get(t, "/search?q="+url.QueryEscape("disconects"), "Accept-Language", "de-DE,de;q=0.9")
	contains(t, res, `Ergebnisse für <a href="/search?help=1&amp;q=disconnects"><strong dir="auto">disconnects</strong></a>. Suchen Sie stattdessen nach <a`)
	if res = b.get(t, "/search?q=disconnects"); strings.Contains(string(res.Body), `id="corrected"`) {
		t.Error("a word questions hold is called a typo")
	}
}

// TestSearchFacetsKeepTheOrder: a tag of the results narrows the same
// search, in the same order; a tag already in the query is not offered.
func TestSearchFacetsKeepTheOrder(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	env.Ask(t, tok, "VPN disconnects every ten minutes", "vpn", "windows")
	env.Searchable(t)
	b := newBrowser(env)
	contains(t, b.get(t, "/search?q=disconnects&sort=votes"), `<a class="tag" href="/search?q=disconnects&#43;%5Bvpn%5D&amp;sort=votes">vpn</a>`)
	res := b.get(t, "/search?q="+url.QueryEscape("[vpn]"))
	contains(t, res, `href="/search?q=%5Bvpn%5D&#43;%5Bwindows%5D">windows</a>`)
	if strings.Contains(string(res.Body), `">vpn</a> <span class="muted">`) {
		t.Errorf("a tag already searched for is offered again:\n%s", res.Body)
	}
}

// TestSiteSearchOffersTheChoices: a search on the search page is a help
// session, so when nothing fits, its ways on (ask the community, contact
// the hotline) go through the session, as on Get help, and its outcome is
// counted: below the results, and instead of them when there are none.
func TestSiteSearchOffersTheChoices(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	answeredQuestion(t, env)
	anon := newBrowser(env)
	anon.get(t, "/search?q=vpn+drops") // the visitor cookie
	page := anon.get(t, "/search?q=vpn+drops")
	m := sessionFieldRE.FindStringSubmatch(string(page.Body))
	if m == nil {
		t.Fatalf("no session:\n%s", page.Body)
	}
	sid := m[1]
	contains(t, page, `id="search-choices"`, `href="/help/`+sid+`/ask"`, `href="/help/`+sid+`/ticket"`)
	none := anon.get(t, "/search?q="+url.QueryEscape("coffee machine broken")+"&help="+sid)
	contains(t, none, "No question matches.", `href="/help/`+sid+`/ask"`, `href="/help/`+sid+`/ticket"`)
	if strings.Contains(string(none.Body), `href="/questions/ask?title=`) {
		t.Error("a search without results asks outside its help session")
	}
	// The forms start from the latest search, the problem as the searcher last put it.
	contains(t, anon.get(t, "/help/"+sid+"/ticket"), `name="subject" dir="auto" value="coffee machine broken"`)
	res := anon.post(t, "/help/"+sid+"/ticket", "/help/"+sid+"/ticket", url.Values{"subject": {"Coffee machine broken"},
		"body": {"It shows error E12."}, "email": {"emp@example.com"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	var s deflection.Session
	if err := env.App.Store.DB.Where("id = ?", sid).Take(&s).Error; err != nil {
		t.Fatal(err)
	}
	if s.OutcomeName() != deflection.OutcomeTicket || s.Source != deflection.SourceSearch {
		t.Fatalf("session %+v", s)
	}
	ida := newBrowser(env)
	ida.signUp(t, "ida")
	ida.get(t, "/search?q=vpn+drops")
	m = sessionFieldRE.FindStringSubmatch(string(ida.get(t, "/search?q="+url.QueryEscape("printer offline")).Body))
	if m == nil {
		t.Fatal("no session for a member's search")
	}
	contains(t, ida.get(t, "/help/"+m[1]+"/ask"), `name="title" dir="auto" value="printer offline"`)
	// Without a session (the support team's searches are not counted) the page asks as before.
	staff := newBrowser(env)
	staff.signUp(t, "hal")
	setRole(t, env, "hal", store.RoleHotline)
	page = staff.get(t, "/search?q="+url.QueryEscape("coffee machine broken"))
	contains(t, page, `href="/questions/ask?title=coffee%20machine%20broken"`)
	if strings.Contains(string(page.Body), `id="search-choices"`) {
		t.Error("the support team's search offers a help session's choices")
	}
}
