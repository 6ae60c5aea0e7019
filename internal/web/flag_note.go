package web

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// questionRefRE finds a same-site question address in a flag's note, such
// as "Duplicate of /questions/66": a path, at the start or after a space
// or an opening bracket or quote, never part of another site's address.
var questionRefRE = regexp.MustCompile(`(?:^|[\s(“"'])(/questions/([0-9]{1,18}))`)

// noteRef is a /questions/N address in a note: where it stands, and N.
type noteRef struct {
	start, end int
	id         int64
}

// noteRefs finds the /questions/N addresses of a note whose number
// ends the address: one that runs into letters, digits or other word
// characters ("/questions/1abc") is no question's address.
func noteRefs(s string) []noteRef {
	var out []noteRef
	for _, m := range questionRefRE.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2], m[3]
		if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
			continue
		}
		id, err := strconv.ParseInt(s[m[4]:m[5]], 10, 64)
		if err != nil {
			continue // past int64: no question's id
		}
		out = append(out, noteRef{start, end, id})
	}
	return out
}

// linkQuestions writes a flag's note as text (escaped, its bidi controls
// shown as marked does) with each same-site /questions/N reference a link
// to that question, so a moderator follows "Duplicate of /questions/66"
// with a click. The link reads as the question's title where titles holds
// it (a live question), else as the address typed. Nothing else of the
// note becomes markup.
func linkQuestions(s string, titles map[int64]string) template.HTML {
	var b strings.Builder
	last := 0
	for _, ref := range noteRefs(s) {
		b.WriteString(string(marked(s[last:ref.start])))
		path := s[ref.start:ref.end]
		if title, ok := titles[ref.id]; ok && title != "" {
			b.WriteString(`<a href="` + template.HTMLEscapeString(path) + `" dir="auto">` + string(marked(title)) + `</a>`)
		} else {
			b.WriteString(`<a href="` + template.HTMLEscapeString(path) + `">` + template.HTMLEscapeString(path) + `</a>`)
		}
		last = ref.end
	}
	b.WriteString(string(marked(s[last:])))
	return template.HTML(b.String())
}
