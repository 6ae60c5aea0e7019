package seed_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/consistency"
	"stackdesk/internal/deflection"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/seed"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func demoDeps(st *store.Store) seed.DemoDeps {
	cfg := config.Defaults()
	qs := &qa.Service{Store: st, Now: time.Now, Rep: cfg.Reputation}
	return seed.DemoDeps{
		Auth:  &auth.Service{Store: st, Now: time.Now, BcryptCost: 4, SessionTTL: time.Hour},
		QA:    qs,
		Rep:   &reputation.Service{Store: st, Now: time.Now, Rules: cfg.Reputation},
		Help:  &deflection.Service{Store: st, Now: time.Now, Rand: func() float64 { return 1 }, QA: qs, Settings: cfg.Deflection, Rep: cfg.Reputation},
		Store: st,
	}
}

func TestDemoSeedsALivingSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		empty, err := seed.IsEmpty(ctx, st)
		if err != nil || !empty {
			t.Fatalf("IsEmpty on a fresh database = %v, %v", empty, err)
		}
		d := demoDeps(st)
		res, err := seed.Demo(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", *res)
		if res.Questions < 25 || res.Answers < res.Questions || res.Comments < 10 || res.Accepted < 10 || res.Edits < 1 {
			t.Errorf("demo too small: %+v", *res)
		}
		if res.Users != len(seed.DemoLogins) || len(res.Reused) != 0 {
			t.Errorf("users = %d, reused %v", res.Users, res.Reused)
		}

		var qs []store.Post
		st.DB.Where("type = ?", store.PostQuestion).Order("created_at").Find(&qs)
		if len(qs) != res.Questions {
			t.Fatalf("%d questions in the database, result says %d", len(qs), res.Questions)
		}
		var german, unanswered int
		for _, q := range qs {
			if strings.ContainsAny(q.Title+q.BodyMarkdown, "äöüß") {
				german++
			}
			if q.AnswerCount == 0 {
				unanswered++
			}
			if n := len(strings.Fields(q.Tags)); n < 1 || n > 4 {
				t.Errorf("%q has %d tags", q.Title, n)
			}
		}
		if german < res.Questions/4 || german > res.Questions/2 {
			t.Errorf("%d of %d questions in German, want about a third", german, res.Questions)
		}
		if unanswered < 3 {
			t.Errorf("%d unanswered questions, want some", unanswered)
		}
		oldest, newest := time.Since(qs[0].CreatedAt), time.Since(qs[len(qs)-1].CreatedAt)
		if oldest < 50*24*time.Hour || oldest > 61*24*time.Hour || newest < 0 || newest > 3*24*time.Hour {
			t.Errorf("questions span %v to %v ago, want the past two months up to today", oldest, newest)
		}
		var viewed int64
		st.DB.Table("view_counts").Where("views > 0").Count(&viewed)
		if viewed != int64(res.Questions) {
			t.Errorf("%d of %d questions have views", viewed, res.Questions)
		}
		var future int64
		st.DB.Model(&store.Comment{}).Where("created_at > ?", time.Now()).Count(&future)
		if future > 0 {
			t.Errorf("%d comments dated in the future", future)
		}
		checkExact(t, st)

		for _, l := range seed.DemoLogins {
			u, err := d.Auth.Authenticate(ctx, l.Username, l.Password)
			if err != nil {
				t.Errorf("login %s: %v", l.Username, err)
				continue
			}
			if u.Role != l.Role {
				t.Errorf("%s has role %s, want %s", l.Username, u.Role, l.Role)
			}
		}
		roles := map[string]bool{}
		for _, l := range seed.DemoLogins {
			roles[l.Role] = true
		}
		// Every role has a login, the hotline's too: whoever tries the demo
		// works the ticket queue as an agent would.
		for _, want := range auth.Roles {
			if !roles[want] {
				t.Errorf("no demo login with role %s", want)
			}
		}

		if empty, _ := seed.IsEmpty(ctx, st); empty {
			t.Error("IsEmpty after the demo = true")
		}
		if _, err := seed.Demo(ctx, d); !errors.Is(err, seed.ErrNotEmpty) {
			t.Errorf("second Demo: err = %v, want ErrNotEmpty", err)
		}
		var n int64
		st.DB.Model(&store.Post{}).Where("type = 1").Count(&n)
		if int(n) != res.Questions {
			t.Errorf("second Demo changed the question count to %d", n)
		}
	})
}

func TestDemoReusesExistingAccounts(t *testing.T) {
	st := storetest.SQLite(t)
	storetest.User(t, st, "admin", store.RoleAdmin)
	res, err := seed.Demo(context.Background(), demoDeps(st))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Reused, []string{"admin"}) || res.Users != len(seed.DemoLogins)-1 {
		t.Errorf("reused %v, created %d users", res.Reused, res.Users)
	}
}

func TestDemoRefusesAfterSynthetic(t *testing.T) {
	st := storetest.SQLite(t)
	if _, err := seed.Synthetic(context.Background(), st, 30, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(context.Background(), demoDeps(st)); !errors.Is(err, seed.ErrNotEmpty) {
		t.Errorf("err = %v, want ErrNotEmpty", err)
	}
}

// TestDemoIsConsistent checks that the demo site leaves no drift between
// cached numbers and the rows they derive from, and that reputation moved.
func TestDemoIsConsistent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := seed.Demo(ctx, demoDeps(st)); err != nil {
			t.Fatal(err)
		}
		r, err := consistency.Run(ctx, st, false, time.Now())
		if err != nil || len(r.Drifts) != 0 {
			t.Fatalf("drift after the demo: %v %v", r.Drifts, err)
		}
		var top int
		st.DB.Raw("SELECT MAX(reputation) FROM users").Scan(&top)
		var votes int64
		st.DB.Model(&store.Vote{}).Count(&votes)
		if top <= 20 || votes < 10 {
			t.Fatalf("demo reputation %d, votes %d: the site looks dead", top, votes)
		}
		// The support dashboard has help sessions with every kind of outcome.
		var outcomes []struct {
			Outcome string
			N       int
		}
		st.DB.Raw("SELECT outcome, COUNT(*) AS n FROM help_sessions GROUP BY outcome").Scan(&outcomes)
		got := map[string]int{}
		for _, o := range outcomes {
			got[o.Outcome] = o.N
		}
		for _, o := range []string{"solved", "asked", "ticket", "abandoned"} {
			if got[o] == 0 {
				t.Errorf("no demo help session ended %s: %v", o, got)
			}
		}
	})
}
