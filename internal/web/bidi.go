package web

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"stackdesk/internal/text"
)

// marked escapes user text shown as typed, outside Markdown (a ticket's
// text and its answer, notes, excerpts, diffs of a post's source), and
// shows the bidirectional overrides and embeddings in it (U+202A..U+202E)
// as marks, as internal/markdown does in posts: "report\u202Efdp.exe"
// cannot read as "reportexe.pdf". The element around it isolates (dir),
// so nothing outside it turns; isolates and the marks U+200E and U+200F
// stay, for right-to-left writing. Plain-text mails mark the same
// characters (text.MarkBidi).
func marked(s string) template.HTML {
	var b strings.Builder
	for {
		i := strings.IndexFunc(s, text.BidiOverride)
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
