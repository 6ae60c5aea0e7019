package deflection

import (
	"math"
	"sort"
	"time"
)

// Metrics are the dashboard's figures for one interval or the whole range.
// Sessions count by the day they started; questions by the day they were
// asked. A rate whose denominator is zero is nil ("no data"), never NaN.
//
//	deflection_rate      = solved ÷ sessions with an outcome (solved + asked + tickets + abandoned)
//	community_resolved   = questions asked in sessions that now have an accepted answer by someone other than the asker
//	tickets_avoided      = solved + community_resolved
//	cost_avoided         = tickets_avoided × ticket cost − asked × ticket cost × community relative cost
//	self_service_score   = sessions ÷ distinct ticket submitters (users, or visitors when anonymous)
//	search_to_ticket     = sessions ending in a ticket ÷ sessions with a search
//	time_to_first_answer = median and 90th percentile, in seconds, over questions with an answer
//	unanswered_rate      = questions without a live answer ÷ questions
//	accepted_rate        = questions with an accepted answer ÷ questions
type Metrics struct {
	Sessions           int      `json:"sessions"`
	Solved             int      `json:"solved"`
	Asked              int      `json:"asked"`
	Tickets            int      `json:"tickets"`
	Abandoned          int      `json:"abandoned"`
	Open               int      `json:"open"` // no outcome yet
	WithOutcome        int      `json:"with_outcome"`
	DeflectionRate     *float64 `json:"deflection_rate"`
	CommunityResolved  int      `json:"community_resolved"`
	TicketsAvoided     int      `json:"tickets_avoided"`
	CostAvoided        float64  `json:"cost_avoided"`
	SessionsWithSearch int      `json:"sessions_with_search"`
	TicketSubmitters   int      `json:"ticket_submitters"`
	SelfServiceScore   *float64 `json:"self_service_score"`
	SearchToTicket     *float64 `json:"search_to_ticket"`

	Questions     int      `json:"questions"`
	Answered      int      `json:"answered"`
	AcceptedCount int      `json:"accepted"`
	TTFAMedian    *float64 `json:"time_to_first_answer_median"` // seconds
	TTFAP90       *float64 `json:"time_to_first_answer_p90"`    // seconds
	Unanswered    *float64 `json:"unanswered_rate"`
	AcceptedRate  *float64 `json:"accepted_rate"`
}

// IntervalMetrics are the metrics of one interval, named by its first day
// and the day after its last.
type IntervalMetrics struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Metrics
}

// HoldoutEstimate compares the ticket rate of help sessions shown no
// suggestions (the holdout) with that of the others, over sessions of the
// Get-help flow with an outcome. Difference = holdout rate − suggested rate:
// tickets saved per session by showing suggestions, with a 95% confidence
// interval from the normal approximation for a difference of proportions,
// d ± 1.96 × √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂), within −1 to +1. Nil where a
// group is empty, and where a group has fewer than HoldoutMinSessions
// sessions (TooFew): too few for a figure.
type HoldoutEstimate struct {
	Share               float64  `json:"share"`
	HoldoutSessions     int      `json:"holdout_sessions"`
	HoldoutTickets      int      `json:"holdout_tickets"`
	HoldoutTicketRate   *float64 `json:"holdout_ticket_rate"`
	SuggestedSessions   int      `json:"suggested_sessions"`
	SuggestedTickets    int      `json:"suggested_tickets"`
	SuggestedTicketRate *float64 `json:"suggested_ticket_rate"`
	Difference          *float64 `json:"difference"`
	CILow               *float64 `json:"ci_low"`
	CIHigh              *float64 `json:"ci_high"`
	TooFew              bool     `json:"too_few"` // a group is too small for an interval
}

// HoldoutMinSessions is the least sessions each group needs for the
// holdout's confidence interval.
const HoldoutMinSessions = 30

// Gap is a help search that ended in a ticket or found nothing: content to write.
type Gap struct {
	Query     string `json:"query"`
	Sessions  int    `json:"sessions"`
	Tickets   int    `json:"tickets"`
	NoResults int    `json:"no_results"`
}

// RisingTag is a tag asked about this week well above its 4-week average.
type RisingTag struct {
	Tag      string  `json:"tag"`
	ThisWeek int     `json:"this_week"`
	Average  float64 `json:"four_week_average"`
}

// Report is the whole dashboard.
type Report struct {
	From        string            `json:"from"`
	To          string            `json:"to"` // the last day included
	Interval    string            `json:"interval"`
	Tag         string            `json:"tag,omitempty"`
	Totals      Metrics           `json:"totals"`
	Intervals   []IntervalMetrics `json:"intervals"`
	Holdout     HoldoutEstimate   `json:"holdout"`
	ContentGaps []Gap             `json:"content_gaps"`
	RisingTags  []RisingTag       `json:"rising_tags"`
	WeekOf      string            `json:"rising_week_start"` // first day of the week rising tags look at
	TicketCost  float64           `json:"ticket_cost"`
	Community   float64           `json:"community_relative_cost"`
}

// sessionRow is what the metrics read of a session.
type sessionRow struct {
	ID         int64
	UserID     *int64
	Visitor    string
	Source     string
	Holdout    bool
	Outcome    *string
	QuestionID *int64
	Searches   int
	CreatedAt  time.Time
	Merged     bool // solved by the question of an earlier session: the problem counts there
}

