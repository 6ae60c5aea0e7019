package deflection

import (
	"encoding/csv"
	"io"
	"strconv"
)

// csvHeader names the columns of the CSV export.
var csvHeader = []string{"start", "end", "sessions", "solved", "asked", "tickets", "abandoned", "open",
	"deflection_rate", "community_resolved", "tickets_avoided", "cost_avoided", "self_service_score",
	"search_to_ticket", "questions", "time_to_first_answer_median_s", "time_to_first_answer_p90_s",
	"unanswered_rate", "accepted_rate",
	// The counts the rates divide by (and their numerators not above), so a
	// spreadsheet can add intervals up and weigh rates itself.
	"with_outcome", "sessions_with_search", "ticket_submitters", "answered", "accepted"}

// WriteCSV writes the report's table: one row per interval, then the totals
// (start "total"). A rate with no data is an empty cell.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, iv := range r.Intervals {
		if err := cw.Write(csvRow(iv.Start, iv.End, iv.Metrics)); err != nil {
			return err
		}
	}
	end := ""
	if n := len(r.Intervals); n > 0 {
		end = r.Intervals[n-1].End
	}
	if err := cw.Write(csvRow("total", end, r.Totals)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(start, end string, m Metrics) []string {
	i := strconv.Itoa
	return []string{start, end, i(m.Sessions), i(m.Solved), i(m.Asked), i(m.Tickets), i(m.Abandoned), i(m.Open),
		num(m.DeflectionRate), i(m.CommunityResolved), i(m.TicketsAvoided), strconv.FormatFloat(m.CostAvoided, 'f', 2, 64),
		num(m.SelfServiceScore), num(m.SearchToTicket), i(m.Questions), num(m.TTFAMedian), num(m.TTFAP90),
		num(m.Unanswered), num(m.AcceptedRate),
		i(m.WithOutcome), i(m.SessionsWithSearch), i(m.TicketSubmitters), i(m.Answered), i(m.AcceptedCount)}
}

func num(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}
