package web_test

import (
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

// analyst signs up a browser with the analyst role.
func analyst(t *testing.T, env *testkit.Env) *browser {
	t.Helper()
	b := newBrowser(env)
	b.signUp(t, "ann")
	setRole(t, env, "ann", store.RoleAnalyst)
	return b
}

var (
	rowRE  = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">([^<]*)</th>(.*?)</tr>`)
	cellRE = regexp.MustCompile(`<td>(.*?)</td>`)
	// A cell's text as read out: what is hidden from screen readers (the
	// dash that marks no data) left out, the tags around the rest dropped.
	hiddenRE = regexp.MustCompile(`<span[^>]*aria-hidden="true">[^<]*</span>`)
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	svgRE    = regexp.MustCompile(`(?s)<svg class="chart (chart-[a-z]+)".*?</svg>`)
)

// intervalRows reads the per-interval table: the cells of each row by its start.
func intervalRows(t *testing.T, res *testkit.Response) map[string][]string {
	t.Helper()
	body := string(unlinked(res).Body)
	i := strings.Index(body, `<table class="data" id="intervals">`)
	if i < 0 {
		t.Fatalf("no interval table:\n%s", body)
	}
	body = body[i : i+strings.Index(body[i:], "</table>")]
	rows := map[string][]string{}
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		var cells []string
		for _, c := range cellRE.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, tagRE.ReplaceAllString(hiddenRE.ReplaceAllString(c[1], ""), ""))
		}
		rows[m[1]] = cells
	}
	return rows
}

// charts reads the page's SVG charts by their class.
func charts(res *testkit.Response) map[string]string {
	out := map[string]string{}
	for _, m := range svgRE.FindAllStringSubmatch(string(res.Body), -1) {
		out[m[1]] = m[0]
	}
	return out
}

func sameCells(t *testing.T, rows map[string][]string, start string, want ...string) {
	t.Helper()
	if got := rows[start]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("row %s:\n got %q\nwant %q", start, got, want)
	}
}

