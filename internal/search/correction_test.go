package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestSearchSaysWhatATypoWasReadAs: a word read as a typo is named with
// the word it was read as, spelled as the questions spell it (not the stem
// the index holds), so the page can say "showing results for"; Corrected
// is the query so searched. A word only bodies hold (the index keeps the
// words of titles as written) is read through its stem, and a stem no
// stored text shows within reach has no such word, and the query no
// corrected form. Exact searches the words as typed.
func TestSearchSaysWhatATypoWasReadAs(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "VPN disconnects every hour", "The VPN client disconnects when the laptop sleeps.", tags("vpn")),
		question(2, "VPN disconnects at home", "Since Monday.", tags("vpn")),
		question(3, "Printer jams", "The printer pulls two sheets."),
		question(4, "Wiki page", strings.Repeat("Lorem ipsum dolor sit amet. ", 200)+"The scanner fails."),
	)
	ctx := context.Background()
	search := func(r Request) *Result {
		t.Helper()
		res, err := ix.Search(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := search(Request{Query: "[vpn] disconects -printer"})
	if !slices.Equal(res.Parsed.NearWords, []string{"disconects"}) || !slices.Equal(res.Parsed.NearAs, []string{"disconnects"}) {
		t.Fatalf("disconects: near %q as %q, want [disconects] as [disconnects]", res.Parsed.NearWords, res.Parsed.NearAs)
	}
	if got, want := res.Parsed.Corrected(), "[vpn] disconnects -printer"; got != want {
		t.Errorf("Corrected() = %q, want %q", got, want)
	}
	if got := hitIDs(res.Hits); !sameSet(got, []int64{1, 2}) {
		t.Errorf("disconects = %v, want [1 2]", got)
	}
	// A typo of a word typed already is that word as typed.
	res = search(Request{Query: "Printer pritner"})
	if !slices.Equal(res.Parsed.NearAs, []string{"printer"}) || res.Parsed.Corrected() != "Printer printer" {
		t.Errorf("Printer pritner: as %q, corrected %q", res.Parsed.NearAs, res.Parsed.Corrected())
	}
	// Two typos of one word are that word, as the questions spell it.
	res = search(Request{Query: "pritner prnter"})
	if !slices.Equal(res.Parsed.NearAs, []string{"printer", "printer"}) || res.Parsed.Corrected() != "printer printer" {
		t.Errorf("pritner prnter: as %q, corrected %q", res.Parsed.NearAs, res.Parsed.Corrected())
	}
	// Only a stem to show: no word, no corrected query.
	res = search(Request{Query: "wiki scannner"})
	if !slices.Equal(res.Parsed.NearWords, []string{"scannner"}) || !slices.Equal(res.Parsed.NearAs, []string{""}) || res.Parsed.Corrected() != "" {
		t.Errorf("wiki scannner: near %q as %q, corrected %q; want it read, as no word", res.Parsed.NearWords, res.Parsed.NearAs, res.Parsed.Corrected())
	}
	if got := hitIDs(res.Hits); !slices.Equal(got, []int64{4}) {
		t.Errorf("wiki scannner = %v, want [4]", got)
	}
	// No typo, nothing corrected.
	if res = search(Request{Query: "vpn disconnects"}); len(res.Parsed.NearWords)+len(res.Parsed.NearAs) != 0 || res.Parsed.Corrected() != "" {
		t.Errorf("vpn disconnects: near %q as %q", res.Parsed.NearWords, res.Parsed.NearAs)
	}
	// Exact: the words as typed, in either order.
	for _, sort := range []string{SortRelevance, SortNewest} {
		res = search(Request{Query: "disconects", Sort: sort, Exact: true})
		if res.Total != 0 || len(res.Parsed.NearWords) != 0 || res.Parsed.Corrected() != "" {
			t.Errorf("exact disconects (%s): %d hits, near %q", sort, res.Total, res.Parsed.NearWords)
		}
	}
	if res = search(Request{Query: "vpn disconects", Exact: true}); !sameSet(hitIDs(res.Hits), []int64{1, 2}) || len(res.Parsed.NearWords) != 0 {
		t.Errorf("exact vpn disconects = %v near %q, want [1 2] by vpn alone", hitIDs(res.Hits), res.Parsed.NearWords)
	}
}

// TestTypoReadsAsTheNearestForm: of the words the questions spell a stem
// with, a typo reads as the one nearest to what was typed, not the
// commonest: "disconects" is "disconnects" though "disconnected" is
// written more often.
func TestTypoReadsAsTheNearestForm(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "VPN disconnected twice", "It disconnected again, and disconnected once more."),
		question(2, "VPN disconnected after the update", "Disconnected since Monday."),
		question(3, "VPN disconnects every hour", "The client disconnects when the laptop sleeps."),
	)
	res, err := ix.Search(context.Background(), Request{Query: "vpn disconects"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Parsed.NearAs, []string{"disconnects"}) || res.Parsed.Corrected() != "vpn disconnects" {
		t.Errorf("vpn disconects: read as %q, corrected %q; want disconnects", res.Parsed.NearAs, res.Parsed.Corrected())
	}
	res, err = ix.Search(context.Background(), Request{Query: "vpn disconected"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Parsed.NearAs, []string{"disconnected"}) {
		t.Errorf("vpn disconected: read as %q, want disconnected", res.Parsed.NearAs)
	}
}

// TestTypoOfAWordWithASuffix: a typo is read as the word questions write,
// a letter away (two from ten letters on; a swap of two letters is one),
// not by its stem: "moderaton" is one letter from "moderation" but four
// from its stem "moder", "electoin" one from "election" but three from
// "elect". Of words as near, the more frequent ("electon" is "election",
// in two questions, rather than "electron", in one, and never the
// "electronics" whose stem "electron" it is one letter from). A word no
// question holds and no word is near enough to is searched as typed. Get
// help and the ask page's similar questions read typos the same way.
func TestTypoOfAWordWithASuffix(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "How does moderation work here?", "Who decides on flags?"),
		question(2, "Moderation queue is empty", "The review tab shows nothing."),
		question(3, "When is the next board election?", "The last election was a year ago."),
		question(4, "Election results are not shown", "Since the election ended."),
		question(5, "Electronics repair questions on topic?", "Is an electron microscope on topic?"),
		question(6, "Electronics shop recommendations", "Cheap electronics."),
		question(7, "Every question shows a blank page", "Since the update."),
		question(8, "What happens to a disputed flag?", "Someone looks at it, so I hear."),
	)
	ctx := context.Background()
	for _, tt := range []struct {
		q, as string
		want  []int64
	}{
		{"moderaton", "moderation", []int64{1, 2}},
		{"moderatoin", "moderation", []int64{1, 2}},
		{"moderatin", "moderation", []int64{1, 2}},
		{"modertion", "moderation", []int64{1, 2}},
		{"electoin", "election", []int64{3, 4}},
		{"electionz", "election", []int64{3, 4}},
		{"electon", "election", []int64{3, 4}},
		{"questoin", "question", []int64{5, 7}},
		{"mderaton", "", nil}, // two letters from moderation: too far for eight letters
		{"keyboard", "", nil}, // a word no question holds, no typo
	} {
		res, err := ix.Search(ctx, Request{Query: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if tt.as == "" {
			if res.Total != 0 || len(res.Parsed.NearWords) != 0 || res.Parsed.Corrected() != "" {
				t.Errorf("%s: %v, near %q as %q; want nothing found, nothing corrected", tt.q, hitIDs(res.Hits), res.Parsed.NearWords, res.Parsed.NearAs)
			}
			continue
		}
		if !slices.Equal(res.Parsed.NearWords, []string{tt.q}) || res.Parsed.Corrected() != tt.as {
			t.Errorf("%s: near %q, corrected %q; want %s", tt.q, res.Parsed.NearWords, res.Parsed.Corrected(), tt.as)
		}
		if got := hitIDs(res.Hits); !sameSet(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.q, got, tt.want)
		}
	}

	hits, err := ix.Suggest(ctx, "moderaton", 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); !sameSet(got, []int64{1, 2}) {
		t.Errorf("Suggest(moderaton) = %v, want [1 2]", got)
	}
	hits, err = ix.Similar(ctx, "How to become a moderaton", "", 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); len(got) == 0 || got[0] != 1 && got[0] != 2 || slices.Contains(got, 8) {
		t.Errorf("Similar(How to become a moderaton) = %v, want a moderation question first, not 8", got)
	}
	hits, err = ix.Similar(ctx, "Next electon date", "", 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); len(got) == 0 || got[0] != 3 && got[0] != 4 || slices.Contains(got, 5) || slices.Contains(got, 6) {
		t.Errorf("Similar(Next electon date) = %v, want an election question first, no electronics", got)
	}
}
