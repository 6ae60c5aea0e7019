package web

import (
	"html/template"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// questionRefRE finds a same-site question address in a flag's note, such
// as "Duplicate of /questions/66": a path, at the start or after a space
// or an opening bracket or quote, never part of another site's address.
var questionRefRE = regexp.MustCompile(`(?:^|[\s(“"'])(/questions/[0-9]{1,18})`)

// linkQuestions writes a flag's note as text (escaped, its bidi controls
// shown as marked does) with each same-site /questions/N reference a link
// to that question, so a moderator follows "Duplicate of /questions/66"
// with a click. Nothing else of the note becomes markup.
func linkQuestions(s string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range questionRefRE.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
			continue // a number too long to be an id, or running into a word ("/questions/1abc")
		}
		b.WriteString(string(marked(s[last:start])))
		ref := s[start:end]
		b.WriteString(`<a href="` + template.HTMLEscapeString(ref) + `">` + template.HTMLEscapeString(ref) + `</a>`)
		last = end
	}
	b.WriteString(string(marked(s[last:])))
	return template.HTML(b.String())
}