// TestAnalyticsPageFigures fills three days with help sessions and questions
// of known outcomes and times, and reads the dashboard's totals, its
// per-day table (the middle day empty: "no data") and its charts.
//
//	03-02: s1 solved, s2 and s3 tickets (one visitor), s4 asked (its question
//	       now accepted), s5 abandoned; questions qa (answered after 1h,
//	       accepted) and qb (answered after 3h)
//	03-03: nothing
//	03-04: s6 open, s7 solved; question qc without an answer
//
// s3 made no search. Cost: 20 per ticket, the community at 0.15 of it.
func TestAnalyticsPageFigures(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		db := env.App.Store.DB
		at := func(s string) time.Time {
			v, err := time.Parse("2006-01-02 15:04", s)
			if err != nil {
				t.Fatal(err)
			}
			return v.UTC()
		}
		setCreated := func(id int64, when string) {
			if err := db.Model(&store.Post{}).Where("id = ?", id).Update("created_at", at(when)).Error; err != nil {
				t.Fatal(err)
			}
		}
		_, carol := env.SignUp(t, "carol")
		_, bob := env.SignUp(t, "bob")
		question := func(title, asked, answered string, accept bool) int64 {
			qid := env.Ask(t, carol, title, "printer")
			setCreated(qid, asked)
			if answered != "" {
				aid := env.Answer(t, bob, qid, "Reinstall the driver from the vendor's page and print a test page.")
				setCreated(aid, answered)
				if accept {
					if res := env.API(t, "POST", "/answers/"+itoa(aid)+"/accept", carol, nil); res.Status != 200 {
						t.Fatalf("accept: %d %s", res.Status, res.Body)
					}
				}
			}
			return qid
		}
		qa := question("Printer on floor three prints blank pages", "2026-03-02 09:00", "2026-03-02 10:00", true)
		question("Printer jams on every second page", "2026-03-02 12:00", "2026-03-02 15:00", false)
		question("Printer shows an offline status all day", "2026-03-04 09:00", "", false)

		session := func(start, outcome, visitor string, searches int, qid int64) {
			// The last event is now, so the idle timeout abandons no open session during the test.
			s := deflection.Session{Visitor: visitor, Source: deflection.SourceHelp, Query: "printer problem",
				Searches: searches, CreatedAt: at(start), LastEventAt: time.Now().UTC()}
			if outcome != "" {
				s.Outcome, s.OutcomeAt = &outcome, &s.CreatedAt
			}
			if qid != 0 {
				s.QuestionID = &qid
			}
			if err := db.Create(&s).Error; err != nil {
				t.Fatal(err)
			}
		}
		session("2026-03-02 08:00", deflection.OutcomeSolved, "v1", 1, 0)
		session("2026-03-02 08:10", deflection.OutcomeTicket, "v2", 1, 0)
		session("2026-03-02 08:20", deflection.OutcomeTicket, "v2", 0, 0)
		session("2026-03-02 08:30", deflection.OutcomeAsked, "v4", 1, qa)
		session("2026-03-02 08:40", deflection.OutcomeAbandoned, "v5", 2, 0)
		session("2026-03-04 08:00", "", "v6", 1, 0)
		session("2026-03-04 08:10", deflection.OutcomeSolved, "v7", 1, 0)

		ann := analyst(t, env)
		res := ann.get(t, "/analytics?from=2026-03-02&to=2026-03-04&interval=day")
		if res.Status != http.StatusOK {
			t.Fatalf("dashboard: %d", res.Status)
		}
		contains(t, unlinked(res),
			`<dd id="kpi-sessions">7</dd>`, `<dd id="kpi-solved">2</dd>`, `<dd id="kpi-asked">1</dd>`, `<dd id="kpi-tickets">2</dd>`,
			`<dd id="kpi-abandoned">1</dd>`, `<dd id="kpi-open">1</dd>`,
			`<dd id="kpi-deflection">33.3 %</dd>`, "2 solved of 6 sessions with an outcome",
			`<dd id="kpi-avoided">3</dd>`, `<dd id="kpi-cost">57.00</dd>`, `<dd id="kpi-community">1</dd>`,
			`<dd id="kpi-self-service">7.00</dd>`, "help sessions ÷ 1 person who filed a ticket",
			`<dd id="kpi-search-to-ticket">33.3 %</dd>`, "2 with a ticket of 6 sessions with a search",
			`<dd id="kpi-ttfa">2h / 2h 48m</dd>`, "from 2 answered questions",
			`<dd id="kpi-unanswered">33.3 %</dd>`, `<dd id="kpi-accepted">33.3 %</dd>`, "1 of 3 questions asked",
			`<th scope="col">Open</th>`, `<th scope="col">Self-service score</th>`, `<th scope="col">Search-to-ticket conversion</th>`,
			"Questions in the week from Feb 26, 2026:")
		// The week of rising tags is a date in the page's language, as the range above it.
		contains(t, ann.get(t, "/analytics?from=2026-03-02&to=2026-03-04&interval=day", "Accept-Language", "de"),
			"Hilfeanfragen und Fragen vom 02.03.2026 bis 04.03.2026", "Fragen in der Woche ab 26.02.2026:",
			// Durations as German abbreviates units, in the figures and the charts.
			"<dd id=\"kpi-ttfa\">2\u00a0Std. / 2\u00a0Std.\u00a048\u00a0Min.</dd>", "<title>02.03.2026 · Erste Antwort, p90: 2\u00a0Std.\u00a048\u00a0Min.</title>")

		// Per day: sessions, solved, asked, tickets, abandoned, open, deflection rate, community
		// resolution, tickets avoided, cost avoided, self-service score, search-to-ticket conversion,
		// first answer median and p90, unanswered and accepted rates.
		rows := intervalRows(t, res)
		if len(rows) != 3 {
			t.Fatalf("rows %q", rows)
		}
		sameCells(t, rows, "2026-03-02", "5", "1", "1", "2", "1", "0", "20 %", "1", "2", "37.00", "5.00", "50 %", "2h", "2h 48m", "0 %", "50 %")
		nd := "no data"
		sameCells(t, rows, "2026-03-03", "0", "0", "0", "0", "0", "0", nd, "0", "0", "0.00", nd, nd, nd, nd, nd, nd)
		sameCells(t, rows, "2026-03-04", "2", "1", "0", "0", "0", "1", "100 %", "0", "1", "20.00", nd, "0 %", nd, nd, "100 %", "0 %")

		// The charts: the empty day leaves a gap in the lines; x centres are 64 + (i + ½) × 114.7,
		// the plot runs from y=172 (0) up to y=12.
		svg := charts(res)
		if len(svg) != 6 {
			t.Fatalf("%d charts", len(svg))
		}
		// The legends are text under their charts.
		contains(t, res, `</svg>
    <ul class="legend"><li><span class="key seg-solved" aria-hidden="true"></span>Solved</li><li><span class="key seg-community" aria-hidden="true"></span>Community resolution</li></ul></figure>`,
			`<li><span class="key line s1" aria-hidden="true"></span>First answer, p90</li>`)
		for class, part := range map[string][]string{
			"chart-outcomes":  {`<title>2026-03-02 · Tickets: 2</title>`, `<title>2026-03-04 · Open: 1</title>`},
			"chart-rate":      {`<path class="line s0" d="M121.3 140.0 M350.7 12.0"/>`, `<title>2026-03-02 · Self-service deflection rate: 20 %</title>`},
			"chart-ttfa":      {`<path class="line s0" d="M121.3 65.3"/>`, `<path class="line s1" d="M121.3 22.7"/>`, `<title>2026-03-02 · First answer, p90: 2h 48m</title>`},
			"chart-questions": {`<path class="line s0" d="M121.3 172.0 M350.7 12.0"/>`, `<path class="line s1" d="M121.3 92.0 M350.7 172.0"/>`},
			"chart-avoided":   {`<title>2026-03-02 · Community resolution: 1</title>`, `<title>2026-03-04 · Solved: 1</title>`},
			"chart-cost":      {`<title>2026-03-02 · Cost avoided: 37.00</title>`, `<title>2026-03-03 · Cost avoided: 0.00</title>`},
		} {
			for _, p := range part {
				if !strings.Contains(svg[class], p) {
					t.Errorf("%s: no %q in\n%s", class, p, svg[class])
				}
			}
		}
	})
}

