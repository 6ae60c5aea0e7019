package reputation_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"

	"gorm.io/gorm"
)

// awards returns the user's awards of one badge as "tag/post" keys, sorted.
func awards(t *testing.T, f *fixture, u *store.User, badge string) []string {
	t.Helper()
	var bs []store.UserBadge
	if err := f.st.DB.Where("user_id = ? AND badge = ?", u.ID, badge).Find(&bs).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = fmt.Sprintf("%s/%d", b.Tag, b.PostID)
	}
	slices.Sort(out)
	return out
}

// badgeNotes counts the badge notifications of one badge the user received.
func badgeNotes(t *testing.T, f *fixture, u *store.User, badge string) int64 {
	t.Helper()
	var n int64
	if err := f.st.DB.Model(&notify.Notification{}).
		Where("user_id = ? AND type = ? AND badge = ?", u.ID, notify.TypeBadge, badge).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// wantAwards fails unless the user holds exactly these awards of the badge,
// each announced by exactly one notification.
func wantAwards(t *testing.T, f *fixture, u *store.User, badge string, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	got := awards(t, f, u, badge)
	if !slices.Equal(got, want) {
		t.Fatalf("%s's %s awards = %v, want %v", u.Username, badge, got, want)
	}
	if n := badgeNotes(t, f, u, badge); n != int64(len(want)) {
		t.Fatalf("%s got %d %s notifications for %d awards", u.Username, n, badge, len(want))
	}
}

// post names a per-post award key.
func post(p *store.Post) string { return fmt.Sprintf("/%d", p.ID) }

// tagKey names a per-tag award key.
func tagKey(tag string) string { return tag + "/0" }

// grant gives a user reputation as if earned elsewhere, keeping the ledger true.
func grant(t *testing.T, f *fixture, u *store.User, delta int) {
	t.Helper()
	if err := f.st.DB.Create(&store.ReputationEvent{UserID: u.ID, Kind: "test", Delta: delta, CreatedAt: f.now}).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.st.DB.Exec("UPDATE users SET reputation = reputation + ? WHERE id = ?", delta, u.ID).Error; err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) askTagged(t *testing.T, u *store.User, title string, tags ...string) *store.Post {
	t.Helper()
	q, err := f.qa.Ask(context.Background(), u, qa.QuestionInput{Title: title,
		Body: "It stopped working this morning and nothing I tried helps.", Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func (f *fixture) voteAll(t *testing.T, p *store.Post, value int, voters ...*store.User) {
	t.Helper()
	for _, v := range voters {
		if _, err := f.rep.Vote(context.Background(), v, p.ID, value); err != nil {
			t.Fatalf("%s votes %d on %d: %v", v.Username, value, p.ID, err)
		}
	}
}

func (f *fixture) users(t *testing.T, prefix string, n int) []*store.User {
	out := make([]*store.User, n)
	for i := range out {
		out[i] = f.user(t, fmt.Sprintf("%s%03d", prefix, i))
	}
	return out
}

// TestCriticIsAwardedOnceForAFirstDownVote: Critic comes with the first down
// vote (not an up vote, not a refused down vote) and only once.
func TestCriticIsAwardedOnceForAFirstDownVote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cyd, dee := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cyd"), f.user(t, "dee")
		grant(t, f, cyd, 99) // 100: may vote down
		q1, q2 := f.ask(t, ada), f.ask(t, ada)
		a := f.answer(t, bob, q1)

		// dee, with 1 reputation, is refused a down vote: no badge.
		if _, err := f.rep.Vote(ctx, dee, q1.ID, -1); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("down vote without the privilege: %v", err)
		}
		wantAwards(t, f, dee, "critic")
		// An up vote earns Supporter, not Critic.
		f.voteAll(t, q1, 1, cyd)
		wantAwards(t, f, cyd, "critic")
		wantAwards(t, f, cyd, "supporter", "/0")
		// Turning it down is cyd's first down vote.
		f.voteAll(t, q1, -1, cyd)
		wantAwards(t, f, cyd, "critic", "/0")
		// More down votes, on an answer, another question, and after a retraction: still one.
		f.voteAll(t, a, -1, cyd)
		f.voteAll(t, q2, -1, cyd)
		f.voteAll(t, q1, 0, cyd)
		f.voteAll(t, q1, -1, cyd)
		wantAwards(t, f, cyd, "critic", "/0")
		for _, u := range []*store.User{ada, bob, dee} {
			wantAwards(t, f, u, "critic")
		}
		assertLedger(t, st)
	})
}

