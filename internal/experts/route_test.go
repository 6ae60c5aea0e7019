package experts_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"stackdesk/internal/experts"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// told lists who holds a notification about a question, as "name:type", by name.
func (f *fixture) told(t *testing.T, q *store.Post) []string {
	t.Helper()
	var rows []struct{ Username, Type string }
	if err := f.st.DB.Raw(`SELECT u.username, n.type FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.question_id = ? ORDER BY u.username, n.type`, q.ID).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Username + ":" + r.Type
	}
	return out
}

func (f *fixture) reroute(t *testing.T) int {
	t.Helper()
	n, err := f.ex.RerouteDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestQuestionsReachTheRightExpertsOnceAndNeverTheAsker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		history(t, f) // vpn: SME gus, then cy, dee, eve, fay, hal, bob, ian
		for _, who := range []string{"eve", "jon", "cy"} {
			if err := f.notes.SetTagFollow(ctx, f.u(who), "vpn", true); err != nil {
				t.Fatal(err)
			}
		}
		// cy asks: the SME and the top three others (cy skipped as the asker)
		// are routed it; eve, who also follows vpn, is told once; jon as a follower.
		f.at(time.Hour)
		q := f.ask(t, "cy", "vpn")
		want := []string{"dee:routed", "eve:routed", "fay:routed", "gus:routed", "jon:tag"}
		if got := f.told(t, q); !slices.Equal(got, want) {
			t.Fatalf("asked: %v, want %v", got, want)
		}
		// Nothing is due before 24 hours have passed.
		f.at(time.Hour + 24*time.Hour - time.Second)
		if n := f.reroute(t); n != 0 {
			t.Fatalf("re-routed %d early", n)
		}
		// After 24 hours unanswered: the next three in line, nobody twice.
		f.at(time.Hour + 24*time.Hour)
		if n := f.reroute(t); n != 1 {
			t.Fatalf("re-routed %d questions, want 1", n)
		}
		want = []string{"bob:routed", "dee:routed", "eve:routed", "fay:routed", "gus:routed", "hal:routed", "ian:routed", "jon:tag"}
		if got := f.told(t, q); !slices.Equal(got, want) {
			t.Fatalf("re-routed: %v, want %v", got, want)
		}
		var rounds []int
		st.DB.Table("question_routes").Where("question_id = ?", q.ID).Order("round, user_id").Pluck("round", &rounds)
		if !slices.Equal(rounds, []int{1, 1, 1, 1, 2, 2, 2}) {
			t.Fatalf("rounds %v", rounds)
		}
		// Routing happens once more at most.
		f.at(30 * 24 * time.Hour)
		if n := f.reroute(t); n != 0 || len(f.told(t, q)) != len(want) {
			t.Fatalf("routed again: %d", n)
		}
	})
}

func TestAnsweredQuestionsAreNotReRouted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		history(t, f)
		// gus, the SME, asks: he is not routed his own question.
		f.at(time.Hour)
		q := f.ask(t, "gus", "vpn")
		if got := f.told(t, q); !slices.Equal(got, []string{"cy:routed", "dee:routed", "eve:routed"}) {
			t.Fatalf("asked by the SME: %v", got)
		}
		f.answer(t, "kim", q)
		other := f.ask(t, "kim", "vpn")
		if err := st.DB.Exec("UPDATE posts SET closed_at = ? WHERE id = ?", f.now, other.ID).Error; err != nil {
			t.Fatal(err)
		}
		f.at(48 * time.Hour)
		if n := f.reroute(t); n != 0 {
			t.Fatalf("re-routed %d answered or closed questions", n)
		}
		var left int64
		st.DB.Table("routing_due").Count(&left)
		if left != 0 {
			t.Fatalf("%d due rows left", left)
		}
		_ = ctx
	})
}

func TestFreeTextFindsExpertsThroughTheIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		history(t, f)
		q := f.at(0).ask(t, "ada", "printer")
		if _, err := f.qa.Edit(ctx, f.u("ada"), q.ID, editTitle("Printer on floor 3 prints blank pages")); err != nil {
			t.Fatal(err)
		}
		f.upvote(t, f.answer(t, "kim", q), "ada")
		// Without an index only tag names count.
		l, err := f.ex.Find(ctx, experts.Query{Q: "windows"})
		if err != nil || !l.Partial || !slices.Equal(l.Tags, []string{"windows"}) || !slices.Equal(f.names(l.Items), []string{"cy", "gus"}) {
			t.Fatalf("no index: %+v %v %v", l, f.names(l.Items), err)
		}
		e := engine.New(st, t.TempDir(), nil, func() time.Time { return f.now })
		if err := e.Open(ctx); err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		if err := e.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		f.ex.Search = e
		l, err = f.ex.Find(ctx, experts.Query{Q: "blank pages"})
		if err != nil || l.Partial || len(l.Tags) != 0 || !slices.Equal(f.names(l.Items), []string{"kim"}) {
			t.Fatalf("blank pages: %v %+v %v", f.names(l.Items), l, err)
		}
		// Within a tag: the words find the vpn questions, and the tag's SME leads.
		l, err = f.ex.Find(ctx, experts.Query{Q: "certificate", Tag: "vpn"})
		if err != nil || len(l.Items) < 2 || l.Items[0].User.Username != "gus" || !l.Items[0].SME {
			t.Fatalf("certificate in vpn: %v %v", f.names(l.Items), err)
		}
		if slices.Contains(f.names(l.Items), "kim") {
			t.Fatalf("kim answered no vpn question: %v", f.names(l.Items))
		}
	})
}

// TestDecayedExpertsAreNotRouted checks that twenty years on, when every
// answer in the tag has decayed to nothing, a new question goes to the SME
// and to whoever picked the tag, not to the old answerers the directory
// still lists.
func TestDecayedExpertsAreNotRouted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		history(t, f) // vpn: SME gus, then cy, dee, eve, fay, hal, bob; ian picked it
		f.at(20 * 365 * 24 * time.Hour)
		q := f.ask(t, "jon", "vpn")
		if got, want := f.told(t, q), []string{"gus:routed", "ian:routed"}; !slices.Equal(got, want) {
			t.Fatalf("routed %v, want %v", got, want)
		}
	})
}

// TestRoutingIsDatedWithItsQuestion: a question written with a clock of its
// own (the demo seed dates its questions weeks back) is routed as of the
// moment it was asked, like the other notifications of its transaction:
// the experts' inboxes list it in its place, and the next round falls due a
// day after it was asked.
func TestRoutingIsDatedWithItsQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		history(t, f)
		f.ex.Now = func() time.Time { return T.Add(30 * day) } // the routing service's own clock
		f.at(time.Hour)
		q := f.ask(t, "cy", "vpn")
		var rows []struct {
			Type      string
			CreatedAt time.Time
		}
		if err := st.DB.Raw(`SELECT type, created_at FROM notifications WHERE question_id = ?`, q.ID).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		routed := 0
		for _, r := range rows {
			if r.Type == "routed" {
				routed++
			}
			if !r.CreatedAt.Equal(q.CreatedAt) {
				t.Errorf("%s notification dated %s, the question %s", r.Type, r.CreatedAt, q.CreatedAt)
			}
		}
		if routed == 0 {
			t.Fatalf("nobody was routed the question: %+v", rows)
		}
		var dueAt time.Time
		if err := st.DB.Raw(`SELECT due_at FROM routing_due WHERE question_id = ?`, q.ID).Row().Scan(&dueAt); err != nil {
			t.Fatal(err)
		}
		if want := q.CreatedAt.Add(24 * time.Hour); !dueAt.Equal(want) {
			t.Errorf("next round due %s, want %s", dueAt, want)
		}
	})
}