// TestAnalyticsPageZeroDenominators checks that rates over nothing show as
// "no data" (in both languages), never NaN, and draw no line.
func TestAnalyticsPageZeroDenominators(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ann := analyst(t, env)
		const path = "/analytics?from=2025-01-01&to=2025-01-02&interval=day"
		res := ann.get(t, path)
		if res.Status != http.StatusOK {
			t.Fatalf("dashboard: %d", res.Status)
		}
		contains(t, unlinked(res), `<dd id="kpi-sessions">0</dd>`, `<dd id="kpi-deflection">no data</dd>`, `<dd id="kpi-self-service">no data</dd>`,
			`<dd id="kpi-search-to-ticket">no data</dd>`, `<dd id="kpi-ttfa">no data / no data</dd>`,
			`<dd id="kpi-unanswered">no data</dd>`, `<dd id="kpi-accepted">no data</dd>`, `<dd id="kpi-cost">0.00</dd>`,
			"0 solved of 0 sessions with an outcome")
		for _, bad := range []string{"NaN", "Inf", "<no value>"} {
			if strings.Contains(string(res.Body), bad) {
				t.Errorf("page shows %q", bad)
			}
		}
		rows := intervalRows(t, res)
		nd := "no data"
		for _, day := range []string{"2025-01-01", "2025-01-02"} {
			sameCells(t, rows, day, "0", "0", "0", "0", "0", "0", nd, "0", "0", "0.00", nd, nd, nd, nd, nd, nd)
		}
		svg := charts(res)
		for _, class := range []string{"chart-rate", "chart-ttfa", "chart-questions"} {
			if s, ok := svg[class]; !ok || strings.Contains(s, "<path") || strings.Contains(s, "<circle") {
				t.Errorf("%s draws data where there is none:\n%s", class, s)
			}
		}
		// No rising tag and no content gap is said as such, not as missing data.
		contains(t, res, `id="rising-none">No tag is rising that week.</p>`, `id="gaps-none">No help search ended in a ticket or found nothing.</p>`)
		contains(t, ann.get(t, path, "Accept-Language", "de"), `<dd id="kpi-deflection">keine Daten</dd>`, "<td>keine Daten</td>",
			`id="rising-none">In dieser Woche steigt kein Tag auf.</p>`, `id="gaps-none">Keine Hilfesuche endete mit einem Ticket oder ohne Ergebnis.</p>`)
		// A tag nobody used is refused on its field, not shown as zeros.
		res = ann.get(t, path+"&tag=nosuchtag")
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown tag: %d", res.Status)
		}
		contains(t, res, "No such tag.")
	})
}

// TestAnalyticsRefusedWithTheErrorPage: a user without the analyst role gets
// the 403 error page, not the dashboard's filter form around a message.
func TestAnalyticsRefusedWithTheErrorPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	b.signUp(t, "bob")
	res := b.get(t, "/analytics")
	if res.Status != http.StatusForbidden {
		t.Fatalf("analytics for a plain user: %d", res.Status)
	}
	if strings.Contains(string(res.Body), `name="interval"`) {
		t.Fatal("a plain user is shown the dashboard's form")
	}
	// The header leads staff to the dashboard and the tickets, and nobody else.
	if home := string(b.get(t, "/").Body); strings.Contains(home, `href="/analytics"`) || strings.Contains(home, `href="/tickets"`) {
		t.Fatal("the header offers a plain user the staff pages")
	}
	contains(t, analyst(t, env).get(t, "/"), `<a href="/analytics">Dashboard</a>`, `<a href="/tickets">Hotline tickets</a>`)
}

