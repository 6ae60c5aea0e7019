package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"stackdesk/internal/deflection"
	"stackdesk/internal/i18n"
)

// Chart geometry, in SVG user units; the SVG scales to its container, the
// width of the page on a phone (358 px of a 390 px screen: a tick label of
// 15 units shows at 12.8 px) and half of it or more on a laptop.
const (
	chartW, chartH         = 420, 200
	padL, padR, padT, padB = 64, 12, 12, 28
	plotW, plotH           = chartW - padL - padR, chartH - padT - padB
	maxXLabels             = 6
	maxYSteps              = 4
	chartClassPrefix       = "seg-"
)

// chart is one figure of the dashboard. The per-interval table gives the
// same figures as text. Its legend is text beside the image, not in it,
// so that it is as readable as the page's text on any screen and wraps.
type chart struct {
	Caption string
	SVG     template.HTML
	Legend  []legendItem
}

// seg is one part of a stacked bar.
type seg struct {
	class, label string
	n            func(m deflection.Metrics) int
}

// series is one line of a line chart; a nil value leaves a gap.
type series struct {
	label string
	value func(m deflection.Metrics) *float64
}

// yScale maps values lo..hi to the plot's height, with a grid line every step.
type yScale struct {
	lo, hi, step float64
	tick, text   func(float64) string // the grid's labels; a point's value
}

func (s yScale) y(v float64) float64 { return padT + plotH - (v-s.lo)/(s.hi-s.lo)*plotH }

// grid draws the horizontal lines with their labels.
func (s yScale) grid(b *strings.Builder) {
	n := int(math.Round((s.hi - s.lo) / s.step))
	for i := 0; i <= n; i++ {
		v := s.lo + float64(i)*s.step
		y := s.y(v)
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/><text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`,
			padL, chartW-padR, y, y, padL-6, y+4, esc(s.tick(v)))
	}
}

// niceScale spans lo..hi and zero with at most maxYSteps grid steps of the
// first size in steps that fits (the last one otherwise).
func niceScale(lo, hi float64, steps []float64, tick, text func(float64) string) yScale {
	lo, hi = min(lo, 0), max(hi, 0)
	for i, st := range steps {
		l, h := math.Floor(lo/st)*st, math.Ceil(hi/st)*st
		if h == l {
			h = l + st
		}
		if (h-l)/st <= maxYSteps || i == len(steps)-1 {
			return yScale{lo: l, hi: h, step: st, tick: tick, text: text}
		}
	}
	panic("niceScale: no steps")
}

// countSteps are grid steps for counts and amounts: 1, 2, 5, 10, 20, 50, …
var countSteps = func() []float64 {
	var s []float64
	for m := 1.0; m <= 1e12; m *= 10 {
		s = append(s, m, 2*m, 5*m)
	}
	return s
}()

// durationSteps are grid steps for durations in seconds, from a minute to a year.
var durationSteps = []float64{60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
	86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 90 * 86400, 365 * 86400}

// charts draws the dashboard's figures over time.
func (d analyticsPage) charts(p *page, r *deflection.Report) []chart {
	most := func(f func(m deflection.Metrics) float64) (lo, hi float64) {
		for _, iv := range r.Intervals {
			lo, hi = min(lo, f(iv.Metrics)), max(hi, f(iv.Metrics))
		}
		return lo, hi
	}
	_, sessions := most(func(m deflection.Metrics) float64 { return float64(m.Sessions) })
	_, avoided := most(func(m deflection.Metrics) float64 { return float64(m.TicketsAvoided) })
	_, slowest := most(func(m deflection.Metrics) float64 {
		if m.TTFAP90 == nil {
			return 0
		}
		return *m.TTFAP90
	})
	costLo, costHi := most(func(m deflection.Metrics) float64 { return m.CostAvoided })

	count := func(v float64) string { return i18n.Decimal(d.lang, v, 2) }
	dur := func(v float64) string { return d.Dur(&v) }
	rates := yScale{lo: 0, hi: 1, step: 0.25, tick: func(v float64) string { return count(v*100) + " %" }, text: d.Share}
	bars := func(class, title string, sc yScale, segs ...seg) chart {
		svg, legend := d.barChart(p, r, class, title, sc, segs)
		return chart{title, svg, legend}
	}
	lines := func(class, title string, sc yScale, ss ...series) chart {
		svg, legend := d.lineChart(p, r, class, title, sc, ss)
		return chart{title, svg, legend}
	}
	solved := seg{"solved", p.T("analytics.solved"), func(m deflection.Metrics) int { return m.Solved }}
	return []chart{
		bars("chart-outcomes", p.T("analytics.chart_outcomes"), niceScale(0, sessions, countSteps, count, count),
			solved,
			seg{"asked", p.T("analytics.asked"), func(m deflection.Metrics) int { return m.Asked }},
			seg{"ticket", p.T("analytics.tickets"), func(m deflection.Metrics) int { return m.Tickets }},
			seg{"abandoned", p.T("analytics.abandoned"), func(m deflection.Metrics) int { return m.Abandoned }},
			seg{"open", p.T("analytics.open"), func(m deflection.Metrics) int { return m.Open }}),
		lines("chart-rate", p.T("analytics.chart_rate"), rates,
			series{p.T("analytics.deflection_rate"), func(m deflection.Metrics) *float64 { return m.DeflectionRate }}),
		lines("chart-ttfa", p.T("analytics.ttfa"), niceScale(0, slowest, durationSteps, d.DurTick, dur),
			series{p.T("analytics.ttfa_median"), func(m deflection.Metrics) *float64 { return m.TTFAMedian }},
			series{p.T("analytics.ttfa_p90"), func(m deflection.Metrics) *float64 { return m.TTFAP90 }}),
		lines("chart-questions", p.T("analytics.chart_questions"), rates,
			series{p.T("analytics.unanswered_rate"), func(m deflection.Metrics) *float64 { return m.Unanswered }},
			series{p.T("analytics.accepted_rate"), func(m deflection.Metrics) *float64 { return m.AcceptedRate }}),
		bars("chart-avoided", p.T("analytics.tickets_avoided"), niceScale(0, avoided, countSteps, count, count),
			solved,
			seg{"community", p.T("analytics.community_resolved"), func(m deflection.Metrics) int { return m.CommunityResolved }}),
		lines("chart-cost", p.T("analytics.cost_avoided"), niceScale(costLo, costHi, countSteps, count, d.Money),
			series{p.T("analytics.cost_avoided"), func(m deflection.Metrics) *float64 { return &m.CostAvoided }}),
	}
}

// barChart draws a bar per interval, stacked by the segments, on a scale
// from zero, and returns it with its legend.
func (d analyticsPage) barChart(p *page, r *deflection.Report, class, title string, sc yScale, segs []seg) (template.HTML, []legendItem) {
	var b strings.Builder
	svgOpen(&b, p, class, title)
	sc.grid(&b)
	n := len(r.Intervals)
	slot := float64(plotW) / float64(max(n, 1))
	for i, iv := range r.Intervals {
		x := padL + float64(i)*slot + slot*0.15
		y := sc.y(0)
		for _, sg := range segs {
			v := sg.n(iv.Metrics)
			if v == 0 {
				continue
			}
			h := float64(v) / (sc.hi - sc.lo) * plotH
			y -= h
			fmt.Fprintf(&b, `<rect class="%s%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s · %s: %d</title></rect>`,
				chartClassPrefix, sg.class, x, y, slot*0.7, h, esc(d.Day(iv.Start)), esc(sg.label), v)
		}
		xLabel(&b, i, n, padL+float64(i)*slot+slot/2, d.ShortDay(iv.Start))
	}
	items := make([]legendItem, len(segs))
	for i, sg := range segs {
		items[i] = legendItem{Class: chartClassPrefix + sg.class, Label: sg.label}
	}
	b.WriteString("</svg>")
	return template.HTML(b.String()), items
}

