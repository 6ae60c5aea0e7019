package search

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// englishFilterName names the English token filter in Bleve's registry and
// in the stored index mapping.
const englishFilterName = "stackdesk_en_words"

// englishFilter is the English analysis after tokenizing, in one pass:
// possessive "'s" removed, lower case, ß spelled ss, English and
// German-only stop words dropped, ä, ö, ü spelled a, o, u, Porter stemming. It gives exactly what
// Bleve's filters give in that order (a test compares them on real posts),
// in about a third of the time: most words are ASCII and repeat, so an
// ASCII word is lower-cased into a small buffer and looked up in a cache of
// earlier results; anything else goes through Bleve's filters.
type englishFilter struct {
	stop  map[string]bool // English and German-only stop words
	chain []analysis.TokenFilter

	mu    sync.RWMutex
	cache map[string]stemmed
}

// stemmed is the cached outcome for one lower-cased ASCII word.
type stemmed struct {
	term []byte // never modified once cached
	stop bool
}

// Cache bounds: words longer than maxCachedWord bytes are not cached, and
// a cache that reaches maxCachedWords entries (some 13 MiB) starts afresh,
// so that it keeps the words of what is indexed now.
const (
	maxCachedWord  = 32
	maxCachedWords = 1 << 16
)

func newEnglishFilter(cache *registry.Cache) (*englishFilter, error) {
	enStop, err := cache.TokenMapNamed(en.StopName)
	if err != nil {
		return nil, err
	}
	f := &englishFilter{stop: map[string]bool{}, cache: map[string]stemmed{}}
	for w := range enStop {
		f.stop[w] = true
	}
	for _, w := range germanOnlyStopWords {
		f.stop[w.(string)] = true
	}
	f.chain = []analysis.TokenFilter{
		en.NewPossessiveFilter(), lowercase.NewLowerCaseFilter(), sharpSFilter{},
		stopFilter(f.stop), umlautFilter{}, porter.NewPorterStemmer(),
	}
	return f, nil
}

// Filter implements analysis.TokenFilter. It drops stop words in place.
func (f *englishFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var buf [maxCachedWord]byte
	one := make(analysis.TokenStream, 1)
	j := 0
	for _, tok := range input {
		word, ok := lowerASCII(buf[:0], tok.Term)
		if !ok || tok.KeyWord {
			// Not ASCII, too long to cache, or protected from stemming:
			// Bleve's filters, one by one.
			one[0] = tok
			out := one
			for _, c := range f.chain {
				out = c.Filter(out)
			}
			if len(out) == 1 {
				input[j] = out[0]
				j++
			}
			continue
		}
		f.mu.RLock()
		s, hit := f.cache[string(word)]
		f.mu.RUnlock()
		if !hit {
			s = f.analyzeASCII(word)
		}
		if s.stop {
			continue
		}
		tok.Term = s.term
		input[j] = tok
		j++
	}
	return input[:j]
}

// analyzeASCII stems or stops one lower-cased ASCII word and caches the
// result.
func (f *englishFilter) analyzeASCII(word []byte) stemmed {
	s := stemmed{stop: f.stop[string(word)]}
	if !s.stop {
		tok := &analysis.Token{Term: append([]byte(nil), word...)}
		porter.NewPorterStemmer().Filter(analysis.TokenStream{tok})
		s.term = tok.Term
	}
	f.mu.Lock()
	if len(f.cache) >= maxCachedWords {
		f.cache = make(map[string]stemmed, maxCachedWords)
	}
	f.cache[string(word)] = s
	f.mu.Unlock()
	return s
}

// lowerASCII appends term to dst lower-cased, with a trailing possessive
// "'s" removed, when term is ASCII and short enough to cache; otherwise it
// reports false.
func lowerASCII(dst, term []byte) ([]byte, bool) {
	if len(term) > maxCachedWord {
		return nil, false
	}
	for _, c := range term {
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	if n := len(dst); n >= 2 && dst[n-1] == 's' && dst[n-2] == '\'' {
		dst = dst[:n-2]
	}
	return dst, true
}

// stopFilter drops the tokens in its map.
type stopFilter map[string]bool

// Filter implements analysis.TokenFilter.
func (s stopFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	j := 0
	for _, tok := range input {
		if !s[string(tok.Term)] {
			input[j] = tok
			j++
		}
	}
	return input[:j]
}

func init() {
	err := registry.RegisterTokenFilter(englishFilterName,
		func(_ map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
			return newEnglishFilter(cache)
		})
	if err != nil {
		panic(err)
	}
}
