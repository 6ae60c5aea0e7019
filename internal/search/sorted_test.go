package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestSortedWindows checks that a sorted page found from a window of the
// highest sort keys is exactly the page a search of every match gives, for
// broad and narrow queries, deep pages and deleted questions.
func TestSortedWindows(t *testing.T) {
	ix := newTestIndex(t)
	ix.windowMin = 100 // windows for all but the narrowest queries
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	var docs []Document
	for i := int64(1); i <= 6000; i++ {
		title := "printer"
		if i%7 == 0 {
			title += " toner"
		}
		if i%97 == 0 {
			title += " driver"
		}
		c := base.Add(time.Duration(i*7919%1500)*24*time.Hour + time.Duration(i%5000)*time.Second)
		sc := int(i*37%23) - 3
		if i%2 == 0 {
			sc = 50 // a top score held by many: the window narrows it by day
		}
		d := question(i, title, "", score(sc), created(c),
			activity(c.Add(time.Duration(i*13%400)*24*time.Hour)))
		if i%3 == 0 {
			d.Tags = []string{"hardware"}
		}
		docs = append(docs, d)
	}
	for batch := range slices.Chunk(docs, 1000) {
		apply(t, ix, batch...)
	}
	// Deleted questions still count in the key dictionaries until merged.
	var gone []int64
	for i := int64(1); i <= 6000; i += 4 {
		gone = append(gone, i)
	}
	if err := ix.Apply(nil, gone, 2); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	queries := []string{"printer", "toner", "driver", "printer score:10", "[hardware] printer", "score:5", "printer -toner"}
	for _, sort := range []string{SortNewest, SortVotes, SortActive} {
		order := sortOrder(sort)
		for _, qs := range queries {
			p, err := ix.buildQuery(ctx, Parse(qs), nil, true, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, pg := range [][2]int{{0, 200}, {0, 20}, {40, 20}, {200, 20}, {1000, 100}} {
				name := fmt.Sprintf("%s/%s/from=%d/size=%d", sort, qs, pg[0], pg[1])
				got, err := ix.sortedPage(ctx, p.q, order, pg[0], pg[1], []string{fTags})
				if err != nil {
					t.Fatal(err)
				}
				want, err := ix.scanPage(ctx, p.q, order, pg[0], pg[1], []string{fTags})
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total {
					t.Errorf("%s: total %d, want %d", name, got.Total, want.Total)
				}
				var g, w []string
				for _, h := range got.Hits {
					g = append(g, h.ID)
				}
				for _, h := range want.Hits {
					w = append(w, h.ID)
				}
				if !slices.Equal(g, w) {
					t.Errorf("%s: hits %v, want %v", name, g, w)
				}
				for i, h := range got.Hits {
					if fmt.Sprint(h.Fields[fTags]) != fmt.Sprint(want.Hits[i].Fields[fTags]) {
						t.Errorf("%s: hit %s fields %v, want %v", name, h.ID, h.Fields, want.Hits[i].Fields)
						break
					}
				}
			}
		}
	}
	// Both kinds of votes window: the top score alone (3,000 questions)
	// for a wide one, narrowed by day for a small one.
	for _, tt := range []struct {
		want  int
		field string
	}{{1000, fSortVotes}, {100, fVotesDay}} {
		field, _, held, err := ix.windowFloor(windowField[fSortVotes], tt.want)
		if err != nil || field != tt.field || held < tt.want {
			t.Errorf("window for %d: %s holding %d (%v), want %s", tt.want, field, held, err, tt.field)
		}
	}
	if n := ix.windowed.Load(); n < 30 {
		t.Errorf("only %d pages came from a window", n)
	}
}