// TestEditorIsAwardedOnceForAFirstEdit: Editor comes with a user's first real
// edit, once, and neither with an edit that changes nothing nor a refused one.
func TestEditorIsAwardedOnceForAFirstEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cyd := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cyd")
		q := f.ask(t, ada)
		a := f.answer(t, bob, q)
		wantAwards(t, f, bob, "editor")

		// Saving the answer unchanged is no edit.
		same := a.BodyMarkdown
		if _, err := f.qa.Edit(ctx, bob, a.ID, qa.EditInput{Body: &same}); err != nil {
			t.Fatal(err)
		}
		wantAwards(t, f, bob, "editor")
		// cyd (1 reputation) may not edit ada's question: no badge.
		title := "Outlook asks for my password every hour"
		if _, err := f.qa.Edit(ctx, cyd, q.ID, qa.EditInput{Title: &title}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("edit without the privilege: %v", err)
		}
		wantAwards(t, f, cyd, "editor")

		body := "Remove the cached credentials in the Credential Manager, then sign in again."
		if _, err := f.qa.Edit(ctx, bob, a.ID, qa.EditInput{Body: &body}); err != nil {
			t.Fatal(err)
		}
		wantAwards(t, f, bob, "editor", "/0")
		// A second edit, and an edit of another post: still one.
		body2 := body + " Restart Outlook afterwards."
		if _, err := f.qa.Edit(ctx, bob, a.ID, qa.EditInput{Body: &body2}); err != nil {
			t.Fatal(err)
		}
		a2 := f.answer(t, bob, f.ask(t, ada))
		if _, err := f.qa.Edit(ctx, bob, a2.ID, qa.EditInput{Body: &body}); err != nil {
			t.Fatal(err)
		}
		wantAwards(t, f, bob, "editor", "/0")
		// ada edits her question: her own first edit.
		if _, err := f.qa.Edit(ctx, ada, q.ID, qa.EditInput{Title: &title}); err != nil {
			t.Fatal(err)
		}
		wantAwards(t, f, ada, "editor", "/0")
		wantAwards(t, f, cyd, "editor")
	})
}

// TestNecromancerNeedsSixtyDaysAndScoreFive: an answer given 60 days after its
// question earns Necromancer when it reaches score 5, once per answer; one
// given after 59 days never does.
func TestNecromancerNeedsSixtyDaysAndScoreFive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		ada, bob, cyd := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cyd")
		voters := f.users(t, "nv", 7)
		t0 := f.now
		q1 := f.askTagged(t, ada, "Laptop dock loses the second screen", "dock")
		q2 := f.askTagged(t, ada, "Printer on floor three prints blank pages", "printer")
		f.now = t0.Add(59 * 24 * time.Hour)
		early := f.answer(t, cyd, q1)
		f.now = t0.Add(60 * 24 * time.Hour)
		late := f.answer(t, bob, q1)
		f.now = t0.Add(90 * 24 * time.Hour)
		late2 := f.answer(t, bob, q2)

		f.voteAll(t, late, 1, voters[:4]...)
		f.voteAll(t, early, 1, voters...) // score 7, but answered after 59 days
		wantAwards(t, f, bob, "necromancer")
		wantAwards(t, f, cyd, "necromancer")
		f.voteAll(t, late, 1, voters[4]) // score 5
		wantAwards(t, f, bob, "necromancer", post(late))
		f.voteAll(t, late, 1, voters[5:]...) // score 7: still one for this answer
		wantAwards(t, f, bob, "necromancer", post(late))
		// Per post: another late answer earns its own.
		f.voteAll(t, late2, 1, voters[:5]...)
		want := []string{post(late), post(late2)}
		slices.Sort(want)
		wantAwards(t, f, bob, "necromancer", want...)
		wantAwards(t, f, cyd, "necromancer")
	})
}

// TestQuestionScoreBadges: Nice, Good and Great Question come at scores 10, 25
// and 100 (not one vote earlier), once per question.
func TestQuestionScoreBadges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada := f.user(t, "ada")
		voters := f.users(t, "qv", 100)
		q := f.askTagged(t, ada, "Teams meetings drop after exactly an hour", "teams")
		q2 := f.askTagged(t, ada, "Teams does not show my calendar any more", "teams")
		check := func(score int) {
			t.Helper()
			for _, c := range []struct {
				badge string
				min   int
			}{{"nice-question", 10}, {"good-question", 25}, {"great-question", 100}} {
				var want []string
				if score >= c.min {
					want = []string{post(q)}
				}
				wantAwards(t, f, ada, c.badge, want...)
			}
		}
		for i, v := range voters {
			f.voteAll(t, q, 1, v)
			if score := i + 1; score%5 == 0 || score%5 == 4 {
				check(score)
			}
		}
		// q's score went past every threshold on each later vote; each badge stays one award.
		check(100)
		wantAwards(t, f, ada, "nice-answer")

		// Per post: q2 earns its own Nice Question; falling below 10 and rising again adds none.
		f.voteAll(t, q2, 1, voters[:10]...)
		want := []string{post(q), post(q2)}
		slices.Sort(want)
		wantAwards(t, f, ada, "nice-question", want...)
		f.voteAll(t, q2, 0, voters[9])
		f.voteAll(t, q2, 1, voters[9])
		wantAwards(t, f, ada, "nice-question", want...)
		wantAwards(t, f, ada, "good-question", post(q))
		if th, err := f.qa.Thread(ctx, q2.ID); err != nil || th.Question.Score != 10 {
			t.Fatalf("q2 score: %v %v", th, err)
		}
		assertLedger(t, st)
	})
}

