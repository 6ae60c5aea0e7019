package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var (
	drillRowRE = regexp.MustCompile(`<tr data-session="(\d+)">`)
	kpiLinkRE  = func(id string) *regexp.Regexp {
		return regexp.MustCompile(`<dd id="kpi-` + id + `"><a href="([^"]*)"[^>]*>(\d+)</a></dd>`)
	}
)

// drillSeed writes help sessions of known outcomes from 2026-03-03 to
// 03-10 (one the support team opened, which no figure counts), and three
// vpn questions in the week of 03-08, so that vpn rises.
func drillSeed(t *testing.T, env *testkit.Env) {
	t.Helper()
	db := env.App.Store.DB
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	_, carol := env.SignUp(t, "carol")
	for _, d := range []string{"09", "10", "11"} {
		id := env.Ask(t, carol, "VPN drops every ten minutes, day "+d, "vpn")
		if err := db.Model(&store.Post{}).Where("id = ?", id).Update("created_at", at("2026-03-"+d+" 09:00")).Error; err != nil {
			t.Fatal(err)
		}
	}
	session := func(start, outcome string, team bool, tag, search string, results int) {
		t.Helper()
		s := deflection.Session{Visitor: "v" + start, Source: deflection.SourceHelp, Query: search, Searches: 1, SupportTeam: team,
			CreatedAt: at(start), LastEventAt: time.Now().UTC()}
		if outcome != "" {
			s.Outcome, s.OutcomeAt = &outcome, ptrTime(at(start))
		}
		if err := db.Create(&s).Error; err != nil {
			t.Fatal(err)
		}
		if outcome == deflection.OutcomeTicket {
			tk := deflection.Ticket{SessionID: &s.ID, Visitor: s.Visitor, Subject: search, Body: "It still fails.", Status: deflection.TicketOpen}
			if err := db.Create(&tk).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Model(&s).Update("ticket_id", tk.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		if tag != "" {
			if err := db.Create(&deflection.SessionTag{SessionID: s.ID, Tag: tag}).Error; err != nil {
				t.Fatal(err)
			}
		}
		e := deflection.Event{SessionID: s.ID, Type: deflection.EventSearch, Query: search, Norm: search, Results: &results, CreatedAt: at(start)}
		if err := db.Create(&e).Error; err != nil {
			t.Fatal(err)
		}
	}
	session("2026-03-03 08:00", deflection.OutcomeTicket, false, "vpn", "vpn cannot connect", 0)
	session("2026-03-04 08:00", deflection.OutcomeTicket, false, "vpn", "vpn token expired", 3)
	session("2026-03-04 09:00", deflection.OutcomeTicket, true, "vpn", "the team tries the hotline", 3)
	session("2026-03-05 08:00", deflection.OutcomeSolved, false, "", "printer jam", 2)
	session("2026-03-10 08:00", deflection.OutcomeSolved, false, "vpn", "vpn drops", 2)
	session("2026-03-10 09:00", "", false, "", "monitor flickers", 2)
}

// TestDashboardFiguresLeadToTheirSessions: each session figure of the
// dashboard links to the list of the sessions behind it, which lists as
// many as the figure says, says its filter and leads back to the same
// dashboard; per-interval figures and rising tags link too.
func TestDashboardFiguresLeadToTheirSessions(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		drillSeed(t, env)
		ann := analyst(t, env)
		const dash = "/analytics?from=2026-03-02&to=2026-03-14&interval=week"
		res := ann.get(t, dash)
		if res.Status != http.StatusOK {
			t.Fatalf("dashboard: %d", res.Status)
		}
		for kpi, want := range map[string]struct {
			n       int
			outcome string
		}{"sessions": {5, ""}, "solved": {2, "solved"}, "tickets": {2, "ticket"}, "asked": {0, "asked"}, "open": {1, "open"}} {
			m := kpiLinkRE(kpi).FindStringSubmatch(string(res.Body))
			if m == nil {
				t.Errorf("the %s figure links nowhere", kpi)
				continue
			}
			href, n := html.UnescapeString(m[1]), m[2]
			if n != strconv.Itoa(want.n) || !strings.HasPrefix(href, "/analytics/sessions?") ||
				(want.outcome != "" && !strings.Contains(href, "outcome="+want.outcome)) || !strings.Contains(href, "from=2026-03-02") {
				t.Errorf("%s: %s links to %s", kpi, n, href)
				continue
			}
			list := ann.get(t, href)
			if list.Status != http.StatusOK {
				t.Errorf("%s: the list is %d", kpi, list.Status)
				continue
			}
			if got := len(drillRowRE.FindAllString(string(list.Body), -1)); strconv.Itoa(got) != n {
				t.Errorf("%s: the dashboard says %s, the list shows %d", kpi, n, got)
			}
			if want.n == 0 {
				contains(t, list, `id="drill-empty"`, "No help session matches this filter in this range.")
			}
			contains(t, list, `href="/analytics?from=2026-03-02&amp;interval=week&amp;to=2026-03-14" id="drill-back"`,
				"Help sessions started from Mar 2, 2026 to Mar 14, 2026 (UTC)", `<p class="muted" id="drill-count">`+n+` help session`)
		}
		// The ticket list: the search of a ticket session shown by its words, the support team's not at all.
		list := ann.get(t, "/analytics/sessions?from=2026-03-02&to=2026-03-14&interval=week&outcome=ticket")
		contains(t, list, "vpn cannot connect", "vpn token expired", "Ticket</span>")
		if n := len(regexp.MustCompile(`<a href="/tickets/(\d+)" class="drill-ticket">ticket #(\d+)</a>`).FindAllString(string(list.Body), -1)); n != 2 {
			t.Errorf("the list names %d tickets by their number, want 2", n)
		}
		if strings.Contains(string(list.Body), "the team tries the hotline") {
			t.Error("the list shows the support team's own session")
		}
		// A solved session's search is not shown: the dashboard shows no such search either.
		list = ann.get(t, "/analytics/sessions?from=2026-03-02&to=2026-03-14&interval=week&outcome=solved")
		if strings.Contains(string(list.Body), "vpn drops") || !strings.Contains(string(list.Body), "not shown") {
			t.Error("the list shows the search of a solved session")
		}
		// A week of the per-interval table, and a rising tag.
		body := string(res.Body)
		for _, want := range []string{
			`href="/analytics/sessions?day=2026-03-02&amp;from=2026-03-02&amp;interval=week&amp;outcome=ticket&amp;to=2026-03-14">2</a>`,
			`href="/analytics/sessions?from=2026-03-02&amp;interval=week&amp;to=2026-03-14&amp;topic=vpn" class="rising-sessions"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the dashboard lacks the link %s", want)
			}
		}
		week := ann.get(t, "/analytics/sessions?day=2026-03-09&from=2026-03-02&interval=week&to=2026-03-14")
		if got := len(drillRowRE.FindAllString(string(week.Body), -1)); got != 2 {
			t.Errorf("the week of 03-09 lists %d sessions, want 2", got)
		}
		contains(t, week, "the interval from 2026-03-09 to 2026-03-14")
		topic := ann.get(t, "/analytics/sessions?from=2026-03-02&interval=week&to=2026-03-14&topic=vpn")
		if got := len(drillRowRE.FindAllString(string(topic.Body), -1)); got != 3 {
			t.Errorf("the sessions with vpn: %d, want 3", got)
		}
	})
}

// TestDrillDownRefusedValues: a refused outcome, day or tag is said on the
// page, and the list is the one with that value left out; other roles than
// the dashboard's are refused with the error page.
func TestDrillDownRefusedValues(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	drillSeed(t, env)
	ann := analyst(t, env)
	const rng = "/analytics/sessions?from=2026-03-02&to=2026-03-14&interval=week"
	for _, c := range []struct {
		query, says string
		rows        int
	}{
		{"&outcome=won", "The outcome is solved (Solved by existing answers), asked (Asked the community), ticket, abandoned or open.", 5},
		{"&outcome=ticket&day=2026-03-03", "Choose the first day of one of the dashboard", 2},
		{"&topic=nosuchtag&outcome=solved", "No such tag.", 2},
		{"&outcome=open&day=2026-03-09&interval=week", "", 1},
	} {
		res := ann.get(t, rng+c.query)
		if c.says == "" { // well-formed: no notice
			if res.Status != http.StatusOK || strings.Contains(string(res.Body), `id="shown-instead"`) {
				t.Errorf("%s: %d", c.query, res.Status)
			}
			continue
		}
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", c.query, res.Status)
			continue
		}
		contains(t, res, `id="shown-instead"`, c.says)
		if got := len(drillRowRE.FindAllString(string(res.Body), -1)); got != c.rows {
			t.Errorf("%s: %d sessions listed, want %d", c.query, got, c.rows)
		}
	}
	// A page far past the end of this short list is no error: it says so
	// and links the last page; the header writes dates as the dashboard does.
	far := ann.get(t, rng+"&page=500")
	if far.Status != http.StatusOK || len(drillRowRE.FindAllString(string(far.Body), -1)) != 0 {
		t.Errorf("page 500 of a short list: %d", far.Status)
	}
	contains(t, far, "This page is past the last one.", `&amp;page=1&amp;`, "from Mar 2, 2026 to Mar 14, 2026 (UTC)")
	// German names the outcomes as the German links do.
	contains(t, ann.get(t, rng+"&outcome=won", "Accept-Language", "de"), `id="shown-instead"`,
		"Das Ergebnis ist solved (Durch vorhandene Antworten gelöst), asked (In der Community gefragt), ticket, abandoned (Abgebrochen) oder open (Offen).")
	// A refused interval: the default (day), the rest kept; its day then refused too.
	res := ann.get(t, "/analytics/sessions?from=2026-03-02&to=2026-03-14&interval=hour&outcome=open")
	if res.Status != http.StatusUnprocessableEntity || len(drillRowRE.FindAllString(string(res.Body), -1)) != 1 {
		t.Errorf("refused interval: %d", res.Status)
	}
	contains(t, res, `id="shown-instead"`, "The interval is day (daily), week (weekly) or month (monthly).")
	res = ann.get(t, "/analytics/sessions?from=2026-01-01&to=2026-01-31")
	contains(t, res, `id="drill-empty"`)

	for i, r := range []string{store.RoleUser, store.RoleHotline, store.RoleModerator} {
		name := "member" + strconv.Itoa(i)
		b := newBrowser(env)
		b.signUp(t, name)
		setRole(t, env, name, r)
		if res := b.get(t, rng); res.Status != http.StatusForbidden || strings.Contains(string(res.Body), "drill-sessions") {
			t.Errorf("%s: %d", r, res.Status)
		}
	}
	if res := newBrowser(env).get(t, rng); res.Status != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want the way to log in", res.Status)
	}
	admin := newBrowser(env)
	admin.signUp(t, "rootless")
	setRole(t, env, "rootless", store.RoleAdmin)
	if res := admin.get(t, rng); res.Status != http.StatusOK {
		t.Errorf("admin: %d", res.Status)
	}
}

// TestDrillDownThroughAPI: GET /api/v1/analytics/deflection/sessions lists,
// for the dashboard's callers, as many sessions as the report's figure;
// others are refused as for the report, bad parameters are 422.
func TestDrillDownThroughAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		drillSeed(t, env)
		_, ana := env.SignUp(t, "ana")
		setRole(t, env, "ana", store.RoleAnalyst)
		const rng = "from=2026-03-02&to=2026-03-14&interval=week"
		var rep deflection.Report
		env.API(t, "GET", "/analytics/deflection?"+rng, ana, nil).JSON(t, &rep)
		for outcome, want := range map[string]int{"": rep.Totals.Sessions, "ticket": rep.Totals.Tickets, "solved": rep.Totals.Solved, "open": rep.Totals.Open} {
			res := env.API(t, "GET", "/analytics/deflection/sessions?"+rng+"&page_size=1&outcome="+outcome, ana, nil)
			var l struct {
				Items []deflection.DrillSession
				Total int
			}
			if res.Status != http.StatusOK || json.Unmarshal(res.Body, &l) != nil {
				t.Fatalf("%q: %d %s", outcome, res.Status, res.Body)
			}
			if l.Total != want || want == 0 || len(l.Items) != 1 {
				t.Errorf("%q: total %d, %d items; the report says %d", outcome, l.Total, len(l.Items), want)
			}
		}
		isJSON := func(what string, res *testkit.Response, status int, code string, fields ...string) {
			t.Helper()
			if res.Status != status || res.ErrorCode() != code {
				t.Errorf("%s: %d %s, want %d %s", what, res.Status, res.Body, status, code)
			}
			for _, f := range fields {
				if !strings.Contains(string(res.Body), `"`+f+`"`) {
					t.Errorf("%s: %s not named in %s", what, f, res.Body)
				}
			}
		}
		path := "/analytics/deflection/sessions?" + rng
		_, emp := env.SignUp(t, "emp")
		isJSON("an employee", env.API(t, "GET", path, emp, nil), http.StatusForbidden, "forbidden")
		isJSON("no token", env.API(t, "GET", path, "", nil), http.StatusUnauthorized, "unauthorized")
		isJSON("bad outcome", env.API(t, "GET", path+"&outcome=won", ana, nil), http.StatusUnprocessableEntity, "invalid", "outcome")
		isJSON("bad day", env.API(t, "GET", path+"&day=2026-03-03", ana, nil), http.StatusUnprocessableEntity, "invalid", "day")
		isJSON("unknown topic", env.API(t, "GET", path+"&topic=nosuchtag", ana, nil), http.StatusUnprocessableEntity, "invalid", "topic")
		isJSON("bad range", env.API(t, "GET", "/analytics/deflection/sessions?from=2026-03-14&to=2026-03-02", ana, nil), http.StatusUnprocessableEntity, "invalid", "from")
		isJSON("bad page", env.API(t, "GET", path+"&page=two", ana, nil), http.StatusUnprocessableEntity, "invalid", "page")
		// A page past the end of a short list is empty, with the list's
		// total; only a list that really is that long is refused so deep.
		if res := env.API(t, "GET", path+"&page=1000&page_size=100", ana, nil); res.Status != http.StatusOK ||
			!strings.Contains(string(res.Body), `"items":[]`) || !strings.Contains(string(res.Body), `"total":5`) {
			t.Errorf("a page past the end: %d %s", res.Status, res.Body)
		}
	})
}

// drillLinkRE is a dashboard figure's link to its sessions.
var drillLinkRE = regexp.MustCompile(`<a href="/analytics/sessions\?[^"]*"(?: title="[^"]*")?>([^<]*)</a>`)

// unlinked is the dashboard with its figures' links to their sessions
// left out (the figures kept), for the tests that read the figures.
func unlinked(res *testkit.Response) *testkit.Response {
	out := *res
	out.Body = drillLinkRE.ReplaceAll(res.Body, []byte("$1"))
	return &out
}

// TestDrillDownShowsTheHourOnly: the drill-down, on the page and through
// the API, says in which hour a session started and ended, never the
// minute or second (a row whose question names its asker could otherwise
// be matched by its time to that person's other rows), and still lists
// the sessions newest first by their exact start.
func TestDrillDownShowsTheHourOnly(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		db := env.App.Store.DB
		var ids []int64
		for _, c := range [][2]string{{"2026-03-05T14:37:52Z", "2026-03-05T14:41:09Z"}, {"2026-03-05T14:05:10Z", "2026-03-05T14:59:58Z"}} {
			start, _ := time.Parse(time.RFC3339, c[0])
			s := deflection.Session{Visitor: "v" + c[0], Source: deflection.SourceHelp, Query: "printer jam", Searches: 1,
				CreatedAt: start, LastEventAt: start}
			end, _ := time.Parse(time.RFC3339, c[1])
			outcome := deflection.OutcomeAbandoned
			s.Outcome, s.OutcomeAt = &outcome, &end
			if err := db.Create(&s).Error; err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		exact := []string{"14:37", "14:41", "14:05", "14:59", ":52", ":58", ":09Z", ":10Z"}
		const query = "from=2026-03-02&to=2026-03-14&interval=week"
		page := analyst(t, env).get(t, "/analytics/sessions?"+query)
		contains(t, page, `<time datetime="2026-03-05T14:00Z">Mar 5, 2026, 14:00–15:00</time>`)
		table := string(page.Body)[strings.Index(string(page.Body), `id="drill-sessions"`):]
		for _, x := range exact {
			if strings.Contains(table, x) {
				t.Errorf("the page shows the exact time %q", x)
			}
		}
		rows := drillRowRE.FindAllStringSubmatch(table, -1)
		if len(rows) != 2 || rows[0][1] != strconv.FormatInt(ids[0], 10) || rows[1][1] != strconv.FormatInt(ids[1], 10) {
			t.Errorf("the page lists %v, want %v, newest first", rows, ids)
		}

		_, ana := env.SignUp(t, "ana")
		setRole(t, env, "ana", store.RoleAnalyst)
		res := env.API(t, "GET", "/analytics/deflection/sessions?"+query, ana, nil)
		for _, x := range exact {
			if strings.Contains(string(res.Body), x) {
				t.Errorf("the API shows the exact time %q: %s", x, res.Body)
			}
		}
		var l struct{ Items []deflection.DrillSession }
		res.JSON(t, &l)
		hour := time.Date(2026, 3, 5, 14, 0, 0, 0, time.UTC)
		if len(l.Items) != 2 || l.Items[0].ID != ids[0] || l.Items[1].ID != ids[1] ||
			!l.Items[0].CreatedAt.Equal(hour) || !l.Items[1].CreatedAt.Equal(hour) ||
			l.Items[0].OutcomeAt == nil || !l.Items[0].OutcomeAt.Equal(hour) || l.Items[1].OutcomeAt == nil || !l.Items[1].OutcomeAt.Equal(hour) {
			t.Errorf("the API lists %s, want both in the hour of 14:00, newest first", res.Body)
		}
	})
}
