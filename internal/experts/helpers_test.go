package experts_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/experts"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// T is "now" in these tests.
var T = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

type fixture struct {
	st    *store.Store
	qa    *qa.Service
	rep   *reputation.Service
	ex    *experts.Service
	notes *notify.Service
	now   time.Time
	users map[string]*store.User
	asked int // questions so far: each has its own text (the same one sent again is one question)
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	f := &fixture{st: st, now: T, users: map[string]*store.User{}}
	clock := func() time.Time { return f.now }
	rules := config.Defaults().Reputation
	rules.VoteUp = 0 // fresh accounts vote up here
	f.notes = &notify.Service{Store: st, Now: clock, Config: config.Defaults().Notify}
	f.ex = &experts.Service{Store: st, Notify: f.notes, Now: clock, Config: config.Defaults().Experts}
	f.qa = &qa.Service{Store: st, Now: clock, Rep: rules, Route: f.ex.Route}
	f.rep = &reputation.Service{Store: st, Now: clock, Rules: rules}
	for _, name := range []string{"ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ian", "jon", "kim"} {
		f.users[name] = storetest.User(t, st, name, store.RoleUser)
	}
	return f
}

func (f *fixture) u(name string) *store.User { return f.users[name] }

// at runs the following writes as if at T+d.
func (f *fixture) at(d time.Duration) *fixture {
	f.now = T.Add(d)
	return f
}

func (f *fixture) ask(t *testing.T, who string, tags ...string) *store.Post {
	t.Helper()
	f.asked++
	q, err := f.qa.Ask(context.Background(), f.u(who), qa.QuestionInput{Title: fmt.Sprintf("How do I get the VPN working again (case %d)", f.asked),
		Body: "The client says the certificate expired. What can I do?", Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func (f *fixture) answer(t *testing.T, who string, q *store.Post) *store.Post {
	t.Helper()
	a, err := f.qa.Answer(context.Background(), f.u(who), q.ID, "Renew the certificate in the portal and reconnect.")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *fixture) upvote(t *testing.T, p *store.Post, voters ...string) {
	t.Helper()
	for _, v := range voters {
		if _, err := f.rep.Vote(context.Background(), f.u(v), p.ID, 1); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *fixture) names(list []experts.Expert) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.User.Username
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func editTitle(title string) qa.EditInput { return qa.EditInput{Title: &title} }
