package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, respects its limits, returns
// clean strings, and that String round-trips. The seed corpus runs in
// every go test.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "vpn", `"exact phrase" word -excluded`, `-"excluded phrase"`, "[tag] tag:name -[x]",
		"is:question is:answered is:accepted is:unanswered", "user:12 score:-3 answers:2",
		"created:>2024-01-01 created:<2024-02-01 created:2024-05-05 closed:yes closed:no",
		`"unclosed`, `-"unclosed`, "[unclosed", "[a][b]", "a:b:c", "*a*a*a*", "/.*.*.*/",
		"\x00\x01\x7f\u200b\u202e", "\xff\xfe", strings.Repeat("x", 1100), strings.Repeat("a ", 40),
		`„German“ «French»`, "- -- --x", `-"[vpn]"`, "tag: [] [ ]", "score:1e9 score:+5",
		"-is:answered -is:unanswered -is:accepted -is:question -is:", "-tag:x -tag: -[a][b] -closed:yes -closed:no -closed:maybe",
		"-user:ada -user:12 -score:3 -answers:2 -created:>2024-01-01 -created:", "-IS:Accepted -Closed:NO -TAG:VPN -foo:bar --is:accepted",
		"is:accepted -is:accepted [x] -[x] closed:yes -closed:yes", `-"is:answered" -"Tag:x" -"user:ada"`, strings.Repeat("-tag:t ", 40),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		all := append(append(append(append(append([]string{}, q.Words...), q.Phrases...), q.Excluded...), q.Tags...), q.ExcludedTags...)
		terms := len(q.Words) + len(q.Excluded) + len(q.Tags) + len(q.ExcludedTags)
		for _, p := range q.Phrases {
			terms += len(strings.Fields(p))
		}
		if terms > maxQueryTerms {
			t.Fatalf("%d terms", terms)
		}
		runes := 0
		for _, x := range all {
			runes += utf8.RuneCountInString(x)
			if x == "" || !utf8.ValidString(x) {
				t.Fatalf("bad string %q", x)
			}
			for _, r := range x {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("control character in %q", x)
				}
			}
		}
		if runes > maxQueryRunes {
			t.Fatalf("%d runes", runes)
		}
		again := Parse(q.String())
		q.Truncated, again.Truncated = false, false
		q.Ignored = nil
		if !reflect.DeepEqual(q, again) {
			t.Fatalf("round trip of %q via %q:\n %+v\n %+v", s, q.String(), q, again)
		}
	})
}
