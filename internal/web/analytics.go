package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/i18n"
)

// analyticsPage is the data of the deflection dashboard.
type analyticsPage struct {
	From, To, Interval, Tag string
	Report                  *deflection.Report
	Charts                  []chart
	CSV                     string
	Intervals               []string
	// Instead is set when some fields were refused: the figures shown are
	// the report's, with the defaults in their place, and the page says so.
	Instead  bool
	noData   string
	lang     string // numbers are written as this language writes them
	cat      *i18n.Catalog
	currency string // after amounts, when set
}

// Pct shows a fraction as a percentage, or "no data".
func (d analyticsPage) Pct(v *float64) string {
	if v == nil {
		return d.noData
	}
	return i18n.Decimal(d.lang, *v*100, 1) + " %"
}

// Num shows a ratio with two decimals, or "no data".
func (d analyticsPage) Num(v *float64) string {
	if v == nil {
		return d.noData
	}
	return d.Fixed(*v)
}

// Fixed shows a number with two decimals.
func (d analyticsPage) Fixed(v float64) string { return i18n.Fixed(d.lang, v, 2) }

// Signed shows a difference of rates in percentage points, or "no data".
func (d analyticsPage) Signed(v *float64) string {
	if v == nil {
		return d.noData
	}
	sign := "+"
	if *v < 0 {
		sign = "−"
	}
	return sign + i18n.Fixed(d.lang, math.Abs(*v*100), 1) + " pp"
}

// Money shows an amount with two decimals and the configured currency.
func (d analyticsPage) Money(v float64) string {
	if d.currency == "" {
		return d.Fixed(v)
	}
	return d.Fixed(v) + "\u00a0" + d.currency
}

// Day writes an interval's first day (2026-03-02) as the page's language
// writes dates: German 02.03.2026; English keeps the ISO form.
func (d analyticsPage) Day(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil || d.lang != "de" {
		return iso
	}
	return t.Format("02.01.2006")
}

// ShortDay is Day without the year, for chart axes: 03-02, 02.03.
func (d analyticsPage) ShortDay(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	switch {
	case err != nil:
		return iso
	case d.lang == "de":
		return t.Format("02.01.")
	}
	return t.Format("01-02")
}

// Dur shows seconds as a short duration, or "no data", as the page's
// language abbreviates units: "45s", "12m", "2h 05m", "8d 12h"; in German
// "45 Sek.", "12 Min.", "2 Std. 5 Min.", "8 Tg. 12 Std.". Whole hours and
// whole days name no zero of the smaller unit: "2h", "3d"; "2 Std.", "3 Tg.".
func (d analyticsPage) Dur(v *float64) string {
	if v == nil {
		return d.noData
	}
	t := time.Duration(*v * float64(time.Second)).Round(time.Minute)
	h, m := int(t.Hours()), int(t.Minutes())%60
	switch {
	case *v < 60:
		return d.cat.T(d.lang, "duration.seconds", "N", int(*v))
	case t < time.Hour:
		return d.cat.T(d.lang, "duration.minutes", "N", int(t.Minutes()))
	case t < 48*time.Hour && m == 0:
		return d.cat.T(d.lang, "duration.hours", "H", h)
	case t < 48*time.Hour:
		return d.cat.T(d.lang, "duration.hours_minutes", "H", h, "M", m, "MM", fmt.Sprintf("%02d", m))
	case h%24 == 0:
		return d.cat.T(d.lang, "duration.days", "D", h/24)
	}
	return d.cat.T(d.lang, "duration.days_hours", "D", h/24, "H", h%24)
}

// DurTick writes a duration on a chart's axis in one unit, so that the label
// fits the margin beside the plot: "30m", "1.5h", "2d"; in German "30 min",
// "1,5 h", "2 Tg." (Dur's "1 Std. 30 Min." would be cut off).
func (d analyticsPage) DurTick(v float64) string {
	n := func(v float64) string { return i18n.Decimal(d.lang, v, 1) }
	switch {
	case v < 60:
		return d.cat.T(d.lang, "duration.tick_seconds", "N", n(v))
	case v < 3600:
		return d.cat.T(d.lang, "duration.tick_minutes", "N", n(v/60))
	case v < 48*3600:
		return d.cat.T(d.lang, "duration.tick_hours", "N", n(v/3600))
	}
	return d.cat.T(d.lang, "duration.tick_days", "N", n(v/86400))
}

func (s *Server) analytics(c echo.Context) error {
	if err := deflection.RequireAnalyst(httpx.User(c)); err != nil {
		return err // the error page, not the dashboard's form
	}
	d := analyticsPage{Tag: c.QueryParam("tag"), Intervals: []string{deflection.IntervalDay, deflection.IntervalWeek, deflection.IntervalMonth}}
	p := s.newPage(c, "", nil)
	p.Title = p.T("analytics.title")
	p.NoIndex = true
	d.noData = p.T("analytics.no_data")
	d.lang, d.currency, d.cat = p.Lang, s.cfg.Deflection.Currency, s.cat
	r, qerr := s.analyticsReport(c)
	if r == nil {
		if !errs.Is(qerr, errs.Invalid) {
			return qerr
		}
		p.Data = d
		return s.formError(c, "analytics", p, qerr)
	}
	// A bad field is said beside it; the dashboard shows what it would with
	// that field left empty (its default), with the other values as given.
	// A date or tag left out stays in its field as typed, to be corrected.
	d.From, d.To, d.Interval = r.From, r.To, r.Interval
	if qerr != nil {
		if v := c.QueryParam("from"); v != "" {
			d.From = v
		}
		if v := c.QueryParam("to"); v != "" {
			d.To = v
		}
	}
	if r.Tag != "" {
		d.Tag = r.Tag
	}
	d.Report, d.Instead = r, qerr != nil
	d.Charts = d.charts(p, r)
	d.CSV = d.CSVOf(deflection.CSVIntervals)
	p.Data = d
	if qerr != nil {
		return s.formError(c, "analytics", p, qerr)
	}
	return s.render(c, "analytics", p)
}

