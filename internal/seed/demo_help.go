package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
)

// demoShown stands in for the search index, which the demo's sessions
// happen before: it suggests the one demo question that solves the
// problem, so that the session shows it, opens it and is solved by it.
type demoShown int64

// Suggest returns the demo question.
func (d demoShown) Suggest(context.Context, string, int) ([]engine.Item, error) {
	return []engine.Item{{Post: &store.Post{ID: int64(d)}}}, nil
}

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
		round   int
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
			plays = append(plays, play{at: at, problem: i, who: who, outcome: outcome, round: round})
		}
	}
	slices.SortStableFunc(plays, func(a, b play) int { return a.at.Compare(b.at) })
	for _, pl := range plays {
		p, at, who, outcome := demoProblems[pl.problem], pl.at, pl.who, pl.outcome
		h := *r.d.Help
		h.Now = func() time.Time { return at }
		h.Search = nil // the demo's sessions happen before the index exists
		if outcome == deflection.OutcomeSolved {
			h.Search = demoShown(r.posts[p.key])
		}
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
			} else if _, err := h.AddEvent(ctx, who, s.Session.ID, deflection.EventInput{Type: deflection.EventView, QuestionID: in.QuestionID}); err != nil {
				return fmt.Errorf("seed: demo help view %q: %w", p.query, err) // a session is solved by a question it opened
			}
		case deflection.OutcomeTicket:
			in.Ticket = demoTicket(p.query, pl.round, who)
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

// demoTickets are the tickets the demo's help sessions end in: for each
// problem that ends in one, what a different employee wrote in each round,
// as employees write to a hotline (in the language they searched in), and
// the address of those who filed it without logging in.
var demoTickets = map[string][3]struct{ subject, body, email string }{
	"passwort zurücksetzen sms code kommt nicht": {
		{"SMS-Code für Passwort-Reset kommt nicht an", "Ich habe mein Passwort vergessen und fordere den SMS-Code an, aber es kommt keine SMS. Meine Handynummer hat sich im Sommer geändert.", "j.hoffmann@example.com"},
		{"Kein Bestätigungscode per SMS", "Seit heute Morgen kann ich mich nicht anmelden: Der Code für das Zurücksetzen kommt nicht. Ich bin im Homeoffice.", "s.wagner@example.com"},
		{"Passwort abgelaufen, SMS bleibt aus", "Mein Passwort ist abgelaufen. Beim Zurücksetzen wartet die Seite auf einen SMS-Code, der nie ankommt. Neues Diensthandy seit letzter Woche.", "t.becker@example.com"},
	},
	"sap purchase order approval": {
		{"Purchase order stuck waiting for approval", "PO 4500123871 has been waiting for approval for six days. My manager says she sees nothing in her SAP inbox.", "r.fischer@example.com"},
		{"Cannot approve purchase orders as deputy", "I am my manager's deputy while she is on holiday, but the SAP approval inbox is empty for me. Two orders are urgent.", "k.novak@example.com"},
		{"PO approval goes to a manager who left", "Our purchase orders are routed for approval to a manager who left the company in September. Who can change the approver?", "m.costa@example.com"},
	},
	"printer scan to email not arriving": {
		{"Scan to e-mail from PRN-S2-01 never arrives", "I scan to my own address at the printer on floor 2; the printer says sent, but nothing reaches my inbox, not even junk.", "l.meyer@example.com"},
		{"Scanned documents do not reach my mailbox", "Since Monday scans from the floor 4 printer do not arrive by e-mail. Colleagues on floor 3 receive theirs.", "a.rossi@example.com"},
		{"Scan to e-mail: address book empty", "The printer's address book is empty and typing my address gives 'send failed'. I need to scan signed contracts today.", "p.dubois@example.com"},
	},
	"laptop battery swollen": {
		{"Laptop battery is swelling, touchpad lifts", "The touchpad on my laptop is lifting and the case bulges. I have stopped charging it. What should I do with it?", "h.schulz@example.com"},
		{"Swollen battery, need a replacement laptop", "My laptop's battery has swollen so the lid no longer closes. I travel to a customer on Thursday and need a working device.", "c.martin@example.com"},
		{"Akku aufgebläht – Gerät tauschen?", "Der Akku meines Laptops ist aufgebläht, das Gehäuse verzieht sich. Ich nutze ihn nicht mehr. Wie bekomme ich Ersatz?", "f.koch@example.com"},
	},
}

// demoTicket is the ticket a demo help session about query files in round:
// from a member, to their own address; from someone not logged in, to the
// address they gave.
func demoTicket(query string, round int, who deflection.Who) *deflection.TicketInput {
	t, ok := demoTickets[query]
	if !ok {
		return &deflection.TicketInput{Subject: "Help needed: " + query, Body: "Nothing on Stackdesk helped me with this: " + query + "."}
	}
	text := t[round%len(t)]
	email := text.email
	if who.User != nil && who.User.Email != nil && *who.User.Email != "" {
		email = *who.User.Email
	}
	return &deflection.TicketInput{Subject: text.subject, Body: text.body, Email: email}
}
