package search

import (
	"context"
	"slices"
	"testing"
)

func TestBareNumber(t *testing.T) {
	for _, tc := range []struct {
		word string
		want bool
	}{
		{"10", true}, {"2019", true}, {"1,000", true}, {"30.000", true}, {"2.5", true}, {"29.11.2026", true},
		{"10016", false}, {"80070005", false}, {"10.0.19045", false}, // identifiers: a run of five digits
		{"0x80070005", false}, {"win10", false}, {"E404", false}, {"printer", false}, // words
	} {
		if got := bareNumber(tc.word); got != tc.want {
			t.Errorf("bareNumber(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

// TestSuggestCountsNoBareNumber: on Get help a bare number is no word of
// the problem: "error 10" finds the error questions, not every question
// that mentions 10, though one with both ranks first; a number alone
// finds nothing; an identifier (five digits or more) is a word.
func TestSuggestCountsNoBareNumber(t *testing.T) {
	ctx := context.Background()
	suggest := func(t *testing.T, ix *Index, problem string) []int64 {
		t.Helper()
		hits, err := ix.Suggest(ctx, problem, 10)
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(hits)
	}
	t.Run("English", func(t *testing.T) {
		ix := newTestIndex(t)
		apply(t, ix,
			question(1, "Printer error after the update", "The printer shows a code."),
			question(2, "Laptop battery drops to 10 percent", "Within an hour."),
			question(3, "VPN disconnects every 10 minutes", "At home only."),
			question(4, "Teams error on start", "A white window."),
			question(5, "DCOM error 10016 floods the event log", "Thousands of entries."),
			question(6, "Error when saving a PDF", "Adobe says no."),
			question(7, "Scanner error 10 on the second floor", "The display blinks."),
			question(8, "Event log fills the disk", "The system drive is full."),
		)
		apply(t, ix, filler(100, 40)...)
		got := suggest(t, ix, "error 10")
		if slices.Contains(got, 2) || slices.Contains(got, 3) {
			t.Errorf("Suggest(error 10) = %v: questions sharing only the number", got)
		}
		if len(got) == 0 || got[0] != 7 || !slices.Contains(got, 1) {
			t.Errorf("Suggest(error 10) = %v, want 7 (error and 10) first, then the other errors such as 1", got)
		}
		if got := suggest(t, ix, "10"); len(got) != 0 {
			t.Errorf("Suggest(10) = %v, want none", got)
		}
		if got := suggest(t, ix, "event 10016"); !slices.Equal(got, []int64{5}) {
			t.Errorf("Suggest(event 10016) = %v, want [5]: the code is a word, and the specific one", got)
		}
	})
	t.Run("German", func(t *testing.T) {
		ix := newTestIndex(t)
		apply(t, ix,
			question(1, "Fehlermeldung beim Drucken im dritten Stock", "Der Drucker blinkt."),
			question(2, "Outlook bringt eine Fehlermeldung beim Start", "Ein weißes Fenster."),
			question(3, "Fehlermeldung nach dem Update von Teams", "Seit Montag."),
			question(4, "Akku hält nur noch 10 Minuten", "Der Laptop ist neu."),
			question(5, "Fehlermeldung 10 beim Scannen", "Das Display blinkt."),
		)
		apply(t, ix, filler(100, 40)...)
		got := suggest(t, ix, "Fehlermeldung 10")
		if slices.Contains(got, 4) {
			t.Errorf("Suggest(Fehlermeldung 10) = %v: a question sharing only the number", got)
		}
		if len(got) != 4 || got[0] != 5 {
			t.Errorf("Suggest(Fehlermeldung 10) = %v, want 5 first, then 1, 2 and 3", got)
		}
		if got := suggest(t, ix, "30.000 10"); len(got) != 0 {
			t.Errorf("Suggest(30.000 10) = %v, want none", got)
		}
	})
}

// TestSimilarCountsNoBareNumber: the ask page's suggestions hold bare
// numbers to Get help's rule (bareNumber): a title "error 10" lists the
// error questions, the one with 10 first, not those sharing only the
// number; a number alone lists nothing; an identifier is a word.
func TestSimilarCountsNoBareNumber(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Printer error after the update", "The printer shows a code."),
		question(2, "Laptop battery drops to 10 percent", "Within an hour."),
		question(3, "VPN disconnects every 10 minutes", "At home only."),
		question(4, "Teams error on start", "A white window."),
		question(5, "DCOM error 10016 floods the event log", "Thousands of entries."),
		question(6, "Error when saving a PDF", "Adobe says no."),
		question(7, "Scanner error 10 on the second floor", "The display blinks."),
		question(8, "Event log fills the disk", "The system drive is full."),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	similar := func(title string) []int64 {
		t.Helper()
		hits, err := ix.Similar(ctx, title, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(hits)
	}
	got := similar("error 10")
	if slices.Contains(got, 2) || slices.Contains(got, 3) {
		t.Errorf("Similar(error 10) = %v: questions sharing only the number", got)
	}
	if len(got) == 0 || got[0] != 7 || !slices.Contains(got, 1) {
		t.Errorf("Similar(error 10) = %v, want 7 (error and 10) first, then the other errors such as 1", got)
	}
	if got := similar("10 20"); len(got) != 0 {
		t.Errorf("Similar(10 20) = %v, want none", got)
	}
	if got := similar("event 10016"); len(got) == 0 || got[0] != 5 {
		t.Errorf("Similar(event 10016) = %v, want 5 first: the code is a word", got)
	}
}