// analyticsReport is the dashboard of the request's parameters. When some
// are invalid, it is the dashboard of the others, each bad one left empty
// (its default), with the Invalid error that says what was wrong.
func (s *Server) analyticsReport(c echo.Context) (*deflection.Report, error) {
	params := map[string]string{}
	for _, k := range []string{"from", "to", "interval", "tag"} {
		params[k] = c.QueryParam(k)
	}
	var said errs.Fields
	for {
		q, err := deflection.ParseQuery(params["from"], params["to"], params["interval"], params["tag"], s.now())
		var r *deflection.Report
		if err == nil {
			r, err = s.help.Dashboard(c.Request().Context(), httpx.User(c), q)
		}
		if err == nil {
			return r, said.Err()
		}
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid {
			return nil, err
		}
		dropped := false
		for _, f := range e.Fields {
			if !said.Has(f.Field) {
				said = append(said, f)
			}
			if params[f.Field] != "" {
				params[f.Field], dropped = "", true
			}
			// A range refused (its start after its end, or too long) is
			// refused whole: the default range, not one of its dates kept.
			if rangeRefused(f) && params["to"] != "" {
				params["to"], dropped = "", true
			}
		}
		if !dropped { // the field at fault is empty already (a range too long for days): all defaults
			for k, v := range params {
				if v != "" {
					params[k], dropped = "", true
				}
			}
		}
		if !dropped {
			return nil, said.Err()
		}
	}
}

// rangeRefused reports whether a field error refuses the dates together
// rather than one of them.
func rangeRefused(f errs.FieldError) bool {
	return f.Msg.ID == "analytics.from_after_to" || f.Msg.ID == "analytics.range_too_long"
}

func (s *Server) analyticsCSV(c echo.Context) error {
	u := httpx.User(c)
	if err := deflection.RequireAnalyst(u); err != nil {
		return err
	}
	q, part, err := deflection.ParseCSVQuery(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("interval"),
		c.QueryParam("tag"), c.QueryParam("part"), s.now())
	var r *deflection.Report
	if err == nil {
		r, err = s.help.Dashboard(c.Request().Context(), u, q)
	}
	if errs.Is(err, errs.Invalid) {
		return s.csvError(c, errs.As(err))
	}
	if err != nil {
		return err
	}
	return r.ServeCSV(c.Response(), part)
}

// csvError answers a download's bad query with 422, as the dashboard and
// the API do, and as plain text: a line saying no file was made, then each
// parameter at fault with the message the dashboard shows beside its field
// ("from: The start is after the end."). Whatever asked for a CSV file gets
// no HTML page.
func (s *Server) csvError(c echo.Context, e *errs.Error) error {
	lang := httpx.Lang(c)
	var b strings.Builder
	b.WriteString(s.cat.T(lang, "analytics.csv_refused") + "\n")
	seen := map[string]bool{}
	for _, f := range e.Fields {
		if !seen[f.Field] {
			seen[f.Field] = true
			b.WriteString(f.Field + ": " + s.cat.Msg(lang, f.Msg) + "\n")
		}
	}
	if len(seen) == 0 {
		b.WriteString(s.cat.Msg(lang, e.Msg) + "\n")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusUnprocessableEntity, "text/plain; charset=utf-8", []byte(b.String()))
}

// CSVOf is the address of one of the dashboard's tables as CSV, with the
// report's range, interval and tag; the figures per interval name no part.
func (d analyticsPage) CSVOf(part string) string {
	v := url.Values{"from": {d.Report.From}, "to": {d.Report.To}, "interval": {d.Report.Interval}, "tag": {d.Report.Tag}}
	if part != deflection.CSVIntervals {
		v.Set("part", part)
	}
	return "/analytics.csv?" + v.Encode()
}

// Share shows a setting's fraction as a percentage.
func (d analyticsPage) Share(v float64) string { return d.Pct(&v) }

// HoldoutMin is the least sessions per group the holdout's interval needs.
func (d analyticsPage) HoldoutMin() int { return deflection.HoldoutMinSessions }

// UnansweredCount is how many questions asked have no live answer.
func (d analyticsPage) UnansweredCount(m deflection.Metrics) int { return m.Questions - m.Answered }

// Drill is the address of the help sessions behind one of the dashboard's
// figures: the report's range, interval and tag, narrowed to an outcome
// ("" for every session counted), an interval by its first day ("" for the
// whole range) and a further tag, the topic ("" for none).
func (d analyticsPage) Drill(outcome, day, topic string) string {
	v := url.Values{"from": {d.Report.From}, "to": {d.Report.To}, "interval": {d.Report.Interval}}
	for k, x := range map[string]string{"tag": d.Report.Tag, "outcome": outcome, "day": day, "topic": topic} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return "/analytics/sessions?" + v.Encode()
}
