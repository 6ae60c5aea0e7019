package reputation_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"stackdesk/internal/consistency"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestRandomSequencesKeepEveryNumberExact runs random votes, retractions,
// accepts and unaccepts, and after each step recomputes every cached number
// from the ledger and the votes, and runs `stackdesk check` (without --fix):
// no drift at all, in counts, accepted answers or badges.
func TestRandomSequencesKeepEveryNumberExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		f.rep.Rules.DailyCap = 60 // small, so that the cap is hit often
		rng := rand.New(rand.NewPCG(7, uint64(len(st.Dialect))))
		var users []*store.User
		for i := 0; i < 6; i++ {
			users = append(users, f.user(t, "u"+string(rune('a'+i))))
		}
		// Some voters may vote down.
		st.DB.Exec("UPDATE users SET reputation = reputation + 100 WHERE id IN ?", []int64{users[0].ID, users[1].ID})
		for _, u := range users[:2] {
			st.DB.Create(&store.ReputationEvent{UserID: u.ID, Kind: "test", Delta: 100, CreatedAt: f.now})
		}
		var questions, answers []*store.Post
		for i := 0; i < 3; i++ {
			q := f.ask(t, users[i])
			questions = append(questions, q)
			for j := 0; j < 2; j++ {
				answers = append(answers, f.answer(t, users[(i+j+1)%len(users)], q))
			}
		}
		posts := append(append([]*store.Post{}, questions...), answers...)
		steps := 300
		if testing.Short() {
			steps = 60
		}
		for step := 0; step < steps; step++ {
			if step%50 == 49 {
				f.now = f.now.Add(7 * time.Hour) // cross day boundaries now and then
			}
			u := f.reload(t, users[rng.IntN(len(users))])
			var err error
			switch op := rng.IntN(10); {
			case op < 7:
				p := posts[rng.IntN(len(posts))]
				_, err = f.rep.Vote(ctx, u, p.ID, rng.IntN(3)-1)
			case op < 9:
				a := answers[rng.IntN(len(answers))]
				asker := f.reload(t, &store.User{ID: *questions[(indexOf(answers, a))/2].OwnerID})
				_, err = f.rep.Accept(ctx, asker, a.ID)
			default:
				a := answers[rng.IntN(len(answers))]
				asker := f.reload(t, &store.User{ID: *questions[(indexOf(answers, a))/2].OwnerID})
				_, err = f.rep.Unaccept(ctx, asker, a.ID)
			}
			if c := errs.CodeOf(err); c != "" && c != errs.Forbidden {
				t.Fatalf("step %d: %v", step, err)
			}
			assertLedger(t, st)
			assertDailyCap(t, st, f.rep.Rules.DailyCap)
			assertNoDrift(t, st, f, step)
		}
	})
}

// assertNoDrift runs every consistency check, with the rules the services
// award by, and fails on any drift.
func assertNoDrift(t *testing.T, st *store.Store, f *fixture, step int) {
	t.Helper()
	r, err := consistency.RunRules(context.Background(), st, f.rep.Rules, false, f.now)
	if err != nil {
		t.Fatalf("step %d: check: %v", step, err)
	}
	if len(r.Drifts) != 0 {
		t.Fatalf("step %d: check found drift: %v", step, r.Drifts)
	}
}

func indexOf(ps []*store.Post, p *store.Post) int {
	for i, x := range ps {
		if x == p {
			return i
		}
	}
	return -1
}

// assertDailyCap checks that no user gained more than the cap from votes in one day.
func assertDailyCap(t *testing.T, st *store.Store, limit int) {
	t.Helper()
	var evs []store.ReputationEvent
	st.DB.Where("kind IN ?", []string{"question_upvoted", "answer_upvoted", "question_upvoted_undone", "answer_upvoted_undone"}).
		Order("id").Find(&evs)
	running := map[string]int{}
	for _, e := range evs {
		key := e.CreatedAt.UTC().Format("2006-01-02") + ":" + string(rune(e.UserID))
		running[key] += e.Delta
		if e.Delta > 0 && running[key] > limit {
			t.Fatalf("user %d gained %d on %s, over the cap %d", e.UserID, running[key], e.CreatedAt.Format("2006-01-02"), limit)
		}
	}
}
