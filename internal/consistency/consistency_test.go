package consistency_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/consistency"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestCheckFindsAndFixesDrift(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		rules := config.Defaults().Reputation
		q := &qa.Service{Store: st, Now: time.Now, Rep: rules}
		rep := &reputation.Service{Store: st, Now: time.Now, Rules: rules}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		qq, err := q.Ask(ctx, ada, qa.QuestionInput{Title: "How do I request a second monitor?", Body: "I would like a second monitor for my desk at the office.", Tags: []string{"hardware"}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := q.Answer(ctx, bob, qq.ID, "Open a hardware request in the service portal and pick the monitor.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rep.Vote(ctx, ada, a.ID, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := rep.Accept(ctx, ada, a.ID); err != nil {
			t.Fatal(err)
		}
		r, err := consistency.Run(ctx, st, false, now)
		if err != nil || len(r.Drifts) != 0 {
			t.Fatalf("clean database drifts: %v %v", r.Drifts, err)
		}
		// Break every cached number.
		st.DB.Exec("UPDATE posts SET score = 7, comment_count = 3 WHERE id = ?", a.ID)
		st.DB.Exec("UPDATE posts SET answer_count = 5 WHERE id = ?", qq.ID)
		st.DB.Exec("UPDATE users SET reputation = 999 WHERE id = ?", bob.ID)
		st.DB.Exec("UPDATE tags SET question_count = 4")
		st.DB.Exec("UPDATE counters SET value = 42")
		st.DB.Exec("DELETE FROM user_badges WHERE badge = 'teacher'")
		r, err = consistency.Run(ctx, st, false, now)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{"posts.score": true, "posts.comment_count": true, "posts.answer_count": true,
			"users.reputation": true, "tags.question_count": true, "counters": true, "badges": true}
		got := map[string]bool{}
		for _, d := range r.Drifts {
			got[d.Check] = true
		}
		for k := range want {
			if !got[k] {
				t.Errorf("drift in %s not reported: %v", k, r.Drifts)
			}
		}
		if r, err = consistency.Run(ctx, st, true, now); err != nil || !r.Fixed {
			t.Fatalf("fix: %v", err)
		}
		r, err = consistency.Run(ctx, st, false, now)
		if err != nil || len(r.Drifts) != 0 {
			t.Fatalf("after fix: %v %v", r.Drifts, err)
		}
		var u store.User
		st.DB.Where("id = ?", bob.ID).Take(&u)
		if u.Reputation != 26 {
			t.Fatalf("bob's reputation after fix = %d, want 26", u.Reputation)
		}
	})
}
