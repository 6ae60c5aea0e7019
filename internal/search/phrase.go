package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// exactPhraseCandidates bounds the questions whose stored text is read to
// check a quoted phrase with stop words: the best matches of its other
// words.
const exactPhraseCandidates = 1000

// exactPhrase is a quoted phrase with stop words, which the index does not
// hold ("not syncing" would otherwise find every "syncing"). Its words are
// checked in the stored title, body and accepted answer: a stop word as
// typed (lower-cased), any other word by its English term, as the phrase
// query matches it.
type exactPhrase struct {
	words []string // lower-cased, as the tokenizer splits them
	terms []string // each word's English term; "" for a stop word
}

// newExactPhrase returns the check of text, and false when it needs none:
// fewer than two words, no stop word, or nothing but stop words (which
// find nothing).
func (ix *Index) newExactPhrase(text string) (exactPhrase, bool) {
	e := ix.phraseWords(text)
	stop, kept := false, false
	for _, t := range e.terms {
		stop, kept = stop || t == "", kept || t != ""
	}
	return e, len(e.words) >= 2 && stop && kept
}

// phraseWords splits a phrase into its words and their English terms.
func (ix *Index) phraseWords(text string) exactPhrase {
	var e exactPhrase
	for _, tok := range (wordTokenizer{}).Tokenize([]byte(text)) {
		w := strings.ToLower(string(tok.Term))
		t := ""
		if ts := analyze(ix.en, w); len(ts) > 0 {
			t = ts[0]
		}
		e.words, e.terms = append(e.words, w), append(e.terms, t)
	}
	return e
}

// in reports whether text holds the phrase.
func (ix *Index) in(e exactPhrase, text string) bool {
	toks := (wordTokenizer{}).Tokenize([]byte(text))
	low := make([]string, len(toks)) // lower-cased on first use
	word := func(i int) string {
		if low[i] == "" {
			low[i] = strings.ToLower(string(toks[i].Term))
		}
		return low[i]
	}
	for i := 0; i+len(e.words) <= len(toks); i++ {
		if ix.phraseAt(e, word, i) {
			return true
		}
	}
	return false
}

// phraseAt reports whether the phrase's words stand at the text's word i
// and after it (word gives the text's words, lower-cased).
func (ix *Index) phraseAt(e exactPhrase, word func(int) string, i int) bool {
	for j, w := range e.words {
		if !ix.sameWord(word(i+j), w, e.terms[j]) {
			return false
		}
	}
	return true
}

// sameWord reports whether the text's word got (lower-cased) is the
// phrase's word want: the same spelling, or, unless want is a stop word,
// the same English term.
func (ix *Index) sameWord(got, want, term string) bool {
	if got == want {
		return true
	}
	if term == "" || !strings.HasPrefix(got, prefixRunes(term, 3)) {
		return false // a stem starts as its word does
	}
	ts := analyze(ix.en, got)
	return len(ts) == 1 && ts[0] == term
}

// exactPhraseIDs returns the ids of the best exactPhraseCandidates matches
// of q whose title, body or accepted answer holds every phrase (with anyOf,
// at least one of them). It is one Bleve search whatever the number of
// phrases, so a query quoting many costs what one quoting one does.
func (ix *Index) exactPhraseIDs(ctx context.Context, q query.Query, phrases []exactPhrase, anyOf bool) ([]string, error) {
	req := bleve.NewSearchRequestOptions(q, exactPhraseCandidates, 0, false)
	req.Fields = []string{fTitleEN, fBodyEN, fAcceptedEN}
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: phrase: %w", err)
	}
	var ids []string
	for _, h := range sr.Hits {
		held := 0
		for _, e := range phrases {
			found := false
			for _, f := range req.Fields {
				if s, ok := h.Fields[f].(string); ok && ix.in(e, s) {
					found = true
					break
				}
			}
			if found {
				held++
			}
			if found == anyOf {
				break // one found is enough, or one missing too many
			}
		}
		if anyOf && held > 0 || held == len(phrases) {
			ids = append(ids, h.ID)
		}
	}
	return ids, nil
}
