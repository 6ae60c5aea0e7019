package web

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// isolate keeps user text that goes into a sentence ("Role of NAME
// changed") in a direction of its own, so that a right-to-left name does
// not carry the words or numbers beside it to its side. It wraps the text
// in U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE, the
// plain-text form of <bdi>, which works inside translated messages. Only
// text with a right-to-left character is wrapped: in our left-to-right
// pages other text shows the same without, and needs no invisible
// characters that a copy would carry along. One-line user text cannot hold
// these characters (internal/text refuses them), so nothing typed can end
// the isolate early.
func isolate(s string) string {
	if !rightToLeft(s) {
		return s
	}
	return "\u2068" + s + "\u2069"
}

// rightToLeft reports whether s holds a character written right to left:
// a Hebrew or Arabic letter, or an Arabic digit.
func rightToLeft(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.AN:
			return true
		}
	}
	return false
}

// marked escapes user text shown as typed, outside Markdown (a ticket's
// text and its answer, notes, excerpts, diffs of a post's source), and
// shows the bidirectional overrides and embeddings in it (U+202A..U+202E)
// as marks, as internal/markdown does in posts: "report\u202Efdp.exe"
// cannot read as "reportexe.pdf". The element around it isolates (dir),
// so nothing outside it turns; isolates and the marks U+200E and U+200F
// stay, for right-to-left writing.
func marked(s string) template.HTML {
	var b strings.Builder
	for {
		i := strings.IndexFunc(s, bidiOverride)
		if i < 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(template.HTMLEscapeString(s[:i]))
		fmt.Fprintf(&b, `<span class="bidi-mark">U+%04X</span>`, r)
		s = s[i+size:]
	}
	b.WriteString(template.HTMLEscapeString(s))
	return template.HTML(b.String())
}

// bidiOverride reports whether r is an embedding or override (U+202A LRE,
// U+202B RLE, U+202D LRO, U+202E RLO) or their end (U+202C PDF).
func bidiOverride(r rune) bool {
	return r >= 0x202A && r <= 0x202E
}
