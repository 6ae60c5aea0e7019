package deflection

import (
	"encoding/csv"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/errs"
)

// The tables the CSV export offers: the figures per interval (the default),
// the content gaps, the rising tags and the holdout estimate, as the
// dashboard shows them.
const (
	CSVIntervals = "intervals"
	CSVGaps      = "gaps"
	CSVRising    = "rising"
	CSVHoldout   = "holdout"
)

// ParseCSVPart reads which table a download asks for: "" is the figures
// per interval; anything not a table is a field error on part.
func ParseCSVPart(part string) (string, error) {
	switch part = strings.TrimSpace(part); part {
	case "":
		return CSVIntervals, nil
	case CSVIntervals, CSVGaps, CSVRising, CSVHoldout:
		return part, nil
	}
	var f errs.Fields
	f.Add("part", "analytics.part_value", "The table is intervals, gaps, rising or holdout.")
	return "", f.Err()
}

// ParseCSVQuery reads a CSV download's parameters: the dashboard's range,
// interval and tag (as ParseQuery) and the table (as ParseCSVPart), every
// field at fault said at once.
func ParseCSVQuery(from, to, interval, tag, part string, now time.Time) (Query, string, error) {
	q, err := ParseQuery(from, to, interval, tag, now)
	p, perr := ParseCSVPart(part)
	switch {
	case perr != nil && errs.Is(err, errs.Invalid):
		e := errs.As(err)
		e.Fields = append(e.Fields, errs.As(perr).Fields...)
	case perr != nil && err == nil:
		err = perr
	}
	return q, p, err
}

// CSVFileName names the download of one of the report's tables by what it
// holds: the range and, filtered, the tag; the tables other than the
// figures per interval say which they are:
// deflection-gaps-vpn-2026-10-01-2026-10-31.csv.
func (r *Report) CSVFileName(part string) string {
	name := "deflection-"
	if part != CSVIntervals {
		name += part + "-"
	}
	if r.Tag != "" {
		name += r.Tag + "-"
	}
	return name + r.From + "-" + r.To + ".csv"
}

// ServeCSV answers a download of one of the report's tables, for the
// dashboard's pages and the API alike: CSV, as an attachment named by
// CSVFileName (a tag in any script, as RFC 6266 and 5987 spell it), never
// stored by caches.
func (r *Report) ServeCSV(w http.ResponseWriter, part string) error {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": r.CSVFileName(part)}))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	return r.WritePart(w, part)
}

// csvHeader names the columns of the CSV export.
var csvHeader = []string{"period", "first_day", "last_day", "sessions", "solved", "asked", "tickets", "abandoned", "open",
	"deflection_rate", "community_resolved", "tickets_avoided", "cost_avoided", "self_service_score",
	"search_to_ticket", "questions", "time_to_first_answer_median_s", "time_to_first_answer_p90_s",
	"unanswered_rate", "accepted_rate",
	// The counts the rates divide by (and their numerators not above), so a
	// spreadsheet can add intervals up and weigh rates itself.
	"with_outcome", "sessions_with_search", "ticket_submitters", "answered", "accepted",
	// The tag the figures are narrowed to, empty for all: a file says what
	// it covers, whatever it was named on download.
	"tag"}

// WritePart writes one of the report's tables (CSVIntervals, CSVGaps,
// CSVRising or CSVHoldout) as CSV.
func (r *Report) WritePart(w io.Writer, part string) error {
	switch part {
	case CSVGaps:
		return r.writeGaps(w)
	case CSVRising:
		return r.writeRising(w)
	case CSVHoldout:
		return r.writeHoldout(w)
	}
	return r.WriteCSV(w)
}

