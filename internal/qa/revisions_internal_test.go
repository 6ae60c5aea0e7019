package qa

import (
	"strings"
	"testing"
)

// TestBodyDiffShowsChangedWords checks that an edit of one word shows as
// that word, and that adding a paragraph after a last line without a
// newline does not show the unchanged line as replaced.
func TestBodyDiffShowsChangedWords(t *testing.T) {
	cs := diffLines("Intro line.\nRestart the VPN client after 5 minutes.\nOutro line.\n",
		"Intro line.\nRestart the VPN client after 10 minutes.\nOutro line.\n")
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
	for _, c := range diffLines("First paragraph.", "First paragraph.\n\nSecond paragraph.") {
		if c.Op == "-" || (c.Op == "+" && strings.Contains(c.Text, "First")) {
			t.Errorf("an added paragraph shows the first one changed: %+v", c)
		}
	}
	// Whole lines that were only added or removed stay whole.
	if cs := diffLines("a\nb\n", "a\nb\nc\n"); len(cs) != 2 || cs[1] != (Change{Op: "+", Text: "c\n"}) {
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
		for _, c := range diffLines(tc.a, tc.b) {
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
