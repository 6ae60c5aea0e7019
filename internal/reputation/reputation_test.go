package reputation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

type fixture struct {
	st  *store.Store
	qa  *qa.Service
	rep *reputation.Service
	now time.Time
}

func newFixture(st *store.Store) *fixture {
	f := &fixture{st: st, now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	rules := config.Defaults().Reputation
	rules.VoteUp = 0 // fresh accounts vote up here
	f.qa = &qa.Service{Store: st, Now: clock, Rep: rules}
	f.rep = &reputation.Service{Store: st, Now: clock, Rules: rules}
	return f
}

func (f *fixture) user(t *testing.T, name string) *store.User {
	return storetest.User(t, f.st, name, store.RoleUser)
}

// reload returns the user's current row (reputation included).
func (f *fixture) reload(t *testing.T, u *store.User) *store.User {
	t.Helper()
	var out store.User
	if err := f.st.DB.Where("id = ?", u.ID).Take(&out).Error; err != nil {
		t.Fatal(err)
	}
	*u = out
	return u
}

func (f *fixture) rep1(t *testing.T, u *store.User) int { return f.reload(t, u).Reputation }

func (f *fixture) ask(t *testing.T, u *store.User) *store.Post {
	t.Helper()
	q, err := f.qa.Ask(context.Background(), u, qa.QuestionInput{Title: "Outlook keeps asking for my password",
		Body: "Since Monday Outlook asks for my password every hour.", Tags: []string{"outlook", "sso"}})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func (f *fixture) answer(t *testing.T, u *store.User, q *store.Post) *store.Post {
	t.Helper()
	a, err := f.qa.Answer(context.Background(), u, q.ID, "Remove the cached credentials in the Credential Manager.")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// assertLedger checks the invariant: reputation = 1 + sum of the user's events,
// and every score equals score_base plus the sum of its votes.
func assertLedger(t *testing.T, st *store.Store) {
	t.Helper()
	var bad []struct {
		ID         int64
		Reputation int
		Sum        int
	}
	st.DB.Raw(`SELECT u.id, u.reputation, 1 + COALESCE((SELECT SUM(delta) FROM reputation_events e WHERE e.user_id = u.id), 0) AS sum
		FROM users u`).Scan(&bad)
	for _, b := range bad {
		if b.Reputation != b.Sum {
			t.Fatalf("user %d: reputation %d, ledger says %d", b.ID, b.Reputation, b.Sum)
		}
	}
	var posts []struct {
		ID    int64
		Score int
		Sum   int
	}
	st.DB.Raw(`SELECT p.id, p.score, p.score_base + COALESCE((SELECT SUM(value) FROM votes v WHERE v.post_id = p.id), 0) AS sum FROM posts p`).Scan(&posts)
	for _, p := range posts {
		if p.Score != p.Sum {
			t.Fatalf("post %d: score %d, votes say %d", p.ID, p.Score, p.Sum)
		}
	}
}

func TestVotesMoveReputationAndReverseExactly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		q := f.ask(t, ada)
		a := f.answer(t, bob, q)

		res, err := f.rep.Vote(ctx, cy, q.ID, 1)
		if err != nil || res.Score != 1 || res.MyVote != 1 {
			t.Fatalf("upvote: %+v %v", res, err)
		}
		if got := f.rep1(t, ada); got != 11 {
			t.Fatalf("asker rep after upvote = %d, want 11", got)
		}
		// Double click: the same vote again changes nothing.
		if res, _ := f.rep.Vote(ctx, cy, q.ID, 1); res.Score != 1 || f.rep1(t, ada) != 11 {
			t.Fatalf("repeated vote counted twice: %+v rep %d", res, f.rep1(t, ada))
		}
		// Retract: back to the start.
		if res, _ := f.rep.Vote(ctx, cy, q.ID, 0); res.Score != 0 || res.MyVote != 0 || f.rep1(t, ada) != 1 {
			t.Fatalf("retract: %+v rep %d", res, f.rep1(t, ada))
		}
		// Down votes need 50 reputation.
		_, err = f.rep.Vote(ctx, cy, a.ID, -1)
		if e := errs.As(err); e.Code != errs.Forbidden || !strings.Contains(e.Error(), "50") {
			t.Fatalf("downvote without privilege: %v", err)
		}
		st.DB.Exec("UPDATE users SET reputation = 60 WHERE id = ?", cy.ID) // as if earned elsewhere
		st.DB.Create(&store.ReputationEvent{UserID: cy.ID, Kind: "test", Delta: 59, CreatedAt: f.now})
		if _, err := f.rep.Vote(ctx, cy, a.ID, -1); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, bob) != -1 || f.rep1(t, cy) != 59 {
			t.Fatalf("after answer downvote: bob %d (want -1), cy %d (want 59)", f.rep1(t, bob), f.rep1(t, cy))
		}
		// Change the down vote to an up vote: the -2 and -1 are reversed, +10 given.
		if _, err := f.rep.Vote(ctx, cy, a.ID, 1); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, bob) != 11 || f.rep1(t, cy) != 60 {
			t.Fatalf("after switching to up: bob %d (want 11), cy %d (want 60)", f.rep1(t, bob), f.rep1(t, cy))
		}
		// No self-votes; bad values; missing posts.
		if _, err := f.rep.Vote(ctx, ada, q.ID, 1); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("self vote: %v", err)
		}
		if _, err := f.rep.Vote(ctx, cy, q.ID, 2); !errs.Is(err, errs.Invalid) {
			t.Fatalf("value 2: %v", err)
		}
		if _, err := f.rep.Vote(ctx, cy, 999999, 1); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing post: %v", err)
		}
		if err := f.qa.Delete(ctx, bob, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.rep.Vote(ctx, cy, a.ID, 0); !errs.Is(err, errs.NotFound) {
			t.Fatalf("vote on deleted post: %v", err)
		}
		assertLedger(t, st)
	})
}

func TestDailyCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada := f.user(t, "ada")
		var qs []*store.Post
		for i := 0; i < 3; i++ {
			qs = append(qs, f.ask(t, ada))
		}
		// 25 upvotes = 250 reputation, capped at 200 a day.
		for i := 0; i < 25; i++ {
			v := f.user(t, "voter"+string(rune('a'+i)))
			if _, err := f.rep.Vote(ctx, v, qs[i%3].ID, 1); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.rep1(t, ada); got != 201 {
			t.Fatalf("capped reputation = %d, want 201", got)
		}
		// The next day the cap starts again.
		f.now = f.now.Add(24 * time.Hour)
		v := f.user(t, "nextday")
		if _, err := f.rep.Vote(ctx, v, qs[0].ID, 1); err != nil {
			t.Fatal(err)
		}
		if got := f.rep1(t, ada); got != 211 {
			t.Fatalf("next day = %d, want 211", got)
		}
		assertLedger(t, st)
	})
}

func TestAcceptSwitchUnacceptAndDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		q := f.ask(t, ada)
		a1, a2 := f.answer(t, bob, q), f.answer(t, cy, q)
		own := f.answer(t, ada, q)

		if _, err := f.rep.Accept(ctx, bob, a1.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("accept by non-asker: %v", err)
		}
		if _, err := f.rep.Accept(ctx, ada, a1.ID); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, bob) != 16 || f.rep1(t, ada) != 3 {
			t.Fatalf("after accept: bob %d (16), ada %d (3)", f.rep1(t, bob), f.rep1(t, ada))
		}
		if _, err := f.rep.Accept(ctx, ada, a1.ID); err != nil || f.rep1(t, bob) != 16 {
			t.Fatal("accepting twice counted twice")
		}
		// Switch to cy's answer.
		if _, err := f.rep.Accept(ctx, ada, a2.ID); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, bob) != 1 || f.rep1(t, cy) != 16 || f.rep1(t, ada) != 3 {
			t.Fatalf("after switch: bob %d, cy %d, ada %d", f.rep1(t, bob), f.rep1(t, cy), f.rep1(t, ada))
		}
		// Accepting one's own answer gives nothing.
		if _, err := f.rep.Accept(ctx, ada, own.ID); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, cy) != 1 || f.rep1(t, ada) != 1 {
			t.Fatalf("self-accept: cy %d, ada %d", f.rep1(t, cy), f.rep1(t, ada))
		}
		// Back to bob. Bob may not delete his accepted answer; a moderator
		// may, and then everything is reversed.
		if _, err := f.rep.Accept(ctx, ada, a1.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.qa.Delete(ctx, bob, a1.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("the author deletes an accepted answer: %v", err)
		}
		if err := f.qa.Delete(ctx, storetest.User(t, st, "mod", store.RoleModerator), a1.ID); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, bob) != 1 || f.rep1(t, ada) != 1 {
			t.Fatalf("after deleting the accepted answer: bob %d, ada %d", f.rep1(t, bob), f.rep1(t, ada))
		}
		th, _ := f.qa.Thread(ctx, q.ID)
		if th.Question.AcceptedAnswerID != nil {
			t.Fatal("deleted answer still accepted")
		}
		if _, err := f.rep.Accept(ctx, ada, a2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.rep.Unaccept(ctx, ada, a2.ID); err != nil {
			t.Fatal(err)
		}
		if f.rep1(t, cy) != 1 {
			t.Fatalf("after unaccept: cy %d", f.rep1(t, cy))
		}
		if _, err := f.rep.Accept(ctx, ada, q.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("accepting a question: %v", err)
		}
		assertLedger(t, st)
	})
}

