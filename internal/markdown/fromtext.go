package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
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
	b := make([]byte, 0, len(l)+8)
	switch l[0] {
	case '#', '-', '+', '=', ':':
		b = append(b, '\\')
	}
	// "1." or "1)" starts an ordered list: escape the mark after the digits.
	digits := 0
	for digits < len(l) && digits < 10 && l[digits] >= '0' && l[digits] <= '9' {
		digits++
	}
	var w uncWords
	for i := 0; i < len(l); i++ {
		if i == 0 || l[i-1] == ' ' || l[i-1] == '\t' {
			if n := linkLen(l[i:]); n > 0 { // linked as typed: escapes would cut the address
				b = append(b, l[i:i+n]...)
				i += n - 1
				continue
			}
		}
		c := l[i]
		if c == '\\' && uncStartsAt(l, i) {
			var n int
			b, n = w.escape(b, l, i)
			i += n - 1
			continue
		}
		if strings.IndexByte(inlineSpecial, c) >= 0 || i == digits && digits > 0 && (c == '.' || c == ')') {
			b = append(b, '\\')
		}
		b = append(b, c)
	}
	return string(b)
}

// uncWords is what escapeLine keeps to write the backslashes that start a
// word (see escape) in time linear in the line's length.
type uncWords struct {
	seen      int // bytes of the output looked at
	wordStart int // where the output's last word starts
	lastSlash int // the output's last backslash, +1 (0: none)
	noRawTo   int // no path is written as typed before this byte of the line
}

// escape appends to b the text backslash at byte i of the line l, which
// starts a word, and returns b and how many bytes of l it took. A Windows
// share's path there is written as typed (the renderer keeps it, see
// unc.go) unless the same word goes on with a character escapeLine
// escapes, whose backslash would join the path. Otherwise the backslash is
// escaped, and when the escapes after it would make a path of it
// ("\\a\\_b" for the text "\a_b"), the word start is broken: the
// character before, punctuation, is escaped too (unless the word holds a
// backslash already, which the new one could make a path of), or the
// backslash is written as its entity (which, after punctuation, an address
// just before could take in: the word then holds no backslash).
func (w *uncWords) escape(b []byte, l string, i int) ([]byte, int) {
	rest := l[i:]
	if i >= w.noRawTo {
		n, end := uncScan(rest)
		if n > 0 && !specialInWord(rest[n:]) {
			return append(b, rest[:n]...), n
		}
		// A path from a later backslash of these characters ends where
		// this one does: it is not written as typed either.
		w.noRawTo = i + end
	}
	for ; w.seen < len(b); w.seen++ {
		switch b[w.seen] {
		case ' ', '\t':
			w.wordStart = w.seen + 1
		case '\\':
			w.lastSlash = w.seen + 1
		}
	}
	switch {
	case !escapesMakeUNC(rest[1:]):
	case i > 0 && util.IsPunct(l[i-1]) && b[len(b)-1] == l[i-1] && w.lastSlash <= w.wordStart:
		b = append(b[:len(b)-1], '\\', l[i-1])
	default:
		return append(b, "&#92;"...), 1
	}
	return append(b, '\\', '\\'), 1
}

// specialInWord reports whether s holds a character of inlineSpecial
// before its first white space.
func specialInWord(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			return false
		case r < utf8.RuneSelf && strings.IndexByte(inlineSpecial, byte(r)) >= 0:
			return true
		}
	}
	return false
}

// escapesMakeUNC reports whether "\\" and s escaped by escapeLine start a
// UNC path (uncLen): a host name, or "?" or ".", followed by a character
// escapeLine escapes ("_" among them, which ends the host name there).
func escapesMakeUNC(s string) bool {
	if s == "" {
		return false
	}
	j := 0
	switch r, size := utf8.DecodeRuneInString(s); {
	case r == '?' || r == '.':
		j = size
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !uncHostRune(r) || r == '_' {
				break
			}
			j += size
		}
	default:
		return false
	}
	return j < len(s) && strings.IndexByte(inlineSpecial, s[j]) >= 0
}

// uncStartsAt reports whether a UNC path at byte i of the line l would
// start a word once the line is escaped: at its start, or after a character
// uncWordStart allows that escapeLine leaves unescaped.
func uncStartsAt(l string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(l[:i])
	return uncWordStart(r) && (r >= utf8.RuneSelf || strings.IndexByte(inlineSpecial, byte(r)) < 0)
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
