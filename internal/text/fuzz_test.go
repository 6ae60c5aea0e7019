package text_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"stackdesk/internal/text"
)

// FuzzTag checks tag names as users type them: NormalizeTag never panics
// and normalising its result again changes nothing; a name ValidTag
// accepts holds what the README's tag rules allow (1 to 35 lower-case
// letters of any script, digits, marks, + # . -, a letter or digit, not
// starting with '-' or a mark), and each of its starts is a prefix
// ValidTagPrefix accepts, as the tag suggestions ask. The seed corpus runs
// in every go test.
func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"", "vpn", "VPN", " Bürodrucker ", "u\u0308ber", "c#", "c++", ".net", "windows-11", "-x", "x-", "принтер",
		"打印机", "हिन्दी", "पढ़ें", "tiếng", "１２３", "ﬁle", "ＶＰＮ", "Ⅻ", "İstanbul", "ß", "ẞ", "ǅ", "ﬀ", "¨", "´x", "\u00a0x",
		"x\u0301\u0301\u0301\u0301\u0301", "\u0301x", "a b", "a\x00", "\xff", strings.Repeat("a", 35), strings.Repeat("a", 36),
		strings.Repeat("ﬃ", 12), "㎒", "℡", "ǈ", "\u2126", "\u212a",
	} {
		f.Add(s)
	}
	for _, s := range badInput(f, 8) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := text.NormalizeTag(s)
		if again := text.NormalizeTag(n); again != n {
			t.Fatalf("NormalizeTag(%q) = %q, again %q", s, n, again)
		}
		if !text.ValidTag(n) {
			return
		}
		if !utf8.ValidString(n) || utf8.RuneCountInString(n) > text.TagMaxLen {
			t.Fatalf("tag %q: invalid UTF-8 or longer than %d", n, text.TagMaxLen)
		}
		word := false
		for i, r := range n {
			switch {
			case unicode.IsUpper(r) || unicode.IsTitle(r):
				t.Fatalf("tag %q: upper case %q", n, r)
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				word = true
			case r == '+' || r == '#' || r == '.':
			case (r == '-' || unicode.IsMark(r)) && i > 0:
			default:
				t.Fatalf("tag %q: %q at %d is not allowed", n, r, i)
			}
		}
		if !word {
			t.Fatalf("tag %q has no letter or digit", n)
		}
		for i := range n {
			if i > 0 && !text.ValidTagPrefix(n[:i]) {
				t.Fatalf("tag %q: its start %q is no ValidTagPrefix", n, n[:i])
			}
		}
	})
}

// FuzzCheck checks Check, which every typed text passes: it never panics;
// what it accepts is valid UTF-8 without control characters (tabs and line
// ends aside in multi-line text), without direction overrides or piled-up
// marks in one-line text, at most max characters once trimmed, and shows
// something when a minimum is asked; what it refuses has a field.text
// message. LineEnds leaves no CR and is idempotent. The seed corpus runs in
// every go test.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"", " ", "Printer offline", "a\tb\nc\r\nd", "\x00", "\xff", "a\u0085b", "\u202eabc", "\u2066x\u2069",
		"\u200b\u200b", "\u3164", "x\u0301\u0301\u0301\u0301\u0301", "打印机无法连接网络", " \u00a0x\u3000", "\u0301",
		strings.Repeat("a", 200), "\r", "\r\r\n",
	} {
		f.Add(s, uint8(1), uint8(50), false)
		f.Add(s, uint8(0), uint8(20), true)
	}
	for _, s := range badInput(f, 8) {
		f.Add(s, uint8(3), uint8(100), false)
	}
	f.Fuzz(func(t *testing.T, s string, min, max uint8, multiline bool) {
		p, ok := text.Check(s, int(min), int(max), multiline)
		if le := text.LineEnds(s); strings.Contains(le, "\r") || text.LineEnds(le) != le {
			t.Fatalf("LineEnds(%q) = %q", s, le)
		}
		if !ok {
			if !strings.HasPrefix(p.ID, "field.text.") || p.Text == "" {
				t.Fatalf("Check(%q) refused with %+v", s, p)
			}
			return
		}
		if !utf8.ValidString(s) || text.HasControl(s, multiline) {
			t.Fatalf("Check accepted %q: invalid UTF-8 or a control character", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) && !(multiline && (r == '\t' || r == '\n' || r == '\r')) {
				t.Fatalf("Check accepted %q with control %q", s, r)
			}
			if !multiline && text.BidiOverride(r) {
				t.Fatalf("Check accepted one-line %q with override %q", s, r)
			}
		}
		if !multiline && text.StackedMarks(s) {
			t.Fatalf("Check accepted one-line %q with piled-up marks", s)
		}
		trimmed := strings.TrimSpace(s)
		if utf8.RuneCountInString(trimmed) > int(max) {
			t.Fatalf("Check accepted %q of more than %d characters", s, max)
		}
		if min > 0 && !text.Shows(trimmed) {
			t.Fatalf("Check accepted %q, which shows nothing, with minimum %d", s, min)
		}
	})
}

// badInput returns every nth line of the shared Big List of Naughty
// Strings and XSS list, or nothing when the shared data is missing.
func badInput(t testing.TB, every int) []string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range []string{"blns.txt", "xss-dev.txt"} {
		b, err := os.ReadFile(filepath.Join(wd, "..", "..", "..", "shared", "data", "bad-input", name))
		if err != nil {
			continue
		}
		for i, l := range strings.Split(string(b), "\n") {
			if i%every == 0 && l != "" && !strings.HasPrefix(l, "#") {
				out = append(out, l)
			}
		}
	}
	return out
}