// TestDeletedAcceptanceReadsAsDeletion: a moderator's deletion of an
// accepted answer, or of its question, takes back what the acceptance gave
// as a deletion, not as the asker's taking it back, and restoring gives it
// back as a restoration, not as the asker's accepting again; restoring and
// then unaccepting still nets to nothing.
func TestDeletedAcceptanceReadsAsDeletion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := f.ask(t, ada)
		a := f.answer(t, bob, q)
		latest := func(u *store.User) string {
			t.Helper()
			evs, _, err := f.rep.Events(ctx, u.ID, 1, 1)
			if err != nil || len(evs) != 1 {
				t.Fatalf("%s's events: %v %v", u.Username, evs, err)
			}
			return fmt.Sprintf("%s %d", evs[0].Kind, evs[0].Delta)
		}
		step := func(name string, err error, wantAda, wantBob string) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := latest(ada); got != wantAda {
				t.Errorf("%s: ada's latest %q, want %q", name, got, wantAda)
			}
			if got := latest(bob); got != wantBob {
				t.Errorf("%s: bob's latest %q, want %q", name, got, wantBob)
			}
		}
		_, err := f.rep.Accept(ctx, ada, a.ID)
		step("accept", err, "accepter 2", "accepted 15")
		step("delete the answer", f.qa.Delete(ctx, mod, a.ID), "accepter_deleted -2", "accepted_deleted -15")
		// Restored, the history says so, not that the asker accepted it again.
		step("restore it", f.qa.Undelete(ctx, mod, a.ID), "accepter_restored 2", "accepted_restored 15")
		_, err = f.rep.Unaccept(ctx, ada, a.ID)
		step("unaccept", err, "accepter_undone -2", "accepted_undone -15")
		if f.rep1(t, ada) != 1 || f.rep1(t, bob) != 1 {
			t.Fatalf("after unaccept: ada %d, bob %d, want 1 and 1", f.rep1(t, ada), f.rep1(t, bob))
		}
		_, err = f.rep.Accept(ctx, ada, a.ID)
		step("accept again", err, "accepter 2", "accepted 15")
		step("delete the question", f.qa.Delete(ctx, mod, q.ID), "accepter_deleted -2", "accepted_deleted -15")
		if f.rep1(t, ada) != 1 || f.rep1(t, bob) != 1 {
			t.Fatalf("after deleting the question: ada %d, bob %d, want 1 and 1", f.rep1(t, ada), f.rep1(t, bob))
		}
		step("restore the question", f.qa.Undelete(ctx, mod, q.ID), "accepter_restored 2", "accepted_restored 15")
		if f.rep1(t, ada) != 3 || f.rep1(t, bob) != 16 {
			t.Fatalf("after restoring the question: ada %d, bob %d, want 3 and 16", f.rep1(t, ada), f.rep1(t, bob))
		}
		step("delete it again", f.qa.Delete(ctx, mod, q.ID), "accepter_deleted -2", "accepted_deleted -15")
		step("restore it again", f.qa.Undelete(ctx, mod, q.ID), "accepter_restored 2", "accepted_restored 15")
		assertLedger(t, st)
	})
}

func TestBadges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		f.rep.Rules.TagBadgeScore = [3]int{10, 20, 30}
		f.rep.Rules.TagBadgeAnswers = [3]int{1, 1, 1}
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		q := f.ask(t, ada)
		a := f.answer(t, bob, q)
		for i := 0; i < 10; i++ {
			v := f.user(t, "v"+string(rune('a'+i)))
			if _, err := f.rep.Vote(ctx, v, a.ID, 1); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				if _, err := f.rep.Vote(ctx, v, q.ID, 1); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := f.rep.Accept(ctx, ada, a.ID); err != nil {
			t.Fatal(err)
		}
		has := func(u *store.User) map[string]bool {
			bs, err := f.rep.UserBadges(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]bool{}
			for _, b := range bs {
				m[b.Badge+":"+b.Tag] = true
			}
			return m
		}
		bobs := has(bob)
		for _, want := range []string{"teacher:", "nice-answer:", "enlightened:", "tag-bronze:outlook", "tag-bronze:sso"} {
			if !bobs[want] {
				t.Errorf("bob lacks %s: %v", want, bobs)
			}
		}
		if bobs["tag-silver:outlook"] {
			t.Error("silver tag badge at score 10")
		}
		adas := has(ada)
		for _, want := range []string{"student:", "scholar:"} {
			if !adas[want] {
				t.Errorf("ada lacks %s: %v", want, adas)
			}
		}
		if !has(f.reload(t, &store.User{ID: 3}))["supporter:"] {
			t.Error("first voter lacks supporter")
		}
		counts, err := f.rep.BadgeCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			if c.Name == "supporter" && c.Awarded != 10 {
				t.Fatalf("supporter awarded %d times, want 10", c.Awarded)
			}
		}
		hs, n, err := f.rep.Holders(ctx, "nice-answer", 1, 10)
		if err != nil || len(hs) != 1 || n != 1 || hs[0].User.ID != bob.ID {
			t.Fatalf("holders: %v %d %v", hs, n, err)
		}
		hs, n, err = f.rep.Holders(ctx, "supporter", 2, 4)
		if err != nil || len(hs) != 4 || n != 10 {
			t.Fatalf("supporter holders, page 2 of 4 each: %d of %d, %v", len(hs), n, err)
		}
	})
}