// questionRow is what the metrics read of a question.
type questionRow struct {
	ID               int64
	CreatedAt        time.Time
	AcceptedAnswerID *int64
	FirstAnswer      *time.Time
}

// tally accumulates one interval's rows.
type tally struct {
	m          Metrics
	submitters map[string]bool
	resolved   map[int64]bool // questions counted as community-resolved
	ttfa       []float64
}

func newTally() *tally { return &tally{submitters: map[string]bool{}, resolved: map[int64]bool{}} }

func (t *tally) addSession(s sessionRow, resolved bool) {
	t.m.Sessions++
	if s.Searches > 0 {
		t.m.SessionsWithSearch++
	}
	if s.Outcome == nil {
		t.m.Open++
		return
	}
	t.m.WithOutcome++
	switch *s.Outcome {
	case OutcomeSolved:
		t.m.Solved++
	case OutcomeAsked:
		t.m.Asked++
		// A question counts once, even where sessions from before the
		// rule of one session per asked question name it twice.
		if resolved && s.QuestionID != nil && !t.resolved[*s.QuestionID] {
			t.resolved[*s.QuestionID] = true
			t.m.CommunityResolved++
		}
	case OutcomeTicket:
		t.m.Tickets++
		t.submitters[submitter(s)] = true
	case OutcomeAbandoned:
		t.m.Abandoned++
	}
}

func submitter(s sessionRow) string {
	if s.UserID != nil {
		return "u" + itoa(*s.UserID)
	}
	if s.Visitor != "" {
		return "v" + s.Visitor
	}
	return "s" + itoa(s.ID) // an anonymous API client: each session its own submitter
}

func (t *tally) addQuestion(q questionRow) {
	t.m.Questions++
	if q.AcceptedAnswerID != nil {
		t.m.AcceptedCount++
	}
	if q.FirstAnswer != nil {
		t.m.Answered++
		t.ttfa = append(t.ttfa, math.Max(0, q.FirstAnswer.Sub(q.CreatedAt).Seconds()))
	}
}

// finish derives the rates and costs.
func (t *tally) finish(ticketCost, community float64) Metrics {
	m := t.m
	m.TicketSubmitters = len(t.submitters)
	m.DeflectionRate = ratio(m.Solved, m.WithOutcome)
	m.TicketsAvoided = m.Solved + m.CommunityResolved
	m.CostAvoided = roundCents(float64(m.TicketsAvoided)*ticketCost - float64(m.Asked)*ticketCost*community)
	m.SelfServiceScore = ratio(m.Sessions, m.TicketSubmitters)
	m.SearchToTicket = ratio(m.Tickets, m.SessionsWithSearch)
	m.Unanswered = ratio(m.Questions-m.Answered, m.Questions)
	m.AcceptedRate = ratio(m.AcceptedCount, m.Questions)
	sort.Float64s(t.ttfa)
	m.TTFAMedian = wholeSeconds(percentile(t.ttfa, 0.5))
	m.TTFAP90 = wholeSeconds(percentile(t.ttfa, 0.9))
	return m
}

// ratio is a ÷ b, or nil when b is zero.
func ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

// percentile interpolates linearly between the closest ranks of sorted
// values (the common "type 7" definition: the median of an even count is the
// mean of the middle two); nil for no values.
func percentile(sorted []float64, p float64) *float64 {
	n := len(sorted)
	if n == 0 {
		return nil
	}
	h := p * float64(n-1)
	lo := int(math.Floor(h))
	v := sorted[lo]
	if lo+1 < n {
		v += (h - float64(lo)) * (sorted[lo+1] - sorted[lo])
	}
	return &v
}

// wholeSeconds rounds a duration in seconds to whole seconds: times to a
// first answer are minutes to days, and the CSV export shows whole numbers.
func wholeSeconds(p *float64) *float64 {
	if p != nil {
		*p = math.Round(*p)
	}
	return p
}

func roundCents(x float64) float64 {
	r := math.Round(x*100) / 100
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

// estimate computes the holdout comparison from Get-help sessions with an outcome.
func estimate(rows []sessionRow, share float64) HoldoutEstimate {
	e := HoldoutEstimate{Share: share}
	for _, s := range rows {
		if s.Source != SourceHelp || s.Outcome == nil {
			continue
		}
		ticket := *s.Outcome == OutcomeTicket
		if s.Holdout {
			e.HoldoutSessions++
			if ticket {
				e.HoldoutTickets++
			}
		} else {
			e.SuggestedSessions++
			if ticket {
				e.SuggestedTickets++
			}
		}
	}
	e.HoldoutTicketRate = ratio(e.HoldoutTickets, e.HoldoutSessions)
	e.SuggestedTicketRate = ratio(e.SuggestedTickets, e.SuggestedSessions)
	if e.HoldoutTicketRate == nil || e.SuggestedTicketRate == nil {
		return e
	}
	p1, n1 := *e.HoldoutTicketRate, float64(e.HoldoutSessions)
	p2, n2 := *e.SuggestedTicketRate, float64(e.SuggestedSessions)
	if e.HoldoutSessions < HoldoutMinSessions || e.SuggestedSessions < HoldoutMinSessions {
		e.TooFew = true // no figure from a handful of sessions
		return e
	}
	d := p1 - p2
	e.Difference = &d
	se := math.Sqrt(p1*(1-p1)/n1 + p2*(1-p2)/n2)
	lo, hi := max(d-1.96*se, -1), min(d+1.96*se, 1)
	e.CILow, e.CIHigh = &lo, &hi
	return e
}
