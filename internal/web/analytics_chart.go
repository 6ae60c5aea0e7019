package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"stackdesk/internal/deflection"
)

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartW, chartH            = 720, 240
	padL, padR, padT, padB    = 44, 12, 12, 28
	plotW, plotH              = chartW - padL - padR, chartH - padT - padB
	maxXLabels                = 8
	chartClassPrefix          = "seg-"
	rateChartMaxPercent       = 100
	rateChartGridlinesPercent = 25
)

// outcomeChart draws sessions per interval as bars stacked by outcome.
func outcomeChart(p *page, r *deflection.Report) template.HTML {
	type seg struct {
		class, label string
		n            func(m deflection.Metrics) int
	}
	segs := []seg{
		{"solved", p.T("analytics.solved"), func(m deflection.Metrics) int { return m.Solved }},
		{"asked", p.T("analytics.asked"), func(m deflection.Metrics) int { return m.Asked }},
		{"ticket", p.T("analytics.tickets"), func(m deflection.Metrics) int { return m.Tickets }},
		{"abandoned", p.T("analytics.abandoned"), func(m deflection.Metrics) int { return m.Abandoned }},
		{"open", p.T("analytics.open"), func(m deflection.Metrics) int { return m.Open }},
	}
	top := 1
	for _, iv := range r.Intervals {
		top = max(top, iv.Sessions)
	}
	var b strings.Builder
	title := p.T("analytics.chart_outcomes")
	svgOpen(&b, "chart-outcomes", title)
	gridY(&b, []float64{0, float64(top) / 2, float64(top)}, float64(top), func(v float64) string { return fmt.Sprintf("%g", v) })
	n := len(r.Intervals)
	slot := float64(plotW) / float64(max(n, 1))
	for i, iv := range r.Intervals {
		x := padL + float64(i)*slot + slot*0.15
		y := float64(padT + plotH)
		for _, sg := range segs {
			v := sg.n(iv.Metrics)
			if v == 0 {
				continue
			}
			h := float64(v) / float64(top) * plotH
			y -= h
			fmt.Fprintf(&b, `<rect class="%s%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d %s</title></rect>`,
				chartClassPrefix, sg.class, x, y, slot*0.7, h, esc(iv.Start), v, esc(sg.label))
		}
		xLabel(&b, i, n, padL+float64(i)*slot+slot/2, iv.Start)
	}
	legend(&b, func(yield func(class, label string)) {
		for _, sg := range segs {
			yield(sg.class, sg.label)
		}
	})
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// rateChart draws the deflection rate per interval as a line; intervals
// without data leave a gap.
func rateChart(p *page, r *deflection.Report) template.HTML {
	var b strings.Builder
	title := p.T("analytics.chart_rate")
	svgOpen(&b, "chart-rate", title)
	var grid []float64
	for v := 0; v <= rateChartMaxPercent; v += rateChartGridlinesPercent {
		grid = append(grid, float64(v))
	}
	gridY(&b, grid, rateChartMaxPercent, func(v float64) string { return fmt.Sprintf("%g%%", v) })
	n := len(r.Intervals)
	slot := float64(plotW) / float64(max(n, 1))
	var path strings.Builder
	pen := false
	for i, iv := range r.Intervals {
		cx := padL + float64(i)*slot + slot/2
		xLabel(&b, i, n, cx, iv.Start)
		if iv.DeflectionRate == nil {
			pen = false
			continue
		}
		cy := padT + plotH - *iv.DeflectionRate*plotH
		if pen {
			fmt.Fprintf(&path, " L%.1f %.1f", cx, cy)
		} else {
			fmt.Fprintf(&path, " M%.1f %.1f", cx, cy)
		}
		pen = true
		fmt.Fprintf(&b, `<circle class="point" cx="%.1f" cy="%.1f" r="3"><title>%s: %.1f%%</title></circle>`, cx, cy, esc(iv.Start), *iv.DeflectionRate*100)
	}
	if path.Len() > 0 {
		fmt.Fprintf(&b, `<path class="line" d="%s"/>`, strings.TrimSpace(path.String()))
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

func svgOpen(b *strings.Builder, class, title string) {
	fmt.Fprintf(b, `<svg class="chart %s" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		class, chartW, chartH+18, esc(title), esc(title))
}

// gridY draws horizontal lines with labels at the given values of a 0..top scale.
func gridY(b *strings.Builder, values []float64, top float64, label func(float64) string) {
	for _, v := range values {
		y := padT + plotH - v/top*plotH
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/><text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`,
			padL, chartW-padR, y, y, padL-6, y+4, esc(label(v)))
	}
}

// xLabel writes the interval's start under some bars, at most maxXLabels of them.
func xLabel(b *strings.Builder, i, n int, x float64, text string) {
	every := (n + maxXLabels - 1) / maxXLabels
	if every < 1 || i%every != 0 {
		return
	}
	fmt.Fprintf(b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, padT+plotH+16, esc(text[5:]))
}

func legend(b *strings.Builder, items func(yield func(class, label string))) {
	x := padL
	items(func(class, label string) {
		fmt.Fprintf(b, `<rect class="%s%s" x="%d" y="%d" width="10" height="10"/><text class="axis" x="%d" y="%d">%s</text>`,
			chartClassPrefix, class, x, chartH+4, x+14, chartH+13, esc(label))
		x += 24 + 8*len([]rune(label))
	})
}

func esc(s string) string { return html.EscapeString(s) }
