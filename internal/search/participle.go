package search

import (
	"bytes"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// participleFilterName names the German participle token filter in Bleve's
// registry and in the stored index mapping.
const participleFilterName = "stackdesk_de_participle"

// separablePrefixes are German separable verb prefixes, already folded by
// Bleve's normalize_de filter (ü→u), whose past participles put "ge" between
// prefix and stem: zurück-ge-setzt, ab-ge-brochen, ein-ge-loggt.
var separablePrefixes = []string{
	"zusammen", "herunter", "hinunter", "zuruck", "heraus", "herein", "hinaus",
	"hinein", "vorbei", "wieder", "weiter", "durch", "runter", "dazu", "fest",
	"frei", "hoch", "auf", "aus", "bei", "ein", "her", "hin", "los", "mit",
	"nach", "neu", "vor", "weg", "ab", "an", "um", "zu",
}

// participleFilter folds German past participles onto the form their
// infinitive reaches after the light stemmer, so "zurückgesetzt" and
// "zurücksetzen" meet at "zurucksetz" and "gelöscht" meets "löschen".
// It runs after normalize_de and before stemmer_de_light:
//
//   - prefix+ge+stem+(e)t(e|en|em|er|es) → prefix+stem   (weak: eingeloggt → einlogg)
//   - prefix+ge+stem+en                  → prefix+stem+en (strong: heruntergeladen → herunterladen)
//   - ge+stem+(e)t(e|en|em|er|es)        → stem           (weak, no prefix: gelöscht → losch)
//
// The core left after the change must keep at least three letters, so that
// infinitives whose stem itself starts with "ge" (eingeben, ausgehen) and
// nouns like Gerät or Angebot stay as they are. Strong participles with a
// vowel change (abgebrochen/abbrechen) are not unified.
type participleFilter struct{}

// Filter rewrites participle tokens in place.
func (participleFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if len(tok.Term) < 6 || !bytes.Contains(tok.Term, []byte("ge")) {
			continue
		}
		if out, ok := foldParticiple(string(tok.Term)); ok {
			tok.Term = []byte(out)
		}
	}
	return input
}

// foldParticiple applies the participle rule to one normalized, lower-case
// term and reports whether it changed it.
func foldParticiple(term string) (string, bool) {
	if !strings.Contains(term, "ge") || strings.ContainsRune(term, '-') {
		return term, false
	}
	for _, p := range separablePrefixes {
		if !strings.HasPrefix(term, p+"ge") {
			continue
		}
		rest := term[len(p)+2:]
		if core, ok := weakCore(rest); ok {
			return p + core, true
		}
		if strings.HasSuffix(rest, "en") && runeLen(rest) >= 5 && isLetters(rest) {
			return p + rest, true
		}
	}
	if strings.HasPrefix(term, "ge") {
		if core, ok := weakCore(term[2:]); ok {
			return core, true
		}
	}
	return term, false
}

// weakCore strips a weak participle ending (-t, -et, optionally inflected
// -te/-ten/-tem/-ter/-tes) and returns the remaining core if it is a
// plausible verb stem of at least three letters.
func weakCore(rest string) (string, bool) {
	if !isLetters(rest) {
		return "", false
	}
	core := rest
	for _, infl := range []string{"en", "em", "er", "es", "e"} {
		if strings.HasSuffix(core, "t"+infl) {
			core = strings.TrimSuffix(core, infl)
			break
		}
	}
	if !strings.HasSuffix(core, "t") {
		return "", false
	}
	core = strings.TrimSuffix(core, "t")
	if strings.HasSuffix(core, "e") && runeLen(core) > 4 {
		core = strings.TrimSuffix(core, "e")
	}
	if runeLen(core) < 3 {
		return "", false
	}
	return core, true
}

// isLetters reports whether s holds only ASCII lower-case letters (terms
// have been lower-cased and umlaut-folded before this filter runs).
func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// runeLen counts the runes in s.
func runeLen(s string) int { return len([]rune(s)) }

func init() {
	err := registry.RegisterTokenFilter(participleFilterName,
		func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return participleFilter{}, nil
		})
	if err != nil {
		panic(err)
	}
}

// sharpSFilterName names the token filter that spells ß as ss.
const sharpSFilterName = "stackdesk_sharp_s"

// sharpSFilter spells ß as ss in the English analysis, as normalize_de
// does in the German one, so that "Straße" and "Strasse" meet in both.
type sharpSFilter struct{}

// Filter rewrites tokens holding ß.
func (sharpSFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if bytes.Contains(tok.Term, []byte("ß")) {
			tok.Term = bytes.ReplaceAll(tok.Term, []byte("ß"), []byte("ss"))
		}
	}
	return input
}

func init() {
	err := registry.RegisterTokenFilter(sharpSFilterName,
		func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return sharpSFilter{}, nil
		})
	if err != nil {
		panic(err)
	}
}

// umlautFilterName names the token filter that spells ä, ö and ü as a, o
// and u.
const umlautFilterName = "stackdesk_umlaut"

// umlautFilter spells ä, ö and ü as a, o and u in the English analysis, as
// normalize_de does in the German one, so that a word typed without its
// umlauts ("burodrucker", on a keyboard without them) meets the word
// written with them in both analyses. It runs after the stop words are
// dropped: "für" is a German stop word, "fur" an English word.
type umlautFilter struct{}

// umlautFolds are the umlauts umlautFilter folds, lower-case (it runs
// after lower-casing), and their base letters.
var umlautFolds = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u")

// Filter rewrites tokens holding an umlaut.
func (umlautFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		// ä, ö, ü are C3 A4, C3 B6, C3 BC in UTF-8.
		if bytes.IndexByte(tok.Term, 0xC3) >= 0 {
			tok.Term = []byte(umlautFolds.Replace(string(tok.Term)))
		}
	}
	return input
}

func init() {
	err := registry.RegisterTokenFilter(umlautFilterName,
		func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return umlautFilter{}, nil
		})
	if err != nil {
		panic(err)
	}
}

// germanStopFilterName names the token filter that drops the German
// function words Bleve's German stop list lacks.
const germanStopFilterName = "stackdesk_de_stop"

// germanExtraStopWords are German function words missing from Bleve's list
// whose light stem is a content word's: "seit" (since) is the stem of
// "Seite", "Seiten" (page, pages), so "leere Seiten" matched every post
// written "seit heute".
var germanExtraStopWords = map[string]bool{"seit": true}

// germanStopFilter drops germanExtraStopWords (before stemming).
type germanStopFilter struct{}

// Filter removes the stop words from the stream.
func (germanStopFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	return slices.DeleteFunc(input, func(tok *analysis.Token) bool { return germanExtraStopWords[string(tok.Term)] })
}

func init() {
	err := registry.RegisterTokenFilter(germanStopFilterName,
		func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return germanStopFilter{}, nil
		})
	if err != nil {
		panic(err)
	}
}
