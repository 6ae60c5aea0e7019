package text

import "testing"

func TestLineEnds(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"one\ntwo":         "one\ntwo",
		"one\r\ntwo\r\n":   "one\ntwo\n",
		"old mac\rstyle":   "old mac\nstyle",
		"mixed\r\n\r\rx\n": "mixed\n\n\nx\n",
	} {
		if got := LineEnds(in); got != want {
			t.Errorf("LineEnds(%q) = %q, want %q", in, got, want)
		}
	}
}
