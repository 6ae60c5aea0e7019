package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/httpx"
)

// analyticsPage is the data of the deflection dashboard.
type analyticsPage struct {
	From, To, Interval, Tag string
	Report                  *deflection.Report
	Charts                  []chart
	CSV                     string
	Intervals               []string
	noData                  string
}

// Pct shows a fraction as a percentage, or "no data".
func (d analyticsPage) Pct(v *float64) string {
	if v == nil {
		return d.noData
	}
	return strconv.FormatFloat(math.Round(*v*1000)/10, 'f', -1, 64) + " %"
}

// Num shows a ratio with two decimals, or "no data".
func (d analyticsPage) Num(v *float64) string {
	if v == nil {
		return d.noData
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

// Signed shows a difference of rates in percentage points, or "no data".
func (d analyticsPage) Signed(v *float64) string {
	if v == nil {
		return d.noData
	}
	return fmt.Sprintf("%+.1f pp", *v*100)
}

// Money shows an amount with two decimals.
func (d analyticsPage) Money(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// Dur shows seconds as a short duration, or "no data".
func (d analyticsPage) Dur(v *float64) string {
	if v == nil {
		return d.noData
	}
	t := time.Duration(*v * float64(time.Second)).Round(time.Minute)
	switch {
	case *v < 60:
		return strconv.Itoa(int(*v)) + "s"
	case t < time.Hour:
		return fmt.Sprintf("%dm", int(t.Minutes()))
	case t < 48*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(t.Hours()), int(t.Minutes())%60)
	}
	return fmt.Sprintf("%dd %dh", int(t.Hours())/24, int(t.Hours())%24)
}

// analyticsQuery reads and checks the dashboard's parameters for the caller.
func (s *Server) analyticsQuery(c echo.Context) (deflection.Query, error) {
	if err := deflection.RequireAnalyst(httpx.User(c)); err != nil {
		return deflection.Query{}, err
	}
	return deflection.ParseQuery(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("interval"), c.QueryParam("tag"), s.now())
}

func (s *Server) analytics(c echo.Context) error {
	q, qerr := s.analyticsQuery(c)
	d := analyticsPage{From: c.QueryParam("from"), To: c.QueryParam("to"), Interval: c.QueryParam("interval"), Tag: c.QueryParam("tag"),
		Intervals: []string{deflection.IntervalDay, deflection.IntervalWeek, deflection.IntervalMonth}}
	p := s.newPage(c, "", nil)
	p.Title = p.T("analytics.title")
	p.NoIndex = true
	d.noData = p.T("analytics.no_data")
	if qerr != nil {
		p.Data = d
		return s.formError(c, "analytics", p, qerr)
	}
	r, err := s.help.Dashboard(c.Request().Context(), httpx.User(c), q)
	if err != nil {
		return err
	}
	d.From, d.To, d.Interval, d.Tag = r.From, r.To, r.Interval, r.Tag
	d.Report = r
	d.Charts = d.charts(p, r)
	d.CSV = "/analytics.csv?" + url.Values{"from": {r.From}, "to": {r.To}, "interval": {r.Interval}, "tag": {r.Tag}}.Encode()
	p.Data = d
	return s.render(c, "analytics", p)
}

func (s *Server) analyticsCSV(c echo.Context) error {
	q, err := s.analyticsQuery(c)
	if err != nil {
		return err
	}
	r, err := s.help.Dashboard(c.Request().Context(), httpx.User(c), q)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="deflection-`+r.From+`-`+r.To+`.csv"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	return r.WriteCSV(c.Response())
}

// Share shows a setting's fraction as a percentage.
func (d analyticsPage) Share(v float64) string { return d.Pct(&v) }

// UnansweredCount is how many questions asked have no live answer.
func (d analyticsPage) UnansweredCount(m deflection.Metrics) int { return m.Questions - m.Answered }