// WriteCSV writes the report's table: one row per interval (period
// "interval"), then the totals (period "total"), each with its first and
// last day, both included. Rates are fractions (0.25 is 25 %) to four
// places; a rate with no data is an empty cell. The last column names the
// tag filter, if any.
func (r *Report) WriteCSV(w io.Writer) error {
	rows := make([][]string, 0, len(r.Intervals)+1)
	for _, iv := range r.Intervals {
		rows = append(rows, append(csvRow("interval", iv.Start, lastDay(iv.End), iv.Metrics), csvText(r.Tag)))
	}
	rows = append(rows, append(csvRow("total", r.From, r.To, r.Totals), csvText(r.Tag)))
	return writeTable(w, csvHeader, rows)
}

// writeGaps writes the content gaps: a row per help search, as the
// dashboard lists them, with the range and the tag filter.
func (r *Report) writeGaps(w io.Writer) error {
	i := strconv.Itoa
	rows := make([][]string, len(r.ContentGaps))
	for k, g := range r.ContentGaps {
		rows[k] = []string{csvText(g.Query), i(g.Sessions), i(g.Tickets), i(g.NoResults), r.From, r.To, csvText(r.Tag)}
	}
	return writeTable(w, []string{"query", "sessions", "tickets", "no_results", "first_day", "last_day", "tag"}, rows)
}

// writeRising writes the rising tags: a row per tag, with the week they
// were counted in (its first and last day) and the tag filter.
func (r *Report) writeRising(w io.Writer) error {
	first, last := r.WeekOf, r.To
	rows := make([][]string, len(r.RisingTags))
	for k, t := range r.RisingTags {
		rows[k] = []string{csvText(t.Tag), strconv.Itoa(t.ThisWeek), num(&t.Average), first, last, csvText(r.Tag)}
	}
	return writeTable(w, []string{"rising_tag", "this_week", "four_week_average", "week_first_day", "week_last_day", "tag"}, rows)
}

// writeHoldout writes the holdout estimate as one row: the share held out,
// each group's sessions, tickets and ticket rate, the difference and its
// 95 % interval (empty while a group is too small: too_few), the range and
// the tag filter.
func (r *Report) writeHoldout(w io.Writer) error {
	h, i := r.Holdout, strconv.Itoa
	row := []string{num(&h.Share), i(h.HoldoutSessions), i(h.HoldoutTickets), num(h.HoldoutTicketRate),
		i(h.SuggestedSessions), i(h.SuggestedTickets), num(h.SuggestedTicketRate), num(h.Difference), num(h.CILow), num(h.CIHigh),
		strconv.FormatBool(h.TooFew), r.From, r.To, csvText(r.Tag)}
	return writeTable(w, []string{"share", "holdout_sessions", "holdout_tickets", "holdout_ticket_rate",
		"suggested_sessions", "suggested_tickets", "suggested_ticket_rate", "difference", "ci_low", "ci_high",
		"too_few", "first_day", "last_day", "tag"}, [][]string{row})
}

func writeTable(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// csvText guards a cell of text (a search, a tag) against formula injection:
// a spreadsheet runs a cell starting with = + - or @ (or a tab or carriage
// return before one) as a formula, so such a cell gets a leading
// apostrophe, which spreadsheets take as "text" and do not show. Numbers
// are written by the export itself and never guarded: a negative cost
// stays a number.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// lastDay is the day before an interval's end (the first day not in it).
func lastDay(end string) string {
	t, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return end
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

func csvRow(period, first, last string, m Metrics) []string {
	i := strconv.Itoa
	return []string{period, first, last, i(m.Sessions), i(m.Solved), i(m.Asked), i(m.Tickets), i(m.Abandoned), i(m.Open),
		num(m.DeflectionRate), i(m.CommunityResolved), i(m.TicketsAvoided), strconv.FormatFloat(m.CostAvoided, 'f', 2, 64),
		num(m.SelfServiceScore), num(m.SearchToTicket), i(m.Questions), num(m.TTFAMedian), num(m.TTFAP90),
		num(m.Unanswered), num(m.AcceptedRate),
		i(m.WithOutcome), i(m.SessionsWithSearch), i(m.TicketSubmitters), i(m.Answered), i(m.AcceptedCount)}
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(math.Round(*p*1e4)/1e4, 'f', -1, 64)
}
