package qa

import (
	"strings"
	"testing"

	"stackdesk/internal/errs"
	"stackdesk/internal/text"
)

// FuzzTagLine checks the tags of a question as typed in a form ("vpn,
// Windows-11"): SplitTags and normalizeTags never panic; what they accept
// is 1 to TagsMax tags, each normalised (normalising it again changes
// nothing), valid, without letters piled with marks, and there once, and
// the same tags typed again as they came out are accepted as they are;
// what they refuse is a "tags" field error. The seed corpus runs in every
// go test.
func FuzzTagLine(f *testing.F) {
	for _, s := range []string{
		"", "vpn", "vpn, Windows-11", "VPN vpn ＶＰＮ", "a b c d e f", "c# c++ .net", "-x", ".", "bürodrucker; हिन्दी\tपढ़ें",
		"x\u0301\u0301\u0301\u0301\u0301", "¨ vpn", "a\x00", "\xff", strings.Repeat("a", 36), "ﬁle Ⅻ １２３", " , ; ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var fs errs.Fields
		tags := normalizeTags(SplitTags(line), &fs)
		if len(fs) > 0 {
			for _, e := range fs {
				if e.Field != "tags" {
					t.Fatalf("%q: error on field %q", line, e.Field)
				}
			}
			return
		}
		if len(tags) < TagsMin || len(tags) > TagsMax {
			t.Fatalf("%q: %d tags accepted", line, len(tags))
		}
		seen := map[string]bool{}
		for _, tag := range tags {
			if seen[tag] || !text.ValidTag(tag) || text.NormalizeTag(tag) != tag || text.StackedMarks(tag) {
				t.Fatalf("%q: tag %q of %q accepted", line, tag, tags)
			}
			seen[tag] = true
		}
		var again errs.Fields
		if out := normalizeTags(SplitTags(strings.Join(tags, " ")), &again); len(again) > 0 || strings.Join(out, " ") != strings.Join(tags, " ") {
			t.Fatalf("%q: %q typed again gives %q, %v", line, tags, out, again)
		}
	})
}
