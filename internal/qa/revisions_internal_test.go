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
}
