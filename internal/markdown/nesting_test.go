package markdown

import (
	"strings"
	"testing"
)

// TestLimitNesting checks the pre-parse bound on container prefixes.
func TestLimitNesting(t *testing.T) {
	q := func(n int) string { return strings.Repeat("> ", n) }
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "ordinary post unchanged", in: samplePost, want: samplePost},
		{name: "at the cap unchanged", in: q(64) + "x", want: q(64) + "x"},
		{name: "quote marker past the cap escaped", in: q(66) + "x", want: q(64) + `\> > x`},
		{name: "unspaced quote markers", in: strings.Repeat(">", 70), want: strings.Repeat(">", 64) + `\` + strings.Repeat(">", 6)},
		{name: "bullet past the cap escaped", in: strings.Repeat("- ", 65) + "x", want: strings.Repeat("- ", 64) + `\- x`},
		{name: "ordered marker past the cap escaped", in: strings.Repeat("1. ", 65) + "x", want: strings.Repeat("1. ", 64) + `1\. x`},
		{name: "other lines untouched", in: "a\n" + q(65) + "\nb", want: "a\n" + q(64) + `\> ` + "\nb"},
		{name: "wide indentation cut", in: strings.Repeat(" ", 300) + "- x", want: strings.Repeat(" ", maxIndent) + "- x"},
		{name: "wide tab indentation cut", in: strings.Repeat("\t", 70) + "x", want: strings.Repeat("\t", maxIndent/4) + "x"},
		{name: "text after the prefix kept", in: q(65) + "  a    b", want: q(64) + `\>   a    b`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := limitNesting(tc.in); got != tc.want {
				t.Errorf("limitNesting(%.40q…) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