// TestAnalyticsCSVBadQueryIsPlainText: the CSV download of a bad query
// answers 422, as the dashboard and the API do, as plain text in the
// reader's language, not with an HTML page: that no file was made, then each
// parameter at fault with the dashboard's message for it; a plain user is
// still refused.
func TestAnalyticsCSVBadQueryIsPlainText(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ann := analyst(t, env)
	for _, c := range []struct{ query, lang, want string }{
		{"interval=hour&from=2026-02-30", "en", csvRefused + "from: Use a date such as 2026-03-01.\ninterval: The interval is day (daily), week (weekly) or month (monthly).\n"},
		{"from=2026-03-02&to=2026-03-01", "de", "Es wurde keine CSV-Datei erstellt: Korrigieren Sie diese Parameter ihrer Adresse oder laden Sie die Datei aus dem Dashboard herunter, /analytics.\nfrom: Der Beginn liegt nach dem Ende.\n"},
		{"from=1900-01-01&to=9999-12-31", "en", csvRefused + "from: Choose a range of at most five years.\n"},
		{"from=2025-01-01&to=2025-01-02&tag=nosuchtag", "en", csvRefused + "tag: No such tag.\n"},
	} {
		res := ann.get(t, "/analytics.csv?"+c.query, "Accept-Language", c.lang)
		if res.Status != http.StatusUnprocessableEntity || res.Header.Get("Content-Type") != "text/plain; charset=utf-8" || string(res.Body) != c.want {
			t.Errorf("%s: %d %q %q, want 422 %q", c.query, res.Status, res.Header.Get("Content-Type"), res.Body, c.want)
		}
	}
	b := newBrowser(env)
	b.signUp(t, "bob")
	if res := b.get(t, "/analytics.csv?interval=hour"); res.Status != http.StatusForbidden {
		t.Fatalf("CSV for a plain user: %d", res.Status)
	}
}

// TestAnalyticsBadFieldKeepsTheRest: a bad interval (or an unknown tag) is
// said beside its field, and the dashboard still shows as on a normal
// load: the default range in From and To, the other values as given, the
// report of those, and its CSV download.
func TestAnalyticsBadFieldKeepsTheRest(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	ann := analyst(t, env)
	today := time.Now().UTC()
	from, to := today.AddDate(0, 0, -(deflection.DefaultDays-1)).Format(time.DateOnly), today.Format(time.DateOnly)
	res := ann.get(t, "/analytics?tag=printer&interval=weekly")
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a bad interval: %d", res.Status)
	}
	contains(t, res, `id="interval-error"`, `name="from" type="date" value="`+from+`"`, `name="to" type="date" value="`+to+`"`,
		`<option value="day" selected>`, `name="tag" value="printer"`, `id="kpis"`,
		`href="/analytics.csv?from=`+from+`&amp;interval=day&amp;tag=printer&amp;to=`+to+`" download>`)
	// An unknown tag: the interval chosen stays, the tag as typed, the
	// report and its download of all tags.
	res = ann.get(t, "/analytics?tag=nosuchtag&interval=week&from="+from)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown tag: %d", res.Status)
	}
	contains(t, res, "No such tag.", `name="from" type="date" value="`+from+`"`, `<option value="week" selected>`, `name="tag" value="nosuchtag"`,
		`href="/analytics.csv?from=`+from+`&amp;interval=week&amp;tag=&amp;to=`+to+`" download>`)
}

