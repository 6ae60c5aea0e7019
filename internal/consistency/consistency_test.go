package consistency_test

import (
	"context"
	"fmt"
	"maps"
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
		rules.VoteUp = 0 // fresh accounts vote up here
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

// TestCheckAwardsEditorNecromancerAndTagBadges earns Editor, Necromancer and
// the tag badges through the services, removes each badge in turn, and sees
// check report it, --fix award it again, and check come back clean.
func TestCheckAwardsEditorNecromancerAndTagBadges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		// A small site: the tag badges come at answer score 1, 2 and 3.
		rules := config.Defaults().Reputation
		rules.VoteUp = 0 // fresh accounts vote up here
		rules.TagBadgeScore = [3]int{1, 2, 3}
		rules.TagBadgeAnswers = [3]int{1, 1, 1}
		asked := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		now := asked
		clock := func() time.Time { return now }
		q := &qa.Service{Store: st, Now: clock, Rep: rules}
		rep := &reputation.Service{Store: st, Now: clock, Rules: rules}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		cy := storetest.User(t, st, "cy", store.RoleUser)
		qq, err := q.Ask(ctx, ada, qa.QuestionInput{Title: "How do I request a second monitor?", Body: "I would like a second monitor for my desk at the office.", Tags: []string{"hardware", "monitor"}})
		if err != nil {
			t.Fatal(err)
		}
		body := "I would like a second monitor for my desk at the office, a 27 inch one."
		if _, err := q.Edit(ctx, ada, qq.ID, qa.EditInput{Body: &body}); err != nil {
			t.Fatal(err)
		}
		// Bob answers 61 days later (a Necromancer), Cy 59 days later (not one).
		now = asked.Add(59 * 24 * time.Hour)
		late, err := q.Answer(ctx, cy, qq.ID, "Open a hardware request in the service portal and pick the monitor.")
		if err != nil {
			t.Fatal(err)
		}
		now = asked.Add(61 * 24 * time.Hour)
		necro, err := q.Answer(ctx, bob, qq.ID, "The portal has a monitor form now; the desk team brings it within a week.")
		if err != nil {
			t.Fatal(err)
		}
		var voters []*store.User
		for i := 0; i < 5; i++ {
			v := storetest.User(t, st, "voter"+string(rune('a'+i)), store.RoleUser)
			voters = append(voters, v)
			for _, a := range []*store.Post{late, necro} {
				if _, err := rep.Vote(ctx, v, a.ID, 1); err != nil {
					t.Fatal(err)
				}
			}
		}
		type held struct {
			UserID int64
			Tag    string
			PostID int64
		}
		holders := func(badge string) map[held]bool {
			var rows []held
			if err := st.DB.Raw("SELECT user_id, tag, post_id FROM user_badges WHERE badge = ?", badge).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			m := map[held]bool{}
			for _, r := range rows {
				m[r] = true
			}
			return m
		}
		// What the services awarded, which check must agree with.
		want := map[string]map[held]bool{
			"editor":      {{ada.ID, "", 0}: true},
			"necromancer": {{bob.ID, "", necro.ID}: true},
		}
		for _, b := range []string{"tag-bronze", "tag-silver", "tag-gold"} {
			want[b] = map[held]bool{}
			for _, u := range []int64{bob.ID, cy.ID} {
				for _, tag := range []string{"hardware", "monitor"} {
					want[b][held{u, tag, 0}] = true
				}
			}
		}
		for b, w := range want {
			if got := holders(b); !maps.Equal(got, w) {
				t.Fatalf("%s holders after the services = %v, want %v", b, got, w)
			}
		}
		checkClean := func(when string) {
			t.Helper()
			r, err := consistency.RunRules(ctx, st, rules, false, now)
			if err != nil || len(r.Drifts) != 0 {
				t.Fatalf("%s: drifts %v %v", when, r.Drifts, err)
			}
		}
		checkClean("as awarded")

		for _, badge := range []string{"editor", "necromancer", "tag-bronze", "tag-silver", "tag-gold"} {
			st.DB.Exec("DELETE FROM user_badges WHERE badge = ?", badge)
			r, err := consistency.RunRules(ctx, st, rules, false, now)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, d := range r.Drifts {
				if d.Check != "badges" || d.Have != 0 || d.Want != 1 {
					t.Errorf("%s removed: unexpected drift %v", badge, d)
				}
				got[d.Key] = true
			}
			wantKeys := map[string]bool{}
			for h := range want[badge] {
				key := fmt.Sprintf("%s user %d post %d", badge, h.UserID, h.PostID)
				if h.Tag != "" {
					key = fmt.Sprintf("%s user %d tag %s", badge, h.UserID, h.Tag)
				}
				wantKeys[key] = true
			}
			if !maps.Equal(got, wantKeys) {
				t.Fatalf("%s removed: drifts %v, want %v", badge, got, wantKeys)
			}
			if r, err := consistency.RunRules(ctx, st, rules, true, now); err != nil || !r.Fixed || len(r.Drifts) != len(wantKeys) {
				t.Fatalf("%s: fix: %v %v", badge, r, err)
			}
			checkClean(badge + " fixed")
			if got := holders(badge); !maps.Equal(got, want[badge]) {
				t.Fatalf("%s holders after fix = %v, want %v", badge, got, want[badge])
			}
		}

		// The thresholds are the configured ones: with the defaults (score 100
		// over 20 answers) nobody here earned a tag badge, so none is missing.
		st.DB.Exec("DELETE FROM user_badges WHERE tag <> ''")
		if r, err := consistency.Run(ctx, st, false, now); err != nil || len(r.Drifts) != 0 {
			t.Fatalf("default thresholds: drifts %v %v", r.Drifts, err)
		}
		if _, err := consistency.RunRules(ctx, st, rules, true, now); err != nil {
			t.Fatal(err)
		}

		// Badges are kept: once the votes are retracted no rule holds any
		// more, yet check reports nothing and --fix takes nothing away.
		for _, v := range voters {
			for _, a := range []*store.Post{late, necro} {
				if _, err := rep.Vote(ctx, v, a.ID, 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		if r, err := consistency.RunRules(ctx, st, rules, true, now); err != nil || len(r.Drifts) != 0 {
			t.Fatalf("after retractions: drifts %v %v", r.Drifts, err)
		}
		for b, w := range want {
			if got := holders(b); !maps.Equal(got, w) {
				t.Fatalf("%s holders after retractions = %v, want %v", b, got, w)
			}
		}
	})
}
