package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/text"
)

// A slug stops at the first space past slugWords characters, and within a
// word (Chinese and Japanese have no spaces) at slugMax.
const (
	slugWords = 80
	slugMax   = 100
)

// Slug turns a title or name into the readable part of its address: its
// words lower-cased and joined by dashes. Latin letters are written in
// ASCII (umlauts as German spells them without, other accents dropped);
// letters and digits of other scripts are kept as they are, with their
// vowel signs, so an Arabic, Cyrillic or Chinese title has a slug too. A
// title without letters or digits (only emoji, say) has none. Apostrophes
// join the letters around them (won't: wont).
func Slug(title string) string {
	var b strings.Builder
	n := 0                                                       // characters written
	dash := false                                                // the last character written is a dash
	native := false                                              // the last letter was kept in its own script, so its marks stay
	for _, r := range strings.ToLower(norm.NFKC.String(title)) { // (ﬁ is fi, Ｖ is V)
		if apostrophe(r) {
			continue
		}
		if unicode.In(r, unicode.Mn, unicode.Mc) {
			if native && n > 0 && !dash {
				b.WriteRune(r)
			}
			continue
		}
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !text.Invisible(r) {
			if n >= slugMax {
				break
			}
			ascii := latin(r)
			native = ascii == ""
			if native {
				b.WriteRune(r)
				n++
			} else {
				b.WriteString(ascii)
				n += len(ascii)
			}
			dash = false
			continue
		}
		if n > slugWords {
			break
		}
		if !dash && n > 0 {
			b.WriteByte('-')
			n++
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// apostrophe reports whether r is written as an apostrophe: the typewriter
// one, the typographic ones (’ and ‘ for it by mistake) and the letter ʼ.
func apostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ'
}

// latin writes a Latin letter or digit in ASCII, as a reader would type it
// in an address, or returns "" for a character of another script.
func latin(r rune) string {
	if r < utf8.RuneSelf {
		return string(r)
	}
	switch r {
	case 'ä':
		return "ae"
	case 'ö':
		return "oe"
	case 'ü':
		return "ue"
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	}
	// Other accented Latin letters lose the accent (é, ë: e).
	if base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r))); base < utf8.RuneSelf {
		return string(base)
	}
	return ""
}

// canonicalPath is the address of a question or user: the id and, when its
// title or name has one, the slug, percent-encoded. Without a slug it is
// the bare id, never with a trailing slash (which would redirect).
func canonicalPath(prefix string, id int64, name string) string {
	path := prefix + strconv.FormatInt(id, 10)
	if slug := Slug(name); slug != "" {
		path += "/" + url.PathEscape(slug)
	}
	return path
}

// questionPath is the address of a question with its title.
func questionPath(id int64, title string) string { return canonicalPath("/questions/", id, title) }

// userPath is the address of a user's profile with their display name.
func userPath(id int64, name string) string { return canonicalPath("/users/", id, name) }

// atCanonical reports whether the request's path is canonical, compared
// decoded, so that a slug percent-encoded another way (lower-case hex, say)
// is the same address and not redirected.
func atCanonical(r *http.Request, canonical string) bool {
	want, err := url.PathUnescape(canonical)
	return err == nil && r.URL.Path == want
}
