package web

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"
)

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
