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
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case n == 0 && min > 0:
		p.ID, p.Text = "field.text.required", "This field is required."
		return p, false
	case n < min:
		p.ID, p.Text = "field.text.short", "Use at least {{.Min}} characters."
		return p, false
	case n > max:
		p.ID, p.Text = "field.text.long", "Use at most {{.Max}} characters."
		return p, false
	}
	return p, true
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

// NormalizeTag is a tag name as stored: trimmed, lower-cased and in Unicode
// normal form C (so "ü" typed either way is one tag).
func NormalizeTag(t string) string {
	return norm.NFC.String(strings.ToLower(strings.TrimSpace(t)))
}

// ValidTag reports whether a normalised name is a tag: 1 to TagMaxLen
// letters of any script (lower case where the script has case), digits,
// marks, '+', '#', '.' or '-', with at least one letter or digit, not
// starting with '-' (which reads as "without" in search) or a mark.
func ValidTag(t string) bool {
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
	return word
}
