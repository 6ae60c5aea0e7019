package text

import "golang.org/x/text/unicode/bidi"

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
