package search

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// tokenizerName names the word tokenizer in Bleve's registry.
const tokenizerName = "stackdesk_words"

// wordTokenizer splits text into words much faster than Bleve's UAX#29
// "unicode" tokenizer, with the same result for English and German prose:
// a word is a run of letters, digits, marks and '_', kept together across
// a single '.', '\” or '’' between letters or digits ("node.js",
// "don't", "v1.2.3") and a ',' between digits ("1,000"). Han, Hiragana,
// Katakana and Thai characters are one token each. A word joined across
// '’' is spelled with '\” ("don’t" is "don't"), so that both apostrophes
// meet the same stop words and terms.
type wordTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/6+1)
	toks := make([]analysis.Token, 0, len(input)/6+1)
	curly := false // the current word joins across '’'
	emit := func(start, end int, typ analysis.TokenType) {
		term := input[start:end]
		if curly {
			term = bytes.ReplaceAll(term, []byte("’"), []byte("'"))
			curly = false
		}
		toks = append(toks, analysis.Token{
			Term: term, Start: start, End: end,
			Position: len(out) + 1, Type: typ,
		})
		// toks may have been reallocated; point at the stable element.
		out = append(out, &toks[len(toks)-1])
		if cap(toks) == len(toks) {
			toks = make([]analysis.Token, 0, cap(toks))
		}
	}
	start, numeric := -1, true
	for i := 0; i < len(input); {
		r, n := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(input[i:])
		}
		switch {
		case isSingleRuneWord(r):
			if start >= 0 {
				emit(start, i, wordType(numeric))
				start = -1
			}
			emit(i, i+n, analysis.Ideographic)
		case isWordRune(r):
			if start < 0 {
				start, numeric = i, true
			}
			if r < '0' || r > '9' {
				numeric = false
			}
		case start >= 0 && joins(r, input, i, n, numeric):
			// stays inside the word
			curly = curly || r == '’'
		default:
			if start >= 0 {
				emit(start, i, wordType(numeric))
				start = -1
			}
		}
		i += n
	}
	if start >= 0 {
		emit(start, len(input), wordType(numeric))
	}
	return out
}

// wordType is the Bleve token type of a word.
func wordType(numeric bool) analysis.TokenType {
	if numeric {
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// isWordRune reports whether r belongs inside a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isSingleRuneWord reports whether r is a character that forms a word by
// itself (scripts written without spaces).
func isSingleRuneWord(r rune) bool {
	return r >= 0x0E00 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Thai, r))
}

// joins reports whether the punctuation r at input[i:i+n] continues the
// current word: it must be followed by a word rune, and be '.', '\” or
// '’', or ',' inside a number.
func joins(r rune, input []byte, i, n int, numeric bool) bool {
	switch r {
	case '.', '\'', '’':
	case ',':
		if !numeric {
			return false
		}
	default:
		return false
	}
	j := i + n
	if j >= len(input) {
		return false
	}
	next, _ := utf8.DecodeRune(input[j:])
	if r == ',' {
		return next >= '0' && next <= '9'
	}
	return isWordRune(next) && !isSingleRuneWord(next)
}

func init() {
	err := registry.RegisterTokenizer(tokenizerName,
		func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
			return wordTokenizer{}, nil
		})
	if err != nil {
		panic(err)
	}
}
