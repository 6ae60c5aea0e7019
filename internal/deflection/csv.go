package deflection

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"time"
)

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

// WriteCSV writes the report's table: one row per interval (period
// "interval"), then the totals (period "total"), each with its first and
// last day, both included. Rates are fractions (0.25 is 25 %) to four
// places; a rate with no data is an empty cell. The last column names the
// tag filter, if any.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, iv := range r.Intervals {
		if err := cw.Write(append(csvRow("interval", iv.Start, lastDay(iv.End), iv.Metrics), r.Tag)); err != nil {
			return err
		}
	}
	if err := cw.Write(append(csvRow("total", r.From, r.To, r.Totals), r.Tag)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
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
