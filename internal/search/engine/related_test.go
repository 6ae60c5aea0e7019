package engine_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestRelatedKeptAndBounded: a question's related questions are kept
// while the index is unchanged and for RelatedFresh after a change, found
// again once that has passed or the question's title changed; and the
// searches for them are bounded: past the bound a page gets none (and
// nothing is kept), and one later gets them.
func TestRelatedKeptAndBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		var mu sync.Mutex
		now := time.Now()
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
		q1 := f.ask(t, "Outlook keeps asking for my password", "Since Monday it asks every hour, also after a restart.", "outlook")
		q2 := f.ask(t, "Outlook asks for the password again every hour", "Each morning when I open it, and again after lunch.", "outlook")
		f.eng = engine.New(f.st, f.dir, nil, clock)
		if err := f.eng.Open(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.eng.Close() })
		related := func(q *store.Post) []int64 {
			t.Helper()
			ids, err := f.eng.Related(ctx, q.ID, q.Title, []string{"outlook"}, 8)
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if got := related(q1); !slices.Equal(got, []int64{q2.ID}) {
			t.Fatalf("related = %v, want %d", got, q2.ID)
		}
		q3 := f.ask(t, "Outlook password prompt loops", "I typed it ten times and it still asks once more.", "outlook")
		if err := f.eng.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if got := related(q1); !slices.Equal(got, []int64{q2.ID}) {
			t.Errorf("within RelatedFresh: %v, want the kept list", got)
		}
		// Its title edited: found again.
		title := "Outlook keeps asking for my password at login"
		if _, err := f.qa.Edit(ctx, f.u, q1.ID, qa.EditInput{Title: &title}); err != nil {
			t.Fatal(err)
		}
		if err := f.eng.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		edited := *q1
		edited.Title = title
		if got := related(&edited); !slices.Contains(got, q3.ID) {
			t.Errorf("after an edit of the title: %v, want %d too", got, q3.ID)
		}
		advance(engine.RelatedFresh + time.Second)
		if got := related(q1); !slices.Contains(got, q3.ID) {
			t.Errorf("after RelatedFresh: %v, want %d too", got, q3.ID)
		}

		// Bounded: with room for two searches, a third question gets none,
		// by RelatedTo nothing, and is not kept as having none.
		f.eng.SetRelatedRate(0, 2)
		if got := related(q2); !slices.Contains(got, q3.ID) {
			t.Errorf("q2: %v", got)
		}
		if got := related(q3); !slices.Contains(got, q2.ID) {
			t.Errorf("q3: %v", got)
		}
		if ids, err := f.eng.Related(ctx, q1.ID, "Outlook again", []string{"outlook"}, 8); err == nil {
			t.Errorf("past the bound: %v, no error", ids)
		}
		if got := f.eng.RelatedTo(ctx, &edited, 8); got != nil {
			t.Errorf("RelatedTo past the bound: %v", got)
		}
		if got := related(q2); !slices.Contains(got, q3.ID) {
			t.Errorf("a kept list past the bound: %v", got)
		}
		f.eng.SetRelatedRate(1000, 1)
		if ids, err := f.eng.Related(ctx, q1.ID, "Outlook again", []string{"outlook"}, 8); err != nil || len(ids) == 0 {
			t.Errorf("once there is room: %v, %v", ids, err)
		}
	})
}
