package deflection_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// clock is a settable time source shared by the services under test.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Set(s string)            { c.t = at(s) }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }
func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// fakeSearch suggests the questions it holds, except for queries containing "zzz".
type fakeSearch struct{ posts []*store.Post }

func (f *fakeSearch) Suggest(ctx context.Context, problem string, limit int) ([]engine.Item, error) {
	if strings.Contains(problem, "zzz") {
		return []engine.Item{}, nil
	}
	out := []engine.Item{}
	for _, p := range f.posts {
		out = append(out, engine.Item{Post: p, IsAnswered: p.AnswerCount > 0})
	}
	return out, nil
}

// rig is a service on a fresh database with a controlled clock and holdout draws.
type rig struct {
	st     *store.Store
	clk    *clock
	svc    *deflection.Service
	qa     *qa.Service
	rep    *reputation.Service
	search *fakeSearch
	draws  []float64
}

func newRig(t *testing.T, st *store.Store) *rig {
	t.Helper()
	r := &rig{st: st, clk: &clock{t: at("2026-03-01 08:00")}, search: &fakeSearch{}}
	cfg := config.Defaults()
	r.qa = &qa.Service{Store: st, Now: r.clk.Now, Rep: cfg.Reputation}
	r.rep = &reputation.Service{Store: st, Now: r.clk.Now, Rules: cfg.Reputation}
	r.svc = &deflection.Service{Store: st, Now: r.clk.Now, QA: r.qa, Search: r.search, Settings: cfg.Deflection,
		Rep: cfg.Reputation, Rand: func() float64 {
			if len(r.draws) == 0 {
				return 0.99
			}
			d := r.draws[0]
			r.draws = r.draws[1:]
			return d
		}}
	return r
}

func (r *rig) ask(t *testing.T, u *store.User, when, title string, tags ...string) *store.Post {
	t.Helper()
	r.clk.Set(when)
	q, err := r.qa.Ask(context.Background(), u, qa.QuestionInput{Title: title,
		Body: "Since this morning it does not work at all, details follow.", Tags: tags})
	if err != nil {
		t.Fatalf("ask %q: %v", title, err)
	}
	return q
}

func (r *rig) answer(t *testing.T, u *store.User, q *store.Post, when string) *store.Post {
	t.Helper()
	r.clk.Set(when)
	a, err := r.qa.Answer(context.Background(), u, q.ID, "Restart the client and sign in again, that fixes it.")
	if err != nil {
		t.Fatalf("answer: %v", err)
	}
	return a
}

func (r *rig) accept(t *testing.T, asker *store.User, a *store.Post) {
	t.Helper()
	if _, err := r.rep.Accept(context.Background(), asker, a.ID); err != nil {
		t.Fatalf("accept: %v", err)
	}
}

func (r *rig) start(t *testing.T, who deflection.Who, when, query string) *deflection.Session {
	t.Helper()
	r.clk.Set(when)
	v, err := r.svc.Start(context.Background(), who, query)
	if err != nil {
		t.Fatalf("start %q: %v", query, err)
	}
	return v.Session
}

func (r *rig) outcome(t *testing.T, who deflection.Who, s *deflection.Session, in deflection.OutcomeInput) *deflection.OutcomeResult {
	t.Helper()
	res, err := r.svc.SetOutcome(context.Background(), who, s.ID, in)
	if err != nil {
		t.Fatalf("outcome %s: %v", in.Outcome, err)
	}
	return res
}

func (r *rig) view(t *testing.T, who deflection.Who, s *deflection.Session, q *store.Post) {
	t.Helper()
	if _, err := r.svc.AddEvent(context.Background(), who, s.ID, deflection.EventInput{Type: deflection.EventView, QuestionID: q.ID}); err != nil {
		t.Fatalf("view: %v", err)
	}
}

func ticket(subject string) *deflection.TicketInput {
	return &deflection.TicketInput{Subject: subject, Body: "It still fails after everything I tried.", Email: "emp@example.com"}
}
