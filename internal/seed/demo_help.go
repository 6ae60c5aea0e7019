package seed

import (
	"context"
	"fmt"
	"time"

	"stackdesk/internal/deflection"
)

// demoProblems are what employees typed on the Get-help page in the demo's
// help sessions, with how each session ended.
var demoProblems = []struct {
	query   string
	outcome string // solved, asked, ticket, or "" (left open: abandoned later)
}{
	{"vpn disconnects every few minutes", deflection.OutcomeSolved},
	{"outlook keeps asking for password", deflection.OutcomeSolved},
	{"drucker druckt leere seiten", deflection.OutcomeSolved},
	{"second monitor black after update", deflection.OutcomeSolved},
	{"passwort zurücksetzen sms code kommt nicht", deflection.OutcomeTicket},
	{"expense receipt lost", deflection.OutcomeSolved},
	{"teams camera black picture", deflection.OutcomeSolved},
	{"new laptop order how long", deflection.OutcomeAsked},
	{"git clone ssl certificate problem", deflection.OutcomeSolved},
	{"wlan gäste zugang", deflection.OutcomeSolved},
	{"payslip pdf password", deflection.OutcomeSolved},
	{"sap purchase order approval", deflection.OutcomeTicket},
	{"phishing mail it support", deflection.OutcomeSolved},
	{"onedrive red crosses", deflection.OutcomeSolved},
	{"desk booking released my desk", deflection.OutcomeAsked},
	{"printer scan to email not arriving", deflection.OutcomeTicket},
	{"holiday carry over next year", deflection.OutcomeSolved},
	{"vpn hotel wifi login page", ""},
	{"authenticator new phone", deflection.OutcomeSolved},
	{"laptop battery swollen", deflection.OutcomeTicket},
}

// helpSessions replays the demo's help sessions over the past four weeks,
// through the deflection rules, so that the support dashboard has figures.
func (r *demoRun) helpSessions(ctx context.Context) error {
	if r.d.Help == nil {
		return nil
	}
	askers := []string{"anna.schmidt", "ben.miller", "lukas.weber", "priya.nair"}
	for round := 0; round < 3; round++ {
		for i, p := range demoProblems {
			at := r.now.Add(-time.Duration(27-round*9-i%9)*24*time.Hour - time.Duration(i)*37*time.Minute)
			h := *r.d.Help
			h.Now = func() time.Time { return at }
			h.Search = nil // the demo's sessions happen before the index exists
			h.Rand = func() float64 { return 1 }
			who := deflection.Who{Visitor: fmt.Sprintf("%032x", round*100+i+1)}
			if i%3 == 0 {
				who = deflection.Who{User: r.users[askers[(i+round)%len(askers)]]}
			}
			dq := demoQuestions[(i+round*7)%len(demoQuestions)]
			if p.outcome == deflection.OutcomeAsked {
				who = deflection.Who{User: r.users[dq.Author]} // they went on to ask this question
			}
			s, err := h.Start(ctx, who, p.query)
			if err != nil {
				return fmt.Errorf("seed: demo help session %q: %w", p.query, err)
			}
			in := deflection.OutcomeInput{Outcome: p.outcome}
			switch p.outcome {
			case "":
				continue
			case deflection.OutcomeSolved, deflection.OutcomeAsked:
				in.QuestionID = r.posts[dq.Key]
			case deflection.OutcomeTicket:
				in.Ticket = &deflection.TicketInput{Subject: "Help needed: " + p.query,
					Body: "Nothing on Stackdesk helped me with this: " + p.query + ".", Email: "employee@example.com"}
			}
			if _, err := h.SetOutcome(ctx, who, s.Session.ID, in); err != nil {
				return fmt.Errorf("seed: demo help outcome %q: %w", p.query, err)
			}
		}
	}
	h := *r.d.Help
	h.Now = func() time.Time { return r.now }
	_, err := h.AbandonIdle(ctx)
	return err
}
