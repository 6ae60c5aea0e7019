package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"stackdesk/internal/deflection"
)

// demoProblems are what employees typed on the Get-help page in the demo's
// help sessions, with how each session ended and the demo question that
// solved it (or that its searcher went on to ask).
var demoProblems = []struct {
	query   string
	outcome string // solved, asked, ticket, or "" (left open: abandoned later)
	key     string // the demo question, for solved and asked
}{
	{"vpn disconnects every few minutes", deflection.OutcomeSolved, "vpn-drops"},
	{"outlook shared mailbox missing", deflection.OutcomeSolved, "outlook-shared"},
	{"drucker druckt leere seiten", deflection.OutcomeSolved, "drucker-leer"},
	{"second monitor black after update", deflection.OutcomeSolved, "dock-monitor"},
	{"passwort zurücksetzen sms code kommt nicht", deflection.OutcomeTicket, ""},
	{"expense receipt lost", deflection.OutcomeSolved, "receipt-lost"},
	{"teams screen sharing black picture", deflection.OutcomeSolved, "teams-schwarz"},
	{"what to order for a new team member", deflection.OutcomeAsked, "new-hire-checklist"},
	{"git clone ssl certificate problem", deflection.OutcomeSolved, "git-ssl"},
	{"wlan gäste zugang", deflection.OutcomeSolved, "guest-wifi"},
	{"payslip pdf password", deflection.OutcomeSolved, "payslip-pdf"},
	{"sap purchase order approval", deflection.OutcomeTicket, ""},
	{"phishing mail it support", deflection.OutcomeSolved, "phishing-mailbox"},
	{"onedrive red crosses", deflection.OutcomeSolved, "onedrive-kreuze"},
	{"desk booking released my desk", deflection.OutcomeAsked, "desk-released"},
	{"printer scan to email not arriving", deflection.OutcomeTicket, ""},
	{"holiday carry over next year", deflection.OutcomeSolved, "resturlaub"},
	{"vpn hotel wifi login page", "", ""},
	{"authenticator new phone", deflection.OutcomeSolved, "mfa-new-phone"},
	{"laptop battery swollen", deflection.OutcomeTicket, ""},
}

// helpSessions replays the demo's help sessions over the past four weeks,
// through the deflection rules, so that the support dashboard has figures.
// A problem that ended in asking a question did so in the first round, just
// before its question was asked; in later rounds that question solves it.
// A question solves sessions only after it was asked.
func (r *demoRun) helpSessions(ctx context.Context) error {
	if r.d.Help == nil {
		return nil
	}
	asked := map[string]time.Time{}
	for _, q := range demoQuestions {
		asked[q.Key] = r.now.Add(-time.Duration(q.DaysAgo * float64(24*time.Hour)))
	}
	askers := []string{"anna.schmidt", "ben.miller", "lukas.weber", "priya.nair"}
	// Each session as it happens, then all of them in the order they
	// started, so that ids (and the tickets' numbers) follow time as on a
	// real site, whose hotline queue lists them by number.
	type play struct {
		at      time.Time
		problem int
		who     deflection.Who
		outcome string
	}
	var plays []play
	for round := 0; round < 3; round++ {
		for i, p := range demoProblems {
			at := r.now.Add(-time.Duration(27-round*9-i%9)*24*time.Hour - time.Duration(i)*37*time.Minute)
			who := deflection.Who{Visitor: fmt.Sprintf("%032x", round*100+i+1)}
			if i%3 == 0 {
				who = deflection.Who{User: r.users[askers[(i+round)%len(askers)]]}
			}
			outcome := p.outcome
			switch {
			case outcome == deflection.OutcomeAsked && round == 0:
				at = asked[p.key].Add(-12 * time.Minute)
				who = deflection.Who{User: r.users[demoAuthor(p.key)]} // they went on to ask it
			case outcome == deflection.OutcomeAsked:
				outcome = deflection.OutcomeSolved
			}
			if outcome == deflection.OutcomeSolved && at.Before(asked[p.key]) {
				at = asked[p.key].Add(time.Duration(i+1) * 3 * time.Hour)
			}
			if latest := r.now.Add(-time.Minute); at.After(latest) {
				at = latest
			}
			plays = append(plays, play{at: at, problem: i, who: who, outcome: outcome})
		}
	}
	slices.SortStableFunc(plays, func(a, b play) int { return a.at.Compare(b.at) })
	for _, pl := range plays {
		p, at, who, outcome := demoProblems[pl.problem], pl.at, pl.who, pl.outcome
		h := *r.d.Help
		h.Now = func() time.Time { return at }
		h.Search = nil // the demo's sessions happen before the index exists
		h.Rand = func() float64 { return 1 }
		s, err := h.Start(ctx, who, p.query)
		if err != nil {
			return fmt.Errorf("seed: demo help session %q: %w", p.query, err)
		}
		in := deflection.OutcomeInput{Outcome: outcome}
		switch outcome {
		case "":
			continue
		case deflection.OutcomeSolved, deflection.OutcomeAsked:
			in.QuestionID = r.posts[p.key]
			if outcome == deflection.OutcomeAsked {
				at = asked[p.key] // the outcome comes once the question is posted
			}
		case deflection.OutcomeTicket:
			in.Ticket = &deflection.TicketInput{Subject: "Help needed: " + p.query,
				Body: "Nothing on Stackdesk helped me with this: " + p.query + ".", Email: "employee@example.com"}
		}
		if _, err := h.SetOutcome(ctx, who, s.Session.ID, in); err != nil {
			return fmt.Errorf("seed: demo help outcome %q: %w", p.query, err)
		}
	}
	h := *r.d.Help
	h.Now = func() time.Time { return r.now }
	_, err := h.AbandonIdle(ctx)
	return err
}

// demoAuthor is the author of the demo question key.
func demoAuthor(key string) string {
	for _, q := range demoQuestions {
		if q.Key == key {
			return q.Author
		}
	}
	return ""
}
