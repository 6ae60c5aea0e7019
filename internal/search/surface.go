package search

import (
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// surfaceDocs is how many questions holding a term surfaceWord reads.
const surfaceDocs = 8

// surfaceScanBytes bounds the stored text of a question surfaceWord reads.
const surfaceScanBytes = 4000

// surfaceForms is surfaceWord's forms: the words of stored questions that
// stand for term, commonest first.
func (ix *Index) surfaceForms(st *termStats, term string) []string {
	_, forms := ix.surfaceWord(st, term)
	return forms
}

// closestForm is the form nearest to what was typed, by edit distance ("vpn
// disconects" reads as "disconnects", not as the commoner "disconnected");
// of as near ones, the commonest; "" when there is none.
func closestForm(typed string, forms []string) string {
	best, bestD := "", -1
	for _, f := range forms {
		if d := bsearch.LevenshteinDistance(typed, f); bestD < 0 || d < bestD {
			best, bestD = f, d
		}
	}
	return best
}

// surfaceWord returns the word, lower-case, that term (an English stem the
// index holds, such as "disconnect" or "kubernet") stands for where
// questions spell it: the commonest word of the stored titles (else
// bodies) of a few questions holding it that analyzes to term alone
// ("disconnects", "kubernetes"). forms are all such words seen, commonest
// first. "" when no stored text shows one: the index keeps stems, and a
// stem is no word to show.
func (ix *Index) surfaceWord(st *termStats, term string) (word string, forms []string) {
	if term == "" {
		return "", nil
	}
	start := prefixRunes(term, 3)
	for _, field := range []string{fTitleEN, fBodyEN} {
		count := map[string]int{}
		var order []string
		tfr, err := st.r.TermFieldReader(st.ctx, []byte(term), field, false, false, false)
		if err != nil {
			continue
		}
		var next index.TermFieldDoc
		for n := 0; n < surfaceDocs; n++ {
			d, err := tfr.Next(next.Reset())
			if err != nil || d == nil {
				break
			}
			id, err := st.r.ExternalID(d.ID)
			if err != nil {
				continue
			}
			doc, err := st.r.Document(id)
			if err != nil || doc == nil {
				continue
			}
			doc.VisitFields(func(f index.Field) {
				if f.Name() != field {
					return
				}
				text := f.Value()
				if len(text) > surfaceScanBytes {
					text = text[:surfaceScanBytes]
				}
				for _, tok := range (wordTokenizer{}).Tokenize(text) {
					w := strings.ToLower(string(tok.Term))
					if !strings.HasPrefix(foldWord(w), start) {
						continue
					}
					if ts := analyze(ix.en, w); len(ts) == 1 && ts[0] == term {
						if count[w] == 0 {
							order = append(order, w)
						}
						count[w]++
					}
				}
			})
		}
		_ = tfr.Close()
		if len(order) == 0 {
			continue
		}
		// Commonest first; of as common ones, the first seen.
		for i := 1; i < len(order); i++ {
			for j := i; j > 0 && count[order[j]] > count[order[j-1]]; j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		return order[0], order
	}
	return "", nil
}