// TestAnalyticsRangeTooLongIsSaidBesideFrom: a start too far back is said
// beside From, the field that made the range too long, and the date stays
// in it as typed, to be corrected, while the dashboard shows the default
// range; dates left out with the rest (too many days for one interval
// each) stay in their fields too.
func TestAnalyticsRangeTooLongIsSaidBesideFrom(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ann := analyst(t, env)
	today := time.Now().UTC()
	to := today.Format(time.DateOnly)
	first := today.AddDate(0, 0, -(deflection.DefaultDays - 1))
	for _, query := range []string{"from=1900-01-01", "from=2020-01-01&to=" + to} {
		from := strings.TrimPrefix(strings.SplitN(query, "&", 2)[0], "from=")
		res := ann.get(t, "/analytics?"+query)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", query, res.Status)
		}
		fromInput := `<input id="a-from" name="from" type="date" value="` + from + `" aria-invalid="true" aria-describedby="from-error">`
		said := `<p class="field-error" id="from-error" role="alert">Choose a range of at most five years.</p>`
		contains(t, res, fromInput, said, `name="to" type="date" value="`+to+`">`, `id="kpis"`,
			"from "+first.Format("Jan 2, 2006")+" to "+today.Format("Jan 2, 2006"))
		body := string(res.Body)
		// Beside From: right after its field, before To's label.
		if i, j, k := strings.Index(body, fromInput), strings.Index(body, said), strings.Index(body, `<label for="a-to">`); !(i < j && j < k) {
			t.Errorf("%s: the message is not beside From (field at %d, message at %d, To at %d)", query, i, j, k)
		}
		if strings.Contains(body, `id="to-error"`) {
			t.Errorf("%s: an error beside To", query)
		}
	}
	// Five hundred days, one interval each: said beside Interval, with
	// both dates kept as typed.
	from := today.AddDate(0, 0, -500).Format(time.DateOnly)
	res := ann.get(t, "/analytics?from="+from+"&to="+to)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("500 days by day: %d, want 422", res.Status)
	}
	contains(t, res, `id="interval-error"`, `aria-describedby="interval-error"`, `name="from" type="date" value="`+from+`">`, `name="to" type="date" value="`+to+`">`)
}

// TestAnalyticsCSVSaysItsTag: a download narrowed to a tag is named after
// the tag (one in any script as RFC 5987 spells it) and says the tag in its
// last column, so the files of several tags, or of all, are told apart.
func TestAnalyticsCSVSaysItsTag(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	env.Ask(t, tok, "Bürodrucker im 3. OG druckt nur leere Seiten", "bürodrucker")
	ann := analyst(t, env)
	today := time.Now().UTC()
	from, to := today.AddDate(0, 0, -(deflection.DefaultDays-1)).Format(time.DateOnly), today.Format(time.DateOnly)
	for tag, want := range map[string]string{
		"":            "attachment; filename=deflection-" + from + "-" + to + ".csv",
		"printer":     "attachment; filename=deflection-printer-" + from + "-" + to + ".csv",
		"bürodrucker": "attachment; filename*=utf-8''deflection-b%C3%BCrodrucker-" + from + "-" + to + ".csv",
	} {
		res := ann.get(t, "/analytics.csv?tag="+url.QueryEscape(tag))
		if res.Status != http.StatusOK || res.Header.Get("Content-Disposition") != want {
			t.Errorf("tag %q: %d, named %q, want %q", tag, res.Status, res.Header.Get("Content-Disposition"), want)
		}
		lines := strings.Split(strings.TrimSpace(string(res.Body)), "\n")
		if !strings.HasSuffix(lines[0], ",tag") || !strings.HasSuffix(lines[len(lines)-1], ","+tag) || !strings.HasPrefix(lines[len(lines)-1], "total,") {
			t.Errorf("tag %q: the file does not name it:\n%s", tag, res.Body)
		}
	}
}

// TestAnalyticsRangeRefusedShowsTheDefaultRange: a range refused as a whole
// (its start after its end, or over five years up to the year 9999) shows
// the default range's figures, the last 30 days up to today, not 30 days
// up to the end typed, and says plainly that these are not the figures
// asked for, and for which days they are, in English and German; a good
// range is shown without that notice.
func TestAnalyticsRangeRefusedShowsTheDefaultRange(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ann := analyst(t, env)
	today := time.Now().UTC()
	first := today.AddDate(0, 0, -(deflection.DefaultDays - 1))
	for _, query := range []string{"from=2026-11-20&to=2026-11-10", "from=1900-01-01&to=9999-12-31"} {
		res := ann.get(t, "/analytics?"+query)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", query, res.Status)
		}
		contains(t, res, `id="from-error"`, `id="kpis"`, `<p class="notice" role="status" id="shown-instead">Not the figures asked for:`,
			"from "+first.Format("Jan 2, 2006")+" to "+today.Format("Jan 2, 2006")+" (UTC), with the default in place of each field refused.",
			`href="/analytics.csv?from=`+first.Format(time.DateOnly)+`&amp;interval=day&amp;tag=&amp;to=`+today.Format(time.DateOnly)+`" download>`)
		contains(t, ann.get(t, "/analytics?"+query, "Accept-Language", "de"), "Nicht die angefragten Zahlen: Bis die markierten Felder korrigiert sind, zeigen wir stattdessen")
	}
	if strings.Contains(string(ann.get(t, "/analytics?from="+first.Format(time.DateOnly)).Body), "shown-instead") {
		t.Error("a good range says its figures are shown instead")
	}
}