// TestSilverAndGoldTagBadges: with low thresholds, the silver and gold badges
// of a tag need both the answer score and the answer count in that tag, and
// come once per tag.
func TestSilverAndGoldTagBadges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		f.rep.Rules.TagBadgeScore = [3]int{1, 4, 6}
		f.rep.Rules.TagBadgeAnswers = [3]int{1, 2, 3}
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		v := f.users(t, "tv", 4)
		q1 := f.askTagged(t, ada, "VPN drops when the laptop sleeps", "vpn")
		q2 := f.askTagged(t, ada, "VPN is slow on the office wifi", "vpn", "wifi")
		q3 := f.askTagged(t, ada, "VPN client wants a new certificate", "vpn")

		a1 := f.answer(t, bob, q1)
		f.voteAll(t, a1, 1, v[0]) // vpn: score 1, 1 answer
		wantAwards(t, f, bob, "tag-bronze", tagKey("vpn"))
		a2 := f.answer(t, bob, q2)
		f.voteAll(t, a2, 1, v[0]) // vpn: score 2, 2 answers (score short of silver); wifi: 1, 1
		wantAwards(t, f, bob, "tag-silver")
		f.voteAll(t, a1, 1, v[1]) // vpn: score 3, 2 answers
		wantAwards(t, f, bob, "tag-silver")
		f.voteAll(t, a1, 1, v[2]) // vpn: score 4, 2 answers: silver
		wantAwards(t, f, bob, "tag-silver", tagKey("vpn"))
		f.voteAll(t, a1, 1, v[3]) // vpn: score 5, 2 answers
		f.voteAll(t, a2, 1, v[1]) // vpn: score 6, 2 answers (count short of gold); wifi: 2, 1
		wantAwards(t, f, bob, "tag-gold")
		a3 := f.answer(t, bob, q3)
		f.voteAll(t, a3, 1, v[0]) // vpn: score 7, 3 answers: gold
		wantAwards(t, f, bob, "tag-gold", tagKey("vpn"))
		f.voteAll(t, a3, 1, v[1:]...) // vpn: score 10: no second award
		f.voteAll(t, a2, 1, v[2:]...) // wifi: score 4 but one answer
		wantAwards(t, f, bob, "tag-gold", tagKey("vpn"))
		wantAwards(t, f, bob, "tag-silver", tagKey("vpn"))
		want := []string{tagKey("vpn"), tagKey("wifi")}
		slices.Sort(want)
		wantAwards(t, f, bob, "tag-bronze", want...)
		wantAwards(t, f, ada, "tag-silver")
		wantAwards(t, f, ada, "tag-gold")
	})
}

// TestTagBadgesReadAnswersOnceAVote: a vote on an answer reads the
// author's answers in all the question's tags in one query, and not at all
// in the tags whose gold badge the author holds, so a vote for a prolific
// answerer does not read their thousands of answers several times over
// while it holds its locks. Their badges still follow the score.
func TestTagBadgesReadAnswersOnceAVote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		f.rep.Rules.TagBadgeScore = [3]int{1, 2, 3}
		f.rep.Rules.TagBadgeAnswers = [3]int{1, 1, 1}
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		v := f.users(t, "tv", 3)
		q := f.askTagged(t, ada, "VPN drops on the office wifi", "vpn", "wifi", "laptop")
		a := f.answer(t, bob, q)

		var mu sync.Mutex
		reads := 0
		count := func(db *gorm.DB) {
			if strings.Contains(db.Statement.SQL.String(), "SUM(a.score)") {
				mu.Lock()
				reads++
				mu.Unlock()
			}
		}
		if err := st.DB.Callback().Query().After("gorm:query").Register("test:tag-reads", count); err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Callback().Row().After("gorm:row").Register("test:tag-reads", count); err != nil {
			t.Fatal(err)
		}
		f.voteAll(t, a, 1, v[0])
		if reads != 1 {
			t.Fatalf("a vote in three tags read the answers %d times, want once", reads)
		}
		wantAwards(t, f, bob, "tag-bronze", tagKey("laptop"), tagKey("vpn"), tagKey("wifi"))
		f.voteAll(t, a, 1, v[1], v[2]) // score 3: gold in all three
		wantAwards(t, f, bob, "tag-gold", tagKey("laptop"), tagKey("vpn"), tagKey("wifi"))
		reads = 0
		f.voteAll(t, a, 0, v[0]) // taken back...
		f.voteAll(t, a, 1, v[0]) // ...and given again: the score rises
		if reads != 0 {
			t.Fatalf("with every gold badge held, a vote read the answers %d times", reads)
		}
	})
}
