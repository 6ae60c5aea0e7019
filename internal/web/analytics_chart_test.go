package web

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"stackdesk/internal/deflection"
	"stackdesk/internal/i18n"
)

func fp(v float64) *float64 { return &v }

// TestChartsLeaveGapsForNoData checks that a rate without data (nil) breaks
// the line instead of drawing zero, and that every chart is an accessible image.
func TestChartsLeaveGapsForNoData(t *testing.T) {
	p := &page{Lang: "en", cat: i18n.MustLoad()}
	d := analyticsPage{noData: "no data", cat: i18n.MustLoad()}
	iv := func(start string, m deflection.Metrics) deflection.IntervalMetrics {
		return deflection.IntervalMetrics{Start: start, Metrics: m}
	}
	r := &deflection.Report{Intervals: []deflection.IntervalMetrics{
		iv("2026-03-02", deflection.Metrics{Sessions: 4, Solved: 1, Tickets: 3, WithOutcome: 4, DeflectionRate: fp(0.25), TicketsAvoided: 1,
			CostAvoided: -5, Questions: 2, Answered: 2, TTFAMedian: fp(3600), TTFAP90: fp(13680), Unanswered: fp(0), AcceptedRate: fp(0.5)}),
		iv("2026-03-03", deflection.Metrics{}),
		iv("2026-03-04", deflection.Metrics{Sessions: 1, Solved: 1, WithOutcome: 1, DeflectionRate: fp(1), TicketsAvoided: 1, CostAvoided: 15}),
		iv("2026-03-05", deflection.Metrics{Questions: 1, Unanswered: fp(1), AcceptedRate: fp(0)}),
	}}
	charts := d.charts(p, r)
	svg := map[string]string{}
	legends := map[string][]legendItem{}
	classRE := regexp.MustCompile(`^<svg class="chart ([a-z-]+)" viewBox="[^"]+" role="img" aria-label="([^"]+)" [^>]*><title>([^<]+)</title><desc>[^<]+</desc>`)
	for _, c := range charts {
		m := classRE.FindStringSubmatch(string(c.SVG))
		if m == nil || m[2] != c.Caption || m[3] != c.Caption || !strings.HasSuffix(string(c.SVG), "</svg>") {
			t.Fatalf("chart %q is not a titled, described image:\n%.300s", c.Caption, c.SVG)
		}
		svg[m[1]] = string(c.SVG)
		legends[m[1]] = c.Legend
	}
	for _, id := range []string{"chart-outcomes", "chart-rate", "chart-ttfa", "chart-questions", "chart-avoided", "chart-cost"} {
		if svg[id] == "" {
			t.Fatalf("no %s among %d charts", id, len(charts))
		}
	}
	paths := func(s, class string) []string {
		re := regexp.MustCompile(`<path class="line ` + class + `" d="([^"]*)"/>`)
		var out []string
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	// Deflection rate: 25 % on 03-02, no data on 03-03 and 03-05, 100 % on 03-04: two separate points, no line through zero.
	// The plot is 160 units high from y=12; x centres are 64 + (i + 0.5) × 86.
	if got := paths(svg["chart-rate"], "s0"); len(got) != 1 || got[0] != "M107.0 132.0 M279.0 12.0" {
		t.Fatalf("rate path %q", got)
	}
	if n := strings.Count(svg["chart-rate"], `<circle class="point s0"`); n != 2 {
		t.Fatalf("rate points: %d", n)
	}
	contains := func(s string, parts ...string) {
		t.Helper()
		for _, part := range parts {
			if !strings.Contains(s, part) {
				t.Errorf("missing %q in\n%s", part, s)
			}
		}
	}
	contains(svg["chart-rate"], `<title>2026-03-02 · Self-service deflection rate: 25 %</title>`, `<title>2026-03-04 · Self-service deflection rate: 100 %</title>`)
	// Time to first answer: one point per series; the p90 of 3h 48m sets a scale of 0 to 4h in 1h steps.
	if m, p90 := paths(svg["chart-ttfa"], "s0"), paths(svg["chart-ttfa"], "s1"); len(m) != 1 || m[0] != "M107.0 132.0" || len(p90) != 1 || p90[0] != "M107.0 20.0" {
		t.Fatalf("ttfa paths %q %q", m, p90)
	}
	contains(svg["chart-ttfa"], `>4h</text>`, `>1h</text>`, `<title>2026-03-02 · First answer, p90: 3h 48m</title>`)
	// The legends are text beside the charts: the lines' strokes, the bars' colours.
	if got := fmt.Sprint(legends["chart-ttfa"]); got != "[{line s0 First answer, median} {line s1 First answer, p90}]" {
		t.Errorf("ttfa legend %s", got)
	}
	if got := fmt.Sprint(legends["chart-avoided"]); got != "[{seg-solved Solved} {seg-community Community resolution}]" {
		t.Errorf("avoided legend %s", got)
	}
	if got := legends["chart-rate"]; got != nil {
		t.Errorf("a chart of one line has a legend: %v", got)
	}
	if strings.Contains(svg["chart-ttfa"]+svg["chart-avoided"], "legend") {
		t.Errorf("a legend drawn in the image:\n%s", svg["chart-ttfa"]+svg["chart-avoided"])
	}
	// Question rates: the interval without questions breaks both lines.
	if u := paths(svg["chart-questions"], "s0"); len(u) != 1 || u[0] != "M107.0 172.0 M365.0 12.0" {
		t.Fatalf("unanswered path %q", u)
	}
	if a := paths(svg["chart-questions"], "s1"); len(a) != 1 || a[0] != "M107.0 92.0 M365.0 172.0" {
		t.Fatalf("accepted path %q", a)
	}
	// Cost avoided is an amount, zero when nothing happened, and may be negative: the scale spans −5 to 15.
	if c := paths(svg["chart-cost"], "s0"); len(c) != 1 || c[0] != "M107.0 172.0 L193.0 132.0 L279.0 12.0 L365.0 132.0" {
		t.Fatalf("cost path %q", c)
	}
	contains(svg["chart-cost"], `>-5</text>`, `>15</text>`, `<title>2026-03-02 · Cost avoided: -5.00</title>`)
	// Tickets avoided: bars by how; none for the empty intervals.
	contains(svg["chart-avoided"], `<rect class="seg-solved" x="76.9" y="12.0" width="60.2" height="160.0"><title>2026-03-02 · Solved: 1</title></rect>`)
	if n := strings.Count(svg["chart-avoided"], "<title>"); n != 3 {
		t.Fatalf("avoided: %d titles", n)
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct {
		lo, hi         float64
		steps          []float64
		wLo, wHi, step float64
	}{
		{0, 0, countSteps, 0, 1, 1},
		{0, 5, countSteps, 0, 6, 2},
		{0, 4, countSteps, 0, 4, 1},
		{-6, 37, countSteps, -20, 40, 20},
		{0, 13680, durationSteps, 0, 14400, 3600},
		{0, 90, durationSteps, 0, 120, 60},
	} {
		s := niceScale(c.lo, c.hi, c.steps, nil, nil)
		if s.lo != c.wLo || s.hi != c.wHi || s.step != c.step {
			t.Errorf("niceScale(%g, %g) = %g..%g by %g, want %g..%g by %g", c.lo, c.hi, s.lo, s.hi, s.step, c.wLo, c.wHi, c.step)
		}
	}
}

// TestDashboardNumbersPerLanguage checks figures read right in German
// ("63,9 %", "1.862,00 €", "1 Std. 30 Min.", "8 Tg. 12 Std.", not "8 T 12 h")
// and English, with the configured currency.
func TestDashboardNumbersPerLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	de := analyticsPage{lang: "de", currency: "€", cat: cat}
	en := analyticsPage{lang: "en", currency: "EUR", cat: cat}
	bare := analyticsPage{lang: "en", cat: cat}
	for _, c := range [][2]string{
		{de.Pct(fp(0.639)), "63,9 %"}, {en.Pct(fp(0.639)), "63.9 %"}, {de.Pct(fp(0.5)), "50 %"},
		{de.Money(1862), "1.862,00\u00a0€"}, {en.Money(1862), "1,862.00\u00a0EUR"}, {bare.Money(862), "862.00"},
		{de.Signed(fp(-0.012)), "−1,2 pp"}, {en.Signed(fp(0.05)), "+5.0 pp"}, {de.Fixed(0.25), "0,25"},
		{de.Dur(fp(5400)), "1\u00a0Std.\u00a030\u00a0Min."}, {en.Dur(fp(5400)), "1h 30m"}, {de.Dur(fp(3 * 86400)), "3\u00a0Tg."},
		{en.Dur(fp(3 * 86400)), "3d"}, {de.Dur(fp(720)), "12\u00a0Min."}, {de.Dur(fp(45)), "45\u00a0Sek."}, {en.Dur(fp(45)), "45s"},
		{de.Dur(fp(8*86400 + 12*3600)), "8\u00a0Tg.\u00a012\u00a0Std."}, {en.Dur(fp(8*86400 + 12*3600)), "8d 12h"},
		{de.Dur(fp(2*3600 + 300)), "2\u00a0Std.\u00a05\u00a0Min."}, {en.Dur(fp(2*3600 + 300)), "2h 05m"},
		{de.Dur(fp(1200 * 86400)), "1.200\u00a0Tg."}, {en.Dur(fp(1200 * 86400)), "1,200d"},
		{de.DurTick(5400), "1,5 h"}, {en.DurTick(5400), "1.5h"}, {de.DurTick(1800), "30 min"}, {en.DurTick(7200), "2h"},
		{de.DurTick(2 * 86400), "2 Tg."}, {en.DurTick(2 * 86400), "2d"}, {en.DurTick(0), "0s"},
	} {
		if c[0] != c[1] {
			t.Errorf("got %q, want %q", c[0], c[1])
		}
	}
}

// TestDurationsOfWholeHours: a whole number of hours (or of days) reads as
// such, without a zero of the smaller unit, in German and English alike:
// "2 Std." and "2h", not "2 Std. 0 Min." and "2h 00m"; a duration rounded
// up to one (1h 59m 50s) too; the others keep both units.
func TestDurationsOfWholeHours(t *testing.T) {
	cat := i18n.MustLoad()
	de := analyticsPage{lang: "de", cat: cat}
	en := analyticsPage{lang: "en", cat: cat}
	for _, c := range []struct {
		secs   float64
		de, en string
	}{
		{3600, "1\u00a0Std.", "1h"},
		{2 * 3600, "2\u00a0Std.", "2h"},
		{2*3600 + 25, "2\u00a0Std.", "2h"},
		{2*3600 - 10, "2\u00a0Std.", "2h"},
		{2*3600 + 60, "2\u00a0Std.\u00a01\u00a0Min.", "2h 01m"},
		{23*3600 + 59*60, "23\u00a0Std.\u00a059\u00a0Min.", "23h 59m"},
		{47 * 3600, "47\u00a0Std.", "47h"},
		{48 * 3600, "2\u00a0Tg.", "2d"},
		{2*86400 + 3600, "2\u00a0Tg.\u00a01\u00a0Std.", "2d 1h"},
		{10 * 86400, "10\u00a0Tg.", "10d"},
		{59 * 60, "59\u00a0Min.", "59m"},
		{59, "59\u00a0Sek.", "59s"},
	} {
		if got := de.Dur(fp(c.secs)); got != c.de {
			t.Errorf("German %gs: %q, want %q", c.secs, got, c.de)
		}
		if got := en.Dur(fp(c.secs)); got != c.en {
			t.Errorf("English %gs: %q, want %q", c.secs, got, c.en)
		}
	}
}

// TestChartAxesPerLanguage checks the charts' axes write numbers and
// dates as the page's language does, like the figures beside them.
func TestChartAxesPerLanguage(t *testing.T) {
	r := &deflection.Report{Intervals: []deflection.IntervalMetrics{{Start: "2026-03-02",
		Metrics: deflection.Metrics{Sessions: 1500, Solved: 1500, WithOutcome: 1500, DeflectionRate: fp(1)}}}}
	for lang, want := range map[string][]string{"en": {">1,000<", ">03-02<", "<title>2026-03-02 · "},
		"de": {">1.000<", ">02.03.<", "<title>02.03.2026 · "}} {
		p := &page{Lang: lang, cat: i18n.MustLoad()}
		svg := string(analyticsPage{lang: lang, noData: "-", cat: p.cat}.charts(p, r)[0].SVG)
		for _, w := range want {
			if !strings.Contains(svg, w) {
				t.Errorf("%s: no %s in the chart:\n%.900s", lang, w, svg)
			}
		}
	}
}

// TestChartAxisLabelsFitTheMargin checks that the labels of a chart's
// vertical axis, drawn right-aligned left of the plot, fit its margin in
// either language at any scale: German durations such as "2 h 00 min"
// were cut off at the chart's left edge.
func TestChartAxisLabelsFitTheMargin(t *testing.T) {
	// An axis label is 15px high (style.css); 8.2 units a character is what
	// a label of digits and letters takes at most on average.
	const charW, room = 8.2, padL - 6
	labelRE := regexp.MustCompile(`<text class="axis" x="[0-9.]+" y="[0-9.]+" text-anchor="end">([^<]*)</text>`)
	for _, lang := range []string{"en", "de"} {
		p := &page{Lang: lang, cat: i18n.MustLoad()}
		d := analyticsPage{lang: lang, noData: "-", currency: "EUR", cat: p.cat}
		for _, slowest := range []float64{45, 90, 40 * 60, 5400, 13680, 20 * 3600, 3 * 86400, 40 * 86400, 400 * 86400} {
			r := &deflection.Report{Intervals: []deflection.IntervalMetrics{{Start: "2026-03-02", Metrics: deflection.Metrics{
				Sessions: 2500, Solved: 2500, WithOutcome: 2500, DeflectionRate: fp(1), TicketsAvoided: 2500, CostAvoided: 99000,
				Questions: 1, Answered: 1, TTFAMedian: fp(slowest / 2), TTFAP90: fp(slowest), Unanswered: fp(0), AcceptedRate: fp(1)}}}}
			for _, c := range d.charts(p, r) {
				labels := labelRE.FindAllStringSubmatch(string(c.SVG), -1)
				if len(labels) < 2 {
					t.Fatalf("%s %s: %d axis labels", lang, c.Caption, len(labels))
				}
				for _, m := range labels {
					text := html.UnescapeString(m[1])
					if w := charW * float64(utf8.RuneCountInString(text)); w > room {
						t.Errorf("%s %s (slowest %gs): label %q takes about %.0f units, the margin has %d", lang, c.Caption, slowest, text, w, room)
					}
				}
			}
		}
	}
}
