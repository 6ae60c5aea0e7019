package search

import (
	"strings"
	"unicode/utf8"
)

// termSet holds analyzed query terms per language, for highlighting.
type termSet struct {
	en, de map[string]bool
	starts []string // first three runes of every term, see maybe
	// plain holds the terms of plain words and one-word phrases, keyed
	// as matchWord returns them: marked wherever they stand.
	plain map[string]bool
	// phrases are the phrases of two or more words: their terms are
	// marked only where the whole phrase stands.
	phrases *[]exactPhrase
}

// newTermSet returns an empty termSet.
func newTermSet() termSet {
	return termSet{en: map[string]bool{}, de: map[string]bool{}, plain: map[string]bool{}, phrases: new([]exactPhrase)}
}

// addPlain records terms of a plain word (or one-word phrase).
func (s termSet) addPlain(en, de []string) {
	for _, t := range en {
		s.en[t] = true
		s.plain[t] = true
	}
	for _, t := range de {
		s.de[t] = true
		s.plain["de:"+t] = true
	}
}

// empty reports whether the set holds no term.
func (s termSet) empty() bool { return len(s.en) == 0 && len(s.de) == 0 }

// seal prepares the set for maybe once all terms are in.
func (s *termSet) seal() {
	seen := map[string]bool{}
	for _, set := range []map[string]bool{s.en, s.de} {
		for t := range set {
			if p := prefixRunes(t, 3); !seen[p] {
				seen[p] = true
				s.starts = append(s.starts, p)
			}
		}
	}
}

// maybe is a cheap filter before analysis: it reports whether word w,
// lower-cased and umlaut-folded (and again with "ue" → "u" and so on, as
// normalize_de does), contains the first three letters of some term of
// the set. Stemming and participle folding keep a term's start inside the
// word ("gelöscht" → "losch"), so a word failing it cannot analyze to a
// term of the set. The set must be sealed.
func (s termSet) maybe(w string) bool {
	f := foldWord(w)
	for _, p := range s.starts {
		if strings.Contains(f, p) {
			return true
		}
	}
	if !strings.Contains(f, "e") {
		return false
	}
	g := vowelEFolder.Replace(f)
	if g == f {
		return false
	}
	for _, p := range s.starts {
		if strings.Contains(g, p) {
			return true
		}
	}
	return false
}

// vowelEFolder drops the e of ae, oe and ue.
var vowelEFolder = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// foldWord lower-cases w and folds German umlauts and ß.
func foldWord(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return umlautFolder.Replace(strings.ToLower(w))
		}
	}
	return w
}

// umlautFolder maps umlauts and ß to their base letters.
var umlautFolder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
