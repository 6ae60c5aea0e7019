package experts_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"stackdesk/internal/experts"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// tieRow is what the tie-breaks look at, per expert.
type tieRow struct {
	name     string
	sme      bool
	score    float64
	accepted int
	answers  int
	last     time.Time
}

func tieRows(t *testing.T, f *fixture, tag string) []tieRow {
	t.Helper()
	l, err := f.ex.ForTag(context.Background(), tag, 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]tieRow, len(l.Items))
	for i, e := range l.Items {
		out[i] = tieRow{e.User.Username, e.SME, e.Score, e.Accepted, e.Answers, e.LastAnswerAt.UTC()}
	}
	return out
}

func wantTieRows(t *testing.T, f *fixture, tag string, want ...tieRow) {
	t.Helper()
	got := tieRows(t, f, tag)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s experts:\n got %v\nwant %v", tag, got, want)
	}
}

// TestTieBreakOnMoreAnswers: two experts equal in SME mark, expertise and
// accepted answers are ordered by their number of answers, whichever has the
// lower id or the more recent answer.
//
// Every answer has one vote, so that both are listed.
//
//	dock:    bob 2 answers 180 days ago (1 + 1 = 2), cy 1 answer now (2)
//	printer: cy 2 answers 180 days ago (2),         bob 1 answer now (2)
func TestTieBreakOnMoreAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for _, c := range []struct{ tag, many, one string }{{"dock", "bob", "cy"}, {"printer", "cy", "bob"}} {
			f.at(-180 * day)
			f.upvote(t, f.answer(t, c.many, f.ask(t, "ada", c.tag)), "kim")
			f.upvote(t, f.answer(t, c.many, f.ask(t, "ada", c.tag)), "kim")
			f.at(0)
			f.upvote(t, f.answer(t, c.one, f.ask(t, "ada", c.tag)), "kim")
		}
		f.at(0)
		wantTieRows(t, f, "dock",
			tieRow{"bob", false, 2, 0, 2, T.Add(-180 * day)},
			tieRow{"cy", false, 2, 0, 1, T})
		wantTieRows(t, f, "printer",
			tieRow{"cy", false, 2, 0, 2, T.Add(-180 * day)},
			tieRow{"bob", false, 2, 0, 1, T})
	})
}

// TestTieBreakOnMoreRecentLastAnswer: two experts equal in everything before
// it are ordered by their last answer, newer first, whichever has the lower id.
// Each has an older answer too, so that "last" must be the latest, not the first.
//
//	wifi:  dee answered 360 days ago, +1 ((1+1) × ¼) and 180 days ago, +1 ((1+1) × ½): 1.5, last 180 days ago
//	       eve answered 360 days ago, +1 ((1+1) × ¼) and now (1):                    1.5, last now
//	teams: the same with dee and eve swapped
func TestTieBreakOnMoreRecentLastAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		for _, c := range []struct{ tag, old, recent string }{{"wifi", "dee", "eve"}, {"teams", "eve", "dee"}} {
			f.at(-360 * day)
			f.upvote(t, f.answer(t, c.old, f.ask(t, "ada", c.tag)), "kim")
			f.upvote(t, f.answer(t, c.recent, f.ask(t, "ada", c.tag)), "kim")
			f.at(-180 * day)
			a := f.answer(t, c.old, f.ask(t, "ada", c.tag))
			f.upvote(t, a, "kim")
			f.at(0)
			f.answer(t, c.recent, f.ask(t, "ada", c.tag))
		}
		f.at(0)
		wantTieRows(t, f, "wifi",
			tieRow{"eve", false, 1.5, 0, 2, T},
			tieRow{"dee", false, 1.5, 0, 2, T.Add(-180 * day)})
		wantTieRows(t, f, "teams",
			tieRow{"dee", false, 1.5, 0, 2, T},
			tieRow{"eve", false, 1.5, 0, 2, T.Add(-180 * day)})
	})
}

// TestCompareAnswersThenLastAnswerThenID checks the last keys of Compare
// directly, in both argument orders.
func TestCompareAnswersThenLastAnswerThenID(t *testing.T) {
	base := experts.Ranked{Score: 2.5, Accepted: 1, Answers: 3, LastAnswerAt: T}
	with := func(id int64, answers int, last time.Time) *experts.Ranked {
		r := base
		r.UserID, r.Answers, r.LastAnswerAt = id, answers, last
		return &r
	}
	for _, c := range []struct {
		what          string
		first, second *experts.Ranked
	}{
		{"more answers beat a lower id and a newer answer", with(9, 4, T.Add(-day)), with(1, 3, T)},
		{"fewer answers lose whatever the id", with(1, 4, T.Add(-day)), with(9, 3, T)},
		{"a newer last answer beats a lower id", with(9, 3, T), with(1, 3, T.Add(-time.Second))},
		{"a newer last answer with the lower id", with(1, 3, T), with(9, 3, T.Add(-time.Second))},
		{"all else equal, the lower id", with(1, 3, T), with(9, 3, T)},
	} {
		if got := experts.Compare(c.first, c.second); got >= 0 {
			t.Errorf("%s: Compare(first, second) = %d, want < 0", c.what, got)
		}
		if got := experts.Compare(c.second, c.first); got <= 0 {
			t.Errorf("%s: Compare(second, first) = %d, want > 0", c.what, got)
		}
	}
	if got := experts.Compare(with(5, 3, T), with(5, 3, T)); got != 0 {
		t.Errorf("Compare of equals = %d", got)
	}
}

// TestAnswersCountQuestionsAnswered: two answers by one person to one
// question count once among their questions answered, in the ranking's
// tie-break and in their top tags; each answer still earns its points.
//
//	vpn:     bob answered one question three times (3), cy three questions once (3); one vote each
//	printer: bob answered two questions once, one vote
func TestAnswersCountQuestionsAnswered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		q := f.ask(t, "ada", "vpn")
		for i := range 3 {
			a, err := f.qa.Answer(ctx, f.u("bob"), q.ID, fmt.Sprintf("Renew the certificate in the portal, way %d.", i+1))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				f.upvote(t, a, "kim")
			}
		}
		for i := range 3 {
			a := f.answer(t, "cy", f.ask(t, "ada", "vpn"))
			if i == 0 {
				f.upvote(t, a, "kim")
			}
		}
		for i := range 2 {
			a := f.answer(t, "bob", f.ask(t, "ada", "printer"))
			if i == 0 {
				f.upvote(t, a, "kim")
			}
		}
		wantTieRows(t, f, "vpn",
			tieRow{"cy", false, 4, 0, 3, T},
			tieRow{"bob", false, 4, 0, 1, T})
		l, err := f.ex.ForTag(ctx, "printer", 1, 10)
		if err != nil || len(l.Items) != 1 || fmt.Sprint(l.Items[0].TopTags) != "[printer vpn]" {
			t.Fatalf("bob's top tags: %+v %v", l.Items, err)
		}
	})
}
