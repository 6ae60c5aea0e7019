// Package text checks user-typed strings: length in characters, valid UTF-8
// and no control characters, with messages the user can act on.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Problem is a validation message id, its English text and its data.
type Problem struct {
	ID   string
	Text string
	Min  int
	Max  int
}

// KV returns the message data as key, value pairs for errs.M.
func (p Problem) KV() []any { return []any{"Min", p.Min, "Max", p.Max} }

// Check validates s: valid UTF-8, no control characters (newlines and tabs
// allowed when multiline), and min..max characters once surrounding space is
// trimmed. It returns ok=false and the problem otherwise.
func Check(s string, min, max int, multiline bool) (Problem, bool) {
	p := Problem{Min: min, Max: max}
	if !utf8.ValidString(s) {
		p.ID, p.Text = "field.text.utf8", "The text is not valid UTF-8."
		return p, false
	}
	if HasControl(s, multiline) {
		p.ID, p.Text = "field.text.control", "The text contains control characters."
		return p, false
	}
	if !multiline && hasOverride(s) {
		p.ID, p.Text = "field.text.bidi", "The text contains characters that change its direction, so it would show in another order than typed."
		return p, false
	}
	if !multiline && StackedMarks(s) {
		// A one-line text (a title, a name) shows in lists, where a pile
		// of marks spills over the lines above and below it.
		p.ID, p.Text, p.Max = "field.text.marks", MarksMsg, MarksMax
		return p, false
	}
	trimmed := strings.TrimSpace(s)
	n := utf8.RuneCountInString(trimmed)
	// Characters that show nothing do not count towards the minimum, and
	// a text of nothing else is empty. Marks count (they belong to the
	// letter before them) but do not show on their own. A wide character
	// (Chinese, Japanese, Korean) counts twice, as it takes two columns:
	// "打印机无法连接网络" says as much as a title twice its length in
	// letters, and is too short by count alone.
	shown, counted, wide := 0, 0, false
	for _, r := range trimmed {
		switch {
		case unicode.IsSpace(r):
			counted++
		case !Invisible(r):
			counted++
			if !unicode.IsMark(r) {
				shown++
			}
			if Wide(r) {
				counted++
				wide = true
			}
		}
	}
	switch {
	case trimmed == "" && min > 0:
		p.ID, p.Text = "field.text.required", "This field is required."
		return p, false
	case shown == 0 && min > 0:
		p.ID, p.Text = "field.text.invisible", "This text holds only invisible characters: use at least one letter, digit or symbol."
		return p, false
	case counted < min && wide:
		p.ID, p.Text = "field.text.short_wide", "Use at least {{.Min}} characters (Chinese, Japanese and Korean characters count twice)."
		return p, false
	case counted < min:
		p.ID, p.Text = "field.text.short", "Use at least {{.Min}} characters."
		return p, false
	case n > max:
		p.ID, p.Text = "field.text.long", "Use at most {{.Max}} characters."
		return p, false
	}
	return p, true
}

// Wide reports whether r is a letter of Chinese, Japanese or Korean (Han,
// Hiragana, Katakana, Hangul): one says about as much as a short word.
// Full-width Latin letters, digits and punctuation and emoji, which also
// take two columns, are not.
func Wide(r rune) bool {
	return r >= 0x1100 && unicode.IsLetter(r) && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// Letters counts the letters of s, in any script.
func Letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// Invisible reports whether r shows nothing by itself, white space aside: a
// format character (zero-width space, joiners, direction marks, soft
// hyphen, byte order mark) or a blank filler (Hangul fillers, the braille
// blank, the musical null notehead).
func Invisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x1D159:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// Shows reports whether s has a character that shows: not only white space,
// invisible characters and marks, which show only on a letter before them
// (accents, vowel signs, variation selectors, the combining grapheme joiner).
func Shows(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !Invisible(r) && !unicode.IsMark(r) {
			return true
		}
	}
	return false
}

// hasOverride reports whether s holds a bidirectional embedding, override
// or isolate (U+202A..U+202E, U+2066..U+2069), which would make a one-line
// text such as a name or a title display in another order than typed.
func hasOverride(s string) bool {
	for _, r := range s {
		if (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return true
		}
	}
	return false
}

// HasControl reports whether s holds a control character: C0, DEL or C1, except
// tab, newline and carriage return when multiline is true.
func HasControl(s string, multiline bool) bool {
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// TagMaxLen is the longest tag name, in characters.
const TagMaxLen = 35

// NormalizeTag is a tag name as stored: lower-cased, in Unicode normal
// form KC (so "ü" typed either way is one tag, and full-width "１２３" or
// the ligature in "ﬁle" are the tags they look like) and then trimmed, as
// form KC gives some characters a space ("¨" is a space and a combining
// diaeresis): normalising a normalised name changes nothing.
func NormalizeTag(t string) string {
	return strings.TrimSpace(norm.NFKC.String(strings.ToLower(norm.NFKC.String(t))))
}

// ValidTag reports whether a normalised name is a tag: 1 to TagMaxLen
// letters of any script (lower case where the script has case), digits,
// marks, '+', '#', '.' or '-', with at least one letter or digit, not
// starting with '-' (which reads as "without" in search) or a mark.
func ValidTag(t string) bool { return tagChars(t, true) }

// MarksMax is the most combining marks (accents, vowel signs, tone
// marks, subjoined letters: Unicode category M) a letter carries in a tag
// or a one-line text (a title, a name): as many as Vietnamese ("ệ": two),
// Hindi ("पढ़ें": a nukta, a vowel sign and a nasal mark, three), Thai,
// Arabic with harakat, Hebrew with niqqud and a cantillation mark, or
// Tibetan ("བསྒྲུབས") write on a letter, not the dozens of "Zalgo" text,
// whose marks pile up over and under the line.
const MarksMax = 4

// TagMarksMax is MarksMax for tags.
const TagMarksMax = MarksMax

// MarksMsg is the English message of field.text.marks, a one-line text
// with more than MarksMax marks on a letter.
const MarksMsg = "A letter may carry at most {{.Max}} accents or other marks, as in “tiếng” or “हिन्दी”; this text piles up more."

// StackedMarks reports whether s holds more than MarksMax combining marks
// on one character. Invisible characters between them (a zero-width joiner
// or non-joiner, which Indic scripts and emoji sequences use) neither
// count nor start a new character, so they cannot split a pile.
func StackedMarks(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case unicode.IsMark(r):
			if n++; n > MarksMax {
				return true
			}
		case Invisible(r):
		default:
			n = 0
		}
	}
	return false
}

// ValidTagPrefix reports whether a normalised string is how a tag may
// start: what ValidTag asks but the letter or digit, so "." and "c+" (of
// ".net" and "c++") pass, while a space, NUL, upper case or a leading '-'
// do not.
func ValidTagPrefix(t string) bool { return tagChars(t, false) }

// tagChars checks the characters of a tag name, and that it holds a letter
// or digit when needWord is set.
func tagChars(t string, needWord bool) bool {
	if t == "" || !utf8.ValidString(t) || utf8.RuneCountInString(t) > TagMaxLen {
		return false
	}
	word := false // a letter or digit: "." or "+" alone is no tag (and "." and ".." no address)
	for i, r := range t {
		switch {
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) || unicode.IsTitle(r) {
				return false
			}
			word = true
		case unicode.IsDigit(r):
			word = true
		case r == '+', r == '#', r == '.':
		case r == '-' || unicode.IsMark(r):
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return word || !needWord
}

// LineEnds gives text with LF line ends: browsers send what is typed into a
// form with CRLF, and Stack Exchange dumps hold it so.
func LineEnds(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
