package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestBodyDiffShowsChangedWords checks that an edit of one word shows as
// that word, and that adding a paragraph after a last line without a
// newline does not show the unchanged line as replaced.
func TestBodyDiffShowsChangedWords(t *testing.T) {
	cs := diffLines("Intro line.\nRestart the VPN client after 5 minutes.\nOutro line.\n",
		"Intro line.\nRestart the VPN client after 10 minutes.\nOutro line.\n", &unbounded)
	var del, ins []string
	for _, c := range cs {
		switch c.Op {
		case "-":
			del = append(del, c.Text)
		case "+":
			ins = append(ins, c.Text)
		}
	}
	if strings.Join(del, "|") != "5" || strings.Join(ins, "|") != "10" {
		t.Errorf("one word changed: deleted %q, inserted %q (%+v)", del, ins, cs)
	}
	for _, c := range diffLines("First paragraph.", "First paragraph.\n\nSecond paragraph.", &unbounded) {
		if c.Op == "-" || (c.Op == "+" && strings.Contains(c.Text, "First")) {
			t.Errorf("an added paragraph shows the first one changed: %+v", c)
		}
	}
	// Whole lines that were only added or removed stay whole.
	if cs := diffLines("a\nb\n", "a\nb\nc\n", &unbounded); len(cs) != 2 || cs[1] != (Change{Op: "+", Text: "c\n"}) {
		t.Errorf("added line: %+v", cs)
	}
	// Words change whole, not letter by letter.
	for _, tc := range []struct{ a, b, del, ins string }{
		{"The VPN drops every hour.", "The VPN disconnects every hour.", "drops", "disconnects"},
		{"Install version 6.1 first.", "Install version 6.2 first.", "6.1", "6.2"},
		{"Ask für Hilfe", "Ask für Hülfe", "Hilfe", "Hülfe"},
		{"1,000 EUR (about 6,1 %) at 10:30", "1,500 EUR (about 6,2 %) at 10:45", "1,000|6,1|10:30", "1,500|6,2|10:45"},
		{"red,green", "red,blue", "green", "blue"},
	} {
		var del, ins []string
		for _, c := range diffLines(tc.a, tc.b, &unbounded) {
			switch c.Op {
			case "-":
				del = append(del, c.Text)
			case "+":
				ins = append(ins, c.Text)
			}
		}
		if strings.Join(del, "|") != tc.del || strings.Join(ins, "|") != tc.ins {
			t.Errorf("%q to %q: deleted %q, inserted %q; want %q, %q", tc.a, tc.b, del, ins, tc.del, tc.ins)
		}
	}
}

// FuzzDiffWords checks that a word diff gives back both texts.
func FuzzDiffWords(f *testing.F) {
	f.Add("Restart the VPN client after 5 minutes.", "Restart the VPN client after 10 minutes!")
	f.Add("6.1 e-mail don't", "6.2 email do not")
	f.Fuzz(func(t *testing.T, a, b string) {
		var old, new strings.Builder
		for _, c := range diffWords(a, b) {
			if c.Op != "+" {
				old.WriteString(c.Text)
			}
			if c.Op != "-" {
				new.WriteString(c.Text)
			}
		}
		if old.String() != a || new.String() != b {
			t.Errorf("diff of %q and %q gives back %q and %q", a, b, old.String(), new.String())
		}
	})
}

// unbounded is a word-diff budget no test's texts exhaust.
var unbounded = 1 << 40

// TestHistoryWordDiffsHaveABudget: a revision history compares replaced
// lines word by word only within its budget, the newest revisions first;
// past it, replaced lines show whole (deleted, then added), so a history of
// many long rewrites costs a bounded amount of word diffing.
func TestHistoryWordDiffsHaveABudget(t *testing.T) {
	budget := 100
	cs := diffLines("keep\nthe old line of text\n", "keep\nthe new line of text\n", &budget)
	if budget == 100 || !slices.Contains(cs, Change{Op: "-", Text: "old"}) {
		t.Errorf("within the budget: %+v, budget %d", cs, budget)
	}
	budget = 10
	cs = diffLines("keep\nthe old line of text\n", "keep\nthe new line of text\n", &budget)
	if budget != 10 || len(cs) != 3 || cs[1] != (Change{Op: "-", Text: "the old line of text\n"}) ||
		cs[2] != (Change{Op: "+", Text: "the new line of text\n"}) {
		t.Errorf("past the budget: %+v, budget %d", cs, budget)
	}

	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := &Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		// Seven revisions, each changing every seventh word of one
		// paragraph of 9 KB, so each comparison takes 18 KB of the
		// history's 60 KB budget: three fit.
		var bodies []string
		for v := range 7 {
			var b strings.Builder
			b.WriteString("The VPN client log follows.\n\n")
			for i := 0; b.Len() < 9000; i++ {
				if i%7 == 0 {
					fmt.Fprintf(&b, "v%dw%d ", v, i)
				} else {
					fmt.Fprintf(&b, "w%d ", i)
				}
			}
			bodies = append(bodies, b.String())
		}
		id := historyPost(t, s, ada, "A long log of the VPN client rewritten", bodies)
		revs, err := s.Revisions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var words []int // revisions whose rewritten paragraph was compared word by word
		for _, r := range revs {
			if r.Revision > 1 && len(r.BodyDiff) > 3 {
				words = append(words, r.Revision)
			}
		}
		if want := []int{7, 6, 5}; !slices.Equal(words, want) {
			t.Errorf("revisions compared word by word: %v, want %v (the newest, within the budget)", words, want)
		}
	})
}
