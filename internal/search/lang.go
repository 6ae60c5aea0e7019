package search

// Each text property has an English and a German field. Analysing German
// costs about as much again (index time and size), and an English body or
// answer gains nothing from it, so those are indexed in the German fields
// only when their text shows German (showsGerman). The title is always in
// both: it is short, and its German field's lighter stemming helps rank
// English questions too (RELEVANCE.md). A question's title and body are
// one author's text and are judged together; each answer field on its own.

// germanHints are common German words that are not English words, beyond
// the stop words (germanOnlyStopWords in mapping.go) the English analyzer
// drops; englishHints are their English counterpart.
var (
	germanHints = []string{
		"beim", "bitte", "es", "gibt", "geht", "heute", "im", "immer", "klappt",
		"mehr", "mit", "nach", "neu", "neue", "neuen", "schon", "seit", "wurde",
		"wurden", "zu",
	}
	englishHints = []string{
		"a", "about", "and", "are", "be", "been", "but", "by", "can", "could", "do",
		"does", "for", "from", "have", "how", "i", "if", "is", "it", "its", "my", "not",
		"of", "on", "or", "should", "that", "the", "there", "this", "to", "what", "when",
		"which", "why", "with", "would", "you", "your",
	}
)

// Hint kinds in hints.
const (
	hintEnglish = 1
	hintGerman  = 2
)

// hints maps each hint word to its kind; maxHint is the longest one's
// length in bytes.
var hints, maxHint = hintMap()

func hintMap() (map[string]int8, int) {
	m := map[string]int8{}
	for _, w := range englishHints {
		m[w] = hintEnglish
	}
	for _, w := range germanHints {
		m[w] = hintGerman
	}
	for _, w := range germanOnlyStopWords {
		m[w.(string)] = hintGerman
	}
	longest := 0
	for w := range m {
		longest = max(longest, len(w))
	}
	return m, longest
}

// langSample is how much of a text showsGerman reads: enough words to tell,
// while a long post costs no more than a short one.
const langSample = 4096

// showsGerman reports whether texts (read in order, up to langSample bytes
// in all) look German: they hold German words (German function words, or
// words with ä, ö, ü or ß, composed or not), at least one for every germanRatio English
// function words. An English post with a colleague's name in it ("Jürgen")
// is not German; a German post quoting an English error message is.
func showsGerman(texts ...string) bool {
	const germanRatio = 5
	en, de, budget := 0, 0, langSample
	lower := make([]byte, maxHint)
	for _, s := range texts {
		if len(s) > budget {
			s = s[:budget]
		}
		budget -= len(s)
		for i := 0; i < len(s); {
			for i < len(s) && !isWordByte(s[i]) {
				i++
			}
			j, umlaut := i, false
			for j < len(s) && isWordByte(s[j]) {
				// ä ö ü ß Ä Ö Ü are C3 A4, B6, BC, 9F, 84, 96, 9C in UTF-8;
				// a decomposed umlaut (a vowel and U+0308, as macOS and
				// PDFs write it) ends in CC 88.
				if j+1 < len(s) {
					switch {
					case s[j] == 0xC3:
						switch s[j+1] {
						case 0xA4, 0xB6, 0xBC, 0x9F, 0x84, 0x96, 0x9C:
							umlaut = true
						}
					case s[j] == 0xCC && s[j+1] == 0x88:
						umlaut = true
					}
				}
				j++
			}
			switch n := j - i; {
			case umlaut:
				de++
			case n > 0 && n <= len(lower):
				for k := range n {
					c := s[i+k]
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					lower[k] = c
				}
				switch hints[string(lower[:n])] {
				case hintEnglish:
					en++
				case hintGerman:
					de++
				}
			}
			i = j
		}
		if budget == 0 {
			break
		}
	}
	return de > 0 && de*germanRatio >= en
}

// isWordByte reports whether c belongs to a word: ASCII letters and the
// bytes of multi-byte UTF-8 characters (German umlauts and ß among them).
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// Lang is the language texts are written in, as the index judges it: "de"
// when they show German (showsGerman), else "en". Pages mark posts with it
// so that screen readers read each in its own language.
func Lang(texts ...string) string {
	if showsGerman(texts...) {
		return "de"
	}
	return "en"
}
