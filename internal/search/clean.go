package search

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"stackdesk/internal/text"
)

// cleanText makes document text safe to index: invalid UTF-8 becomes
// U+FFFD and control and format characters (other than line breaks and
// tabs) become spaces.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return ' '
		}
		return r
	}, s)
}

// isClean reports whether cleanText would leave s unchanged.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return false
		}
		i += n
	}
	return true
}

// normalizeTag returns a tag name as stored (lower case, NFC), or "" when
// it is no tag by the rule of internal/text.
func normalizeTag(t string) string {
	t = text.NormalizeTag(t)
	if !text.ValidTag(t) {
		return ""
	}
	return t
}

// Bounds of the dates Bleve can store (nanoseconds since 1970 in an int64).
var (
	minDate = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// clampDate keeps t inside the range Bleve can store; the zero time
// becomes the Unix epoch.
func clampDate(t time.Time) time.Time {
	switch {
	case t.IsZero():
		return time.Unix(0, 0).UTC()
	case t.Before(minDate):
		return minDate
	case t.After(maxDate):
		return maxDate
	}
	return t.UTC()
}
