package web

import (
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
)

// drillPageSize is how many sessions the drill-down's page lists.
const drillPageSize = 30

// drillPage is the data of the drill-down: the help sessions behind one of
// the dashboard's figures.
type drillPage struct {
	From, To, Interval, Tag string // the dashboard's range, interval and tag, as listed
	Outcome, Topic, Day     string // the drill-down's filters, as listed ("" for none)
	DayLast                 string // the last day of the interval Day starts
	Rows                    []deflection.DrillSession
	Total                   int64
	Pages                   pager
	Outcomes                []string
	// Instead is set when some values were refused: the list is the one
	// with each refused value left out (its default), and the page says so.
	Instead bool
	lang    string // dates are written as this language writes them
}

// Date writes a day (2026-03-02) as the page's language writes dates, as
// the dashboard does.
func (d drillPage) Date(iso string) string { return analyticsPage{lang: d.lang}.Day(iso) }

// Hour is the hour a session's time falls in, as the list shows it: its
// start and end on the clock (UTC), "08:00" and "09:00". The drill-down
// reads its times in whole hours (deflection.DrillTimeStep).
func (d drillPage) Hour(t time.Time) [2]string {
	t = t.UTC().Truncate(deflection.DrillTimeStep)
	return [2]string{t.Format("15:04"), t.Add(deflection.DrillTimeStep).Format("15:04")}
}

// HourISO is the hour of Hour for a time element's datetime, to the
// minute: 2026-03-03T08:00Z.
func (d drillPage) HourISO(t time.Time) string {
	return t.UTC().Truncate(deflection.DrillTimeStep).Format("2006-01-02T15:04Z")
}

// dashboard is the dashboard's query of the list, for its links.
func (d drillPage) dashboard() url.Values {
	v := url.Values{"from": {d.From}, "to": {d.To}, "interval": {d.Interval}}
	if d.Tag != "" {
		v.Set("tag", d.Tag)
	}
	return v
}

// Back is the address of the dashboard the list was opened from.
func (d drillPage) Back() string { return "/analytics?" + d.dashboard().Encode() }

// Link is the list's address with another outcome ("" for every session),
// keeping the range, tag, topic and day.
func (d drillPage) Link(outcome string) string {
	v := d.dashboard()
	for k, x := range map[string]string{"outcome": outcome, "topic": d.Topic, "day": d.Day} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return "/analytics/sessions?" + v.Encode()
}

// ID is a session's ticket or question id, nil as 0.
func (d drillPage) ID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// drillParams are the query parameters the drill-down reads, in the order
// its refusals are said.
var drillParams = []string{"from", "to", "interval", "tag", "outcome", "topic", "day", "page"}

func (s *Server) analyticsSessions(c echo.Context) error {
	u := httpx.User(c)
	if err := deflection.RequireAnalyst(u); err != nil {
		return err // the error page, not the list
	}
	params := map[string]string{}
	for _, k := range drillParams {
		params[k] = c.QueryParam(k)
	}
	// A refused value is said above the list, and the list is the one with
	// that value left out (its default), the others as given; a refused
	// range is refused whole, as on the dashboard.
	var said errs.Fields
	var rows []deflection.DrillSession
	var total int64
	var d deflection.Drill
	for {
		q, err := deflection.ParseQuery(params["from"], params["to"], params["interval"], params["tag"], s.now())
		if err == nil {
			d, err = deflection.ParseDrill(q, params["outcome"], params["topic"], params["day"])
		}
		if err == nil {
			d.Page, d.PageSize = max(httpx.QueryInt(c, "page", 1), 1), drillPageSize
			if params["page"] == "" {
				d.Page = 1
			}
			rows, total, err = s.help.DrillSessions(c.Request().Context(), u, d)
		}
		if err == nil {
			break
		}
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid {
			return err
		}
		dropped := false
		for _, f := range e.Fields {
			if !said.Has(f.Field) {
				said = append(said, f)
			}
			if params[f.Field] != "" {
				params[f.Field], dropped = "", true
			}
			if rangeRefused(f) && params["to"] != "" {
				params["to"], dropped = "", true
			}
		}
		if !dropped {
			for k, v := range params {
				if v != "" {
					params[k], dropped = "", true
				}
			}
		}
		if !dropped {
			return said.Err()
		}
	}
	data := drillPage{From: d.From.Format("2006-01-02"), To: d.LastDay().Format("2006-01-02"), Interval: d.Interval, Tag: d.Tag,
		Outcome: d.Outcome, Topic: d.Topic, Rows: rows, Total: total, Outcomes: deflection.DrillOutcomes, Instead: len(said) > 0}
	if !d.Day.IsZero() {
		data.Day, data.DayLast = d.Day.Format("2006-01-02"), d.DayEnd().AddDate(0, 0, -1).Format("2006-01-02")
	}
	data.Pages = newPager(d.Page, drillPageSize, total)
	p := s.newPage(c, "", nil)
	data.lang = p.Lang
	p.Data = data
	p.Title = p.T("analytics.drill_title")
	p.NoIndex = true
	// The pager's links carry the list as shown, the refused values left out.
	p.Query = url.Values{}
	for _, k := range drillParams[:len(drillParams)-1] {
		if params[k] != "" {
			p.Query.Set(k, params[k])
		}
	}
	if len(said) > 0 {
		return s.formError(c, "analytics_sessions", p, said.Err())
	}
	return s.render(c, "analytics_sessions", p)
}
