package text_test

import (
	"strings"
	"testing"

	"stackdesk/internal/text"
)

// TestTags accepts tag names in any script, as lower case, and refuses
// what would read as something else: a leading '-' (search's "without"),
// spaces, upper case, punctuation.
func TestTags(t *testing.T) {
	for in, want := range map[string]string{
		"VPN": "vpn", " Bürodrucker ": "bürodrucker", "u\u0308ber": "über", "c#": "c#", "c++": "c++",
		".net": ".net", "windows-11": "windows-11", "принтер": "принтер", "打印机": "打印机",
		"１２３": "123", "ﬁle": "file", "ＶＰＮ": "vpn", "Ⅻ": "xii",
	} {
		if got := text.NormalizeTag(in); got != want || !text.ValidTag(got) {
			t.Errorf("%q: %q (valid %v), want %q", in, got, text.ValidTag(got), want)
		}
	}
	for _, bad := range []string{"", ".", "..", "+", "#.", "-vpn", "two words", "a/b", "a_b", "a,b", "Ä", "\u0308x", strings.Repeat("x", text.TagMaxLen+1),
		"tag\x00", "\xff"} {
		if text.ValidTag(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	if !text.ValidTag(strings.Repeat("ü", text.TagMaxLen)) {
		t.Error("the limit counts bytes, not characters")
	}
}

// TestTagPrefixes: the start of any tag is a prefix, also before its first
// letter or digit (".", "c+"), while what no tag starts with is not.
func TestTagPrefixes(t *testing.T) {
	for _, ok := range []string{".", "..", "+", "c+", "c#", "v", "vpn", "vpn-", "bü", "打印", strings.Repeat("x", text.TagMaxLen)} {
		if !text.ValidTagPrefix(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "-", "-v", "V", "a b", "a/b", "a_b", "\u0308", "tag\x00", "\xff", strings.Repeat("x", text.TagMaxLen+1)} {
		if text.ValidTagPrefix(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestNormalizeTagTwice: a character whose form KC starts with a space
// (the spacing accents "¨", "´", "¯") leaves no space at the start of the
// name, so normalising a normalised name changes nothing.
func TestNormalizeTagTwice(t *testing.T) {
	for in, want := range map[string]string{"¨": "\u0308", "´x": "\u0301x", "¯\\_(ツ)_/¯": "\u0304\\_(ツ)_/ \u0304", "x¨": "x \u0308", " vpn\u00a0": "vpn"} {
		got := text.NormalizeTag(in)
		if got != want || text.NormalizeTag(got) != got {
			t.Errorf("NormalizeTag(%q) = %q, again %q, want %q", in, got, text.NormalizeTag(got), want)
		}
	}
}
