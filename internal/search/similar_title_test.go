package search

import (
	"context"
	"slices"
	"testing"
)

// TestSimilarNeedsHalfTheTitle: the Ask page's suggestions share at least
// half of the title's words and one of its specific ones, as Get help's
// do: a title that shares only a common word with a question does not list
// it (fewer suggestions rather than unrelated ones); a typo of a word is
// read as the word. (With a body the rule is looser, see titleRule: the
// duplicates eval in searcheval holds it to its recall.)
func TestSimilarNeedsHalfTheTitle(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Beamer im Konferenzraum zeigt kein Bild", "Der Beamer bleibt schwarz, das Kabel steckt."),
		question(2, "OneDrive zeigt Dateien doppelt an", "Nach dem Update sind alle Dateien zweimal da."),
		question(3, "VPN does not connect from hotel Wi-Fi with a login page", "The hotel login page never shows."),
		question(4, "Printer prints blank pages", "Only white sheets come out of the printer.", accepted("Replace the toner.", 2)),
		question(5, "Printer toner empty", "Where do I get toner?"),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	similar := func(title, body string) []int64 {
		t.Helper()
		hits, err := ix.Similar(ctx, title, body, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(hits)
	}
	if got := similar("Drucker im dritten Stock zeigt Fehler 59", ""); len(got) != 0 {
		t.Errorf("a title sharing only zeigt lists %v, want nothing", got)
	}
	if got := similar("Der Beamer im Konferenzraum zeigt nichts", ""); !slices.Equal(got, []int64{1}) {
		t.Errorf("Similar(beamer) = %v, want only the beamer question", got)
	}
	for _, title := range []string{"printer prints blank pages", "pritner prints blank pages"} {
		if got := similar(title, ""); len(got) == 0 || got[0] != 4 || slices.Contains(got, 3) {
			t.Errorf("Similar(%q) = %v, want 4 first and not the VPN question (3, login page)", title, got)
		}
	}
	if got := similar("pritner jammed", ""); !sameSet(got, []int64{4, 5}) {
		t.Errorf("Similar(pritner jammed) = %v, want the printer questions (a typo of printer)", got)
	}
	// A title the site mostly has never heard of lists nothing.
	if got := similar("quxbaz zorblat flimflam printer", ""); len(got) != 0 {
		t.Errorf("Similar(mostly unknown words) = %v, want nothing", got)
	}
}
