package text

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// Isolate keeps user text that goes into a sentence ("Role of NAME
// changed", "NAME holds this ticket") in a direction of its own, so that a
// right-to-left name does not carry the words or numbers beside it to its
// side. It wraps the text in U+2068 FIRST STRONG ISOLATE and U+2069 POP
// DIRECTIONAL ISOLATE, the plain-text form of <bdi>, which works inside
// translated messages, pages and JSON alike. Only text with a right-to-left
// character is wrapped: in left-to-right text other text shows the same
// without, and needs no invisible characters that a copy would carry
// along. One-line user text cannot hold these characters (Check refuses
// them), so nothing typed can end the isolate early.
func Isolate(s string) string {
	if !RightToLeft(s) {
		return s
	}
	return "\u2068" + s + "\u2069"
}

// RightToLeft reports whether s holds a character written right to left:
// a Hebrew or Arabic letter, or an Arabic digit.
func RightToLeft(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.AN:
			return true
		}
	}
	return false
}

// BidiOverride reports whether r is a bidirectional embedding or override
// (U+202A LRE, U+202B RLE, U+202D LRO, U+202E RLO) or their end (U+202C
// PDF): the controls that make a word read as another up to the end of its
// paragraph ("report\u202Efdp.exe" shows as "reportexe.pdf"). Isolates
// (U+2066..U+2069) reorder only the text inside them, and the marks U+200E
// and U+200F only give neutral characters a direction; right-to-left
// writers use both, and Isolate puts isolates around names.
func BidiOverride(r rune) bool {
	return r >= 0x202A && r <= 0x202E
}

// MarkBidi is plain text (an e-mail's subject and body, a mailto link) with
// each embedding and override in it (BidiOverride) written as a visible
// mark, "[U+202E]", in place of the character, as pages show them (a
// "bidi-mark" span): "Papierstau \u202Etxt.exe" cannot show in a mail
// client as "Papierstau exe.txt". Text without them comes back as it is.
func MarkBidi(s string) string {
	if !strings.ContainsFunc(s, BidiOverride) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexFunc(s, BidiOverride)
		if i < 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		fmt.Fprintf(&b, "%s[U+%04X]", s[:i], r)
		s = s[i+size:]
	}
	b.WriteString(s)
	return b.String()
}
