package markdown

import (
	"strings"
)

// FromText returns Markdown that Render shows as the plain text plain, as
// it was typed (a hotline ticket's text becoming a question): every
// character Markdown or HTML would read as markup is escaped with a
// backslash, a line break stays a line break, and blank lines separate
// paragraphs. White space at the start and end of a line is left out (HTML
// would not show it, and four spaces would make a code block).
func FromText(plain string) string {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(plain, "\r\n", "\n"), "\r", "\n"), "\n")
	for i, l := range lines {
		lines[i] = escapeLine(strings.Trim(l, " \t"))
	}
	var b strings.Builder
	b.Grow(len(plain) + len(plain)/8)
	blank := false // a blank line is owed before the next text
	for i, l := range lines {
		if l == "" {
			blank = b.Len() > 0
			continue
		}
		if blank {
			b.WriteString("\n\n")
			blank = false
		} else if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(l)
		if i+1 < len(lines) && lines[i+1] != "" {
			// A hard line break. Not a backslash: goldmark reads "\\\" at
			// a line's end as an escaped backslash and no break.
			b.WriteString("  ")
		}
	}
	return b.String()
}

// inlineSpecial are the characters escaped wherever they stand: those that
// start or end emphasis, code, links, HTML, entities, strikethrough and
// table cells, and the escape character itself.
const inlineSpecial = "\\`*_[]<>&~|"

// escapeLine escapes one trimmed line of text: inlineSpecial everywhere,
// and at the line's start what would begin a block (a heading, a list item,
// a setext underline, a thematic break).
func escapeLine(l string) string {
	if l == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(l) + 8)
	switch l[0] {
	case '#', '-', '+', '=', ':':
		b.WriteByte('\\')
	}
	// "1." or "1)" starts an ordered list: escape the mark after the digits.
	digits := 0
	for digits < len(l) && digits < 10 && l[digits] >= '0' && l[digits] <= '9' {
		digits++
	}
	for i := 0; i < len(l); i++ {
		if i == 0 || l[i-1] == ' ' || l[i-1] == '\t' {
			if n := linkLen(l[i:]); n > 0 { // linked as typed: escapes would cut the address
				b.WriteString(l[i : i+n])
				i += n - 1
				continue
			}
		}
		c := l[i]
		if strings.IndexByte(inlineSpecial, c) >= 0 || i == digits && digits > 0 && (c == '.' || c == ')') {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// linkLen is the length of the web address s starts with, as the renderer
// links it, without the marks at its end that could be read as Markdown or
// as the sentence's punctuation (those are escaped as text); 0 if none.
func linkLen(s string) int {
	m := linkURL.FindStringIndex(s)
	if m == nil {
		m = linkWWW.FindStringIndex(s)
	}
	if m == nil {
		return 0
	}
	u := s[:m[1]]
	if strings.ContainsAny(u, "<>\\`*~|[]") {
		return 0 // marks Markdown might read even inside: the address is escaped as text
	}
	alnum := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }
	for {
		u = strings.TrimRightFunc(u, func(r rune) bool { return !alnum(r) && r != '/' })
		// "&copy" at the end, with the ";" after it, would be read as an entity.
		i := strings.LastIndexByte(u, '&')
		if i < 0 || strings.IndexFunc(u[i+1:], func(r rune) bool { return !alnum(r) && r != '#' }) >= 0 {
			return len(u)
		}
		u = u[:i]
	}
}
