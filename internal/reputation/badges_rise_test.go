package reputation_test

import (
	"context"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestBadgesFollowAScoreThatRisesWithoutAnUpVote: a score can rise because a
// down vote is taken back or turned up; the author's badges must follow it
// as they follow an up vote.
func TestBadgesFollowAScoreThatRisesWithoutAnUpVote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cyd := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cyd")
		// cyd may vote down.
		if err := st.DB.Model(&store.User{}).Where("id = ?", cyd.ID).Update("reputation", 100).Error; err != nil {
			t.Fatal(err)
		}
		q := f.ask(t, ada)
		a := f.answer(t, ada, f.ask(t, bob))
		for _, p := range []*store.Post{q, a} {
			if _, err := f.rep.Vote(ctx, cyd, p.ID, -1); err != nil { // -1
				t.Fatal(err)
			}
			if _, err := f.rep.Vote(ctx, bob, p.ID, 1); err != nil { // 0: not yet a badge
				t.Fatal(err)
			}
		}
		held := func() map[string]bool {
			bs, err := f.rep.UserBadges(ctx, ada.ID)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]bool{}
			for _, b := range bs {
				m[b.Badge] = true
			}
			return m
		}
		if h := held(); h["student"] || h["teacher"] {
			t.Fatalf("badges at score 0: %v", h)
		}
		if _, err := f.rep.Vote(ctx, cyd, q.ID, 0); err != nil { // retracted: 1
			t.Fatal(err)
		}
		if _, err := f.rep.Vote(ctx, cyd, a.ID, 1); err != nil { // turned up: 2
			t.Fatal(err)
		}
		if h := held(); !h["student"] || !h["teacher"] {
			t.Fatalf("a score raised by a retracted or turned vote earned no badge: %v", h)
		}
	})
}
