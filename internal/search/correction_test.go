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
// is the query so searched. A word read as a term no stored text shows
// within reach has no such word, and the query no corrected form. Exact
// searches the words as typed.
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
