package reputation_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestRestoringGivesBackWhatTheDeletionTook: restoring an accepted answer,
// or its question, gives back exactly the reputation its deletion took,
// never what accepting would earn today: an acceptance that paid nothing
// stays unpaid, one paid under other rules is paid as it was, and an
// earlier deletion's event does not count for a later one. The acceptance
// and its badges come back all the same.
func TestRestoringGivesBackWhatTheDeletionTook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		tick := func() { f.now = f.now.Add(time.Minute) }
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		accepted := func(t *testing.T, q, a *store.Post) {
			t.Helper()
			th, err := f.qa.Thread(ctx, q.ID)
			if err != nil || th.Question.AcceptedAnswerID == nil || *th.Question.AcceptedAnswerID != a.ID {
				t.Fatalf("answer %d is not accepted again: %+v, %v", a.ID, th, err)
			}
		}
		// cycle deletes and restores the answer, then its question, and
		// checks that both people end where they started.
		cycle := func(t *testing.T, q, a *store.Post, asker, answerer *store.User) {
			t.Helper()
			wantAsker, wantAnswerer := f.rep1(t, asker), f.rep1(t, answerer)
			for _, id := range []int64{a.ID, q.ID} {
				tick()
				if err := f.qa.Delete(ctx, mod, id); err != nil {
					t.Fatal(err)
				}
				tick()
				if err := f.qa.Undelete(ctx, mod, id); err != nil {
					t.Fatal(err)
				}
				if f.rep1(t, asker) != wantAsker || f.rep1(t, answerer) != wantAnswerer {
					t.Errorf("delete and restore of post %d: asker %d (want %d), answerer %d (want %d)",
						id, f.rep1(t, asker), wantAsker, f.rep1(t, answerer), wantAnswerer)
				}
				accepted(t, q, a)
			}
			assertLedger(t, st)
		}

		t.Run("a hotline answer published with its question", func(t *testing.T) {
			asker := f.user(t, "asker")
			agent := storetest.User(t, st, "agent", store.RoleHotline)
			q, a, err := f.qa.PublishAnswered(ctx, qa.PublishInput{
				Question: qa.QuestionInput{Title: "Printer on floor three prints nothing at all",
					Body: "Since Monday the printer shows ready but prints nothing.", Tags: []string{"printer"}},
				AskerID: &asker.ID, AnswererID: agent.ID,
				Answer: "The spooler was stuck; we restarted it and it prints again."}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cycle(t, q, a, asker, agent)
			if f.rep1(t, asker) != 1 || f.rep1(t, agent) != 1 {
				t.Errorf("asker %d, agent %d; want 1 and 1", f.rep1(t, asker), f.rep1(t, agent))
			}
			badges, err := f.rep.UserBadges(ctx, asker.ID)
			if err != nil || len(badges) != 1 || badges[0].Badge != reputation.Scholar.Name {
				t.Errorf("asker's badges %+v, %v; want Scholar", badges, err)
			}
		})

		t.Run("an acceptance paid under other rules", func(t *testing.T) {
			asker, answerer := f.user(t, "ada"), f.user(t, "bob")
			q := f.ask(t, asker)
			a := f.answer(t, answerer, q)
			if _, err := f.rep.Accept(ctx, asker, a.ID); err != nil {
				t.Fatal(err)
			}
			old := f.qa.Rep
			defer func() { f.qa.Rep = old }()
			f.qa.Rep.Accepted, f.qa.Rep.Accepter = 40, 7
			cycle(t, q, a, asker, answerer)
			if f.rep1(t, asker) != 3 || f.rep1(t, answerer) != 16 {
				t.Errorf("asker %d, answerer %d; want 3 and 16", f.rep1(t, asker), f.rep1(t, answerer))
			}
		})

		t.Run("a deletion that took nothing after one that took something", func(t *testing.T) {
			asker, answerer, other := f.user(t, "cy"), f.user(t, "dee"), f.user(t, "eve")
			q := f.ask(t, asker)
			a, b := f.answer(t, answerer, q), f.answer(t, other, q)
			// Accepted at 15 and 2; the deletion takes them; the asker then
			// accepts another answer, so restoring does not accept a again.
			tick()
			if _, err := f.rep.Accept(ctx, asker, a.ID); err != nil {
				t.Fatal(err)
			}
			tick()
			if err := f.qa.Delete(ctx, mod, a.ID); err != nil {
				t.Fatal(err)
			}
			tick()
			if _, err := f.rep.Accept(ctx, asker, b.ID); err != nil {
				t.Fatal(err)
			}
			tick()
			if err := f.qa.Undelete(ctx, mod, a.ID); err != nil {
				t.Fatal(err)
			}
			// Acceptances pay nothing now; a is accepted again, for nothing.
			old := f.rep.Rules
			defer func() { f.rep.Rules = old }()
			f.rep.Rules.Accepted, f.rep.Rules.Accepter = 0, 0
			tick()
			if _, err := f.rep.Accept(ctx, asker, a.ID); err != nil {
				t.Fatal(err)
			}
			if f.rep1(t, asker) != 1 || f.rep1(t, answerer) != 1 {
				t.Fatalf("before the cycle: asker %d, answerer %d; want 1 and 1", f.rep1(t, asker), f.rep1(t, answerer))
			}
			cycle(t, q, a, asker, answerer)
		})
	})
}