// lineChart draws a line per series over the intervals; an interval whose
// value is nil (no data) leaves a gap rather than dropping to zero. A chart
// of more than one line comes with its legend.
func (d analyticsPage) lineChart(p *page, r *deflection.Report, class, title string, sc yScale, ss []series) (template.HTML, []legendItem) {
	var b strings.Builder
	svgOpen(&b, p, class, title)
	sc.grid(&b)
	n := len(r.Intervals)
	slot := float64(plotW) / float64(max(n, 1))
	for i, iv := range r.Intervals {
		xLabel(&b, i, n, padL+float64(i)*slot+slot/2, d.ShortDay(iv.Start))
	}
	var items []legendItem
	for k, s := range ss {
		sclass := fmt.Sprintf("s%d", k)
		var path strings.Builder
		pen := false
		for i, iv := range r.Intervals {
			v := s.value(iv.Metrics)
			if v == nil {
				pen = false
				continue
			}
			cx, cy := padL+float64(i)*slot+slot/2, sc.y(*v)
			if pen {
				fmt.Fprintf(&path, " L%.1f %.1f", cx, cy)
			} else {
				fmt.Fprintf(&path, " M%.1f %.1f", cx, cy)
			}
			pen = true
			fmt.Fprintf(&b, `<circle class="point %s" cx="%.1f" cy="%.1f" r="3"><title>%s · %s: %s</title></circle>`,
				sclass, cx, cy, esc(d.Day(iv.Start)), esc(s.label), esc(sc.text(*v)))
		}
		if path.Len() > 0 {
			fmt.Fprintf(&b, `<path class="line %s" d="%s"/>`, sclass, strings.TrimSpace(path.String()))
		}
		items = append(items, legendItem{Class: "line " + sclass, Label: s.label})
	}
	b.WriteString("</svg>")
	if len(ss) < 2 {
		items = nil // the caption names the one line
	}
	return template.HTML(b.String()), items
}

// svgOpen starts a chart: an image named by its title, described as having
// its figures in the table.
func svgOpen(b *strings.Builder, p *page, class, title string) {
	fmt.Fprintf(b, `<svg class="chart %s" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title><desc>%s</desc>`,
		class, chartW, chartH, esc(title), esc(title), esc(p.T("analytics.chart_desc")))
}

// xLabel writes the interval's start under some bars, at most maxXLabels of them.
func xLabel(b *strings.Builder, i, n int, x float64, text string) {
	every := (n + maxXLabels - 1) / maxXLabels
	if every < 1 || i%every != 0 {
		return
	}
	fmt.Fprintf(b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, padT+plotH+16, esc(text))
}

// legendItem is a key under a chart: a bar's colour (a seg- class), or a
// line's stroke ("line s0").
type legendItem struct {
	Class, Label string
}

func esc(s string) string { return html.EscapeString(s) }
