package search

import (
	"context"
	"reflect"
	"testing"
)

// TestParseBounds: score: and answers: take the forms created: takes (N or
// >=N at least, >N more than, <N fewer than, <=N at most), and answers:0
// means no answers, not "at least none" (every question).
func TestParseBounds(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"score:3", Query{MinScore: intp(3)}},
		{"score:>=3", Query{MinScore: intp(3)}},
		{"score:>1", Query{MinScore: intp(2)}},
		{"score:<0", Query{MaxScore: intp(-1)}},
		{"score:<=-2", Query{MaxScore: intp(-2)}},
		{"score:>1 score:<=5 score:>3", Query{MinScore: intp(4), MaxScore: intp(5)}},
		{"answers:0", Query{MaxAnswers: intp(0)}},
		{"answers:>0", Query{MinAnswers: intp(1)}},
		{"answers:>=0", Query{MinAnswers: intp(0)}},
		{"answers:2", Query{MinAnswers: intp(2)}},
		{"answers:<3", Query{MaxAnswers: intp(2)}},
		{"answers:<=1 answers:0", Query{MaxAnswers: intp(0)}},
		{"answers:<0 answers:-1 answers:>-1 score:>x score:<", Query{Ignored: []string{"answers:<0", "answers:-1", "answers:>-1", "score:>x", "score:<"}}},
	}
	for _, tt := range tests {
		got := Parse(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		again := Parse(got.String())
		again.Ignored, got.Ignored = nil, nil
		if !reflect.DeepEqual(again, got) {
			t.Errorf("Parse(%q).String() = %q reads back as %+v", tt.in, got.String(), again)
		}
	}
}

// TestSearchBounds runs the bounds on a real index: answers:0 finds the
// questions without answers, score:>1 those scored 2 or more.
func TestSearchBounds(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Printer jams", "Paper stuck.", score(0)),
		question(2, "Printer offline", "No network.", score(2), answers(1, 0, "Restart it.")),
		question(3, "Printer toner", "Empty.", score(1), answers(3, 1, "Order toner.")),
		question(4, "Printer driver", "Missing.", score(-1), answers(1, -2, "Reinstall.")),
	)
	ctx := context.Background()
	for q, want := range map[string][]int64{
		"printer answers:0":            {1},
		"printer answers:>0":           {2, 3, 4},
		"printer answers:>=0":          {1, 2, 3, 4},
		"printer answers:<2":           {1, 2, 4},
		"printer answers:2":            {3},
		"printer score:>1":             {2},
		"printer score:1":              {2, 3},
		"printer score:>=1":            {2, 3},
		"printer score:<0":             {4},
		"printer score:<=1 answers:>0": {3, 4},
	} {
		res, err := ix.Search(ctx, Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res.Hits); !sameSet(got, want) || len(res.Parsed.Ignored) > 0 {
			t.Errorf("Search(%q) = %v (ignored %v), want %v", q, got, res.Parsed.Ignored, want)
		}
	}
}
