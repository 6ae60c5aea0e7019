package search

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// searchWord is one distinct searchable word of a query.
type searchWord struct {
	word   string
	en, de []string
	same   bool // English and German terms are equal
}

// wordClause is one candidate lookup of a word: a term in one field.
type wordClause struct {
	word       int
	field      string
	terms      []string
	boost      float64
	cost       float64 // postings Bleve will walk
	value      float64 // boost × BM25 idf
	mandatory  bool    // title lookups, so every word stays findable
	titleEmpty bool
}

// wordGroups builds one disjunction per distinct searchable word, over
// searchFields in both languages and the tags, records the terms in ts,
// and returns the words that produced terms, in order, and how many
// distinct words no question holds. With allWords every word that some
// question holds keeps at least one lookup.
//
// Two cost controls keep broad queries fast on a large index (Bleve
// scores every posting of every clause):
//   - When a word's English and German terms are the same (most English
//     words), the German fields would match the same questions again: the
//     English clause carries both weights and the German one is skipped.
//   - Title clauses are always kept (and the body clause of a word no
//     title holds); the other clauses are added by value (weight × idf)
//     while their postings fit in searchBudget. A specific query fits
//     whole; a query of very common words loses its least telling
//     lookups (answers, then accepted answers, then bodies).
//
// A word names the tag it is, or its singular, or the tag whose name
// stems as the word does (stemTag). A word no question holds (nor a tag names), long enough that a typo is
// likelier than a real word the site lacks, is read as the nearest word
// some question holds, a letter or two away, as Get help reads it; near
// lists those words as typed, nearAs the words they were read as (see
// readTypos). With noTypos no word is read as a typo (the search page's
// "search instead for" what was typed).
func (ix *Index) wordGroups(ctx context.Context, words []string, ts termSet, allWords, noTypos bool) (groups []query.Query, kept, near, nearAs []string, missing int, err error) {
	var ws []searchWord
	seen := map[string]bool{}
	for _, w := range words {
		enT, deT := analyze(ix.en, w), analyze(ix.de, w)
		if len(enT)+len(deT) == 0 {
			continue
		}
		kept = append(kept, w)
		key := strings.Join(enT, " ") + "\x00" + strings.Join(deT, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		ws = append(ws, searchWord{word: w, en: enT, de: deT, same: slices.Equal(enT, deT)})
		ts.addPlain(enT, deT)
	}
	if len(ws) == 0 {
		return nil, kept, nil, nil, 0, nil
	}
	st, err := ix.newStats(ctx)
	if err != nil {
		return nil, nil, nil, nil, 0, err
	}
	defer st.close()
	if !noTypos {
		ws, near, nearAs = ix.readTypos(st, ws, ts)
	}

	var cands []wordClause
	for i, w := range ws {
		titleDF := 0.0
		for _, f := range searchFields {
			add := func(field string, terms []string, boost float64) {
				df := 0.0
				for _, t := range terms {
					df += st.docFreq(t, field)
				}
				c := wordClause{word: i, field: field, terms: terms, boost: boost, cost: df,
					value: boost * st.idf(df/float64(max(len(terms), 1))), mandatory: f.en == fTitleEN}
				if c.mandatory {
					titleDF += df
				}
				cands = append(cands, c)
			}
			if w.same {
				add(f.en, w.en, f.w*(1+wGerman))
				continue
			}
			add(f.en, w.en, f.w)
			add(f.de, w.de, f.w*wGerman)
		}
		if t := normalizeTag(strings.Trim(w.word, "?!,;:.()'\"")); t != "" && wTagWord > 0 {
			t, df := st.tagOrSingular(t)
			if df == 0 {
				// Spelled otherwise than the tag, but stemmed as it is, or
				// read as a typo of a word that is ("kubernets",
				// "kuberntes": kubernetes).
				if stem, sdf := ix.stemTag(st, firstOr(w.en, "")); stem != "" {
					t, df = stem, sdf
				}
			}
			cands = append(cands, wordClause{word: i, field: fTags, terms: []string{t}, boost: wTagWord,
				cost: df, value: wTagWord * st.idf(df)})
		}
		if titleDF == 0 {
			// No title holds the word: its body lookup is what finds it.
			for j := range cands {
				if cands[j].word == i && (cands[j].field == fBodyEN || cands[j].field == fBodyDE) {
					cands[j].mandatory = true
				}
			}
		}
	}
	budget := float64(searchBudget)
	for _, c := range cands {
		if c.mandatory {
			budget -= c.cost
		}
	}
	slices.SortStableFunc(cands, func(a, b wordClause) int {
		switch {
		case a.mandatory != b.mandatory:
			if a.mandatory {
				return -1
			}
			return 1
		case a.value > b.value:
			return -1
		case a.value < b.value:
			return 1
		}
		return 0
	})
	clauses := make([][]query.Query, len(ws))
	var tagged []query.Query // ranked: the words that name tags, one group of their own
	for _, c := range cands {
		if c.cost == 0 {
			continue // matches nothing
		}
		if !c.mandatory {
			if c.cost > budget {
				continue
			}
			budget -= c.cost
		}
		if c.field == fTags && !allWords {
			tagged = appendTerms(tagged, c.terms, c.field, c.boost)
			continue
		}
		clauses[c.word] = appendTerms(clauses[c.word], c.terms, c.field, c.boost)
	}
	found := make([]bool, len(ws))
	for _, c := range cands {
		found[c.word] = found[c.word] || c.cost > 0
	}
	if allWords {
		// Every word is required: a word whose lookups all fell to the
		// budget keeps its cheapest one, else it would drop out of the
		// query unseen.
		for i := range ws {
			if !found[i] || len(clauses[i]) > 0 {
				continue
			}
			var cheapest *wordClause
			for j := range cands {
				if c := &cands[j]; c.word == i && c.cost > 0 && (cheapest == nil || c.cost < cheapest.cost) {
					cheapest = c
				}
			}
			clauses[i] = appendTerms(nil, cheapest.terms, cheapest.field, cheapest.boost)
		}
	}
	for i, cs := range clauses {
		if len(cs) > 0 {
			groups = append(groups, query.NewDisjunctionQuery(cs))
		}
		if !found[i] {
			missing++
		}
	}
	if len(tagged) > 0 {
		// A tag match counts as one more word matched (Bleve's coordination
		// factor), on top of its own score: a question filed under the
		// query's topic ranks above one that shares a single common word
		// with it. Inside a word's group it would instead be one field of
		// five, and a question found by its tag alone kept a fifth of it.
		groups = append(groups, query.NewDisjunctionQuery(tagged))
	}
	return groups, kept, near, nearAs, missing, nil
}

// readTypos reads each word of ws that no question holds as the nearest
// word some question holds (see nearestWord; at most maxTypos words are
// looked up), adds that word's term to ts for highlighting, and returns the
// words to search, those read as typos, as typed, and for each the word it
// was read as, as questions write it. A typo of a word typed already
// ("printer pritner") is that word, searched once.
func (ix *Index) readTypos(st *termStats, ws []searchWord, ts termSet) (out []searchWord, near, nearAs []string) {
	typos := 0
	read := map[string]string{} // the words read so far: term → word shown
	out = ws[:0]                // (overwrites ws: a word before w may be one read)
	for _, w := range ws {
		if typos == maxTypos || st.holds(w) || st.isTag(strings.Trim(w.word, "?!,;:.()'\"")) {
			out = append(out, w)
			continue
		}
		typos++
		as, c := ix.nearestWord(st, w.word)
		if c == "" {
			out = append(out, w)
			continue
		}
		near = append(near, w.word)
		if k := slices.IndexFunc(ws, func(o searchWord) bool { return firstOr(o.en, "") == c }); k >= 0 {
			first, ok := read[c] // two typos of one word ("pritner prnter")
			if !ok {
				first = strings.ToLower(strings.Trim(ws[k].word, "?!,;:.()'\""))
			}
			nearAs = append(nearAs, first)
			continue
		}
		read[c] = as
		nearAs = append(nearAs, as)
		ts.addPlain([]string{c}, nil)
		out = append(out, searchWord{word: w.word, en: []string{c}})
	}
	return out, near, nearAs
}

// holds reports whether some question holds a term of w in a searched field.
func (st *termStats) holds(w searchWord) bool {
	for _, f := range searchFields {
		for _, t := range w.en {
			if st.docFreq(t, f.en) > 0 {
				return true
			}
		}
		for _, t := range w.de {
			if st.docFreq(t, f.de) > 0 {
				return true
			}
		}
	}
	return false
}
