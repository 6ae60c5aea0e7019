package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	index "github.com/blevesearch/bleve_index_api"
)

// simWord is one word of a Similar query with the fields it is looked up
// in.
type simWord struct {
	en, de []string // its terms (one or none per language)
	fields []textField
	df     float64 // postings of its candidate clauses: 0 when no question has it
	idf    float64 // its highest inverse document frequency over those fields
}

// simClause is one candidate lookup: a word in one field.
type simClause struct {
	word  int // index into the plan
	field textField
	cost  float64 // postings Bleve will walk
	value float64 // field weight × BM25 idf
}

// planSimilar chooses which words to look up in which fields. Bleve scores
// every posting of every clause, so the cost of a query is the sum of its
// clauses' document frequencies. Candidate clauses are (title word: title,
// body, accepted answer) and (body word: title, body), for the title's
// words and the body's first similarBodyTerms distinct words; they are
// taken in order of value (weight × idf) while the total cost stays within
// similarBudget postings. A small index fits whole; on a large one the
// common words are dropped first, from the big fields first. unknown counts
// the words no question holds (they are left out of the plan).
func (ix *Index) planSimilar(ctx context.Context, titleWords, bodyWords []string) (plan []simWord, unknown int, err error) {
	var cands []simClause
	seen := map[string]bool{}
	st, err := ix.newStats(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer st.close()
	add := func(ws []string, fields []textField, limit int) {
		n := 0
		for _, w := range ws {
			if n == limit {
				return
			}
			en, de := analyze(ix.en, w), analyze(ix.de, w)
			if len(en)+len(de) == 0 {
				continue
			}
			key := firstOr(en, "") + "\x00" + firstOr(de, "")
			if seen[key] {
				continue
			}
			seen[key] = true
			n++
			plan = append(plan, simWord{en: en, de: de})
			for _, f := range fields {
				dfEN, dfDE := st.docFreq(firstOr(en, ""), f.en), 0.0
				if f.de != "" {
					dfDE = st.docFreq(firstOr(de, ""), f.de)
				}
				idf := max(st.idf(dfEN), st.idf(dfDE))
				value := f.w * idf
				plan[len(plan)-1].idf = max(plan[len(plan)-1].idf, idf)
				cands = append(cands, simClause{len(plan) - 1, f, dfEN + dfDE, value})
				plan[len(plan)-1].df += dfEN + dfDE
			}
		}
	}
	add(titleWords, []textField{
		{fTitleEN, fTitleDE, wSimTitleInTitle},
		{fBodyEN, "", wSimTitleInBody},
		{fAcceptedEN, "", wSimTitleInAcc},
	}, maxQueryTerms)
	add(bodyWords, []textField{
		{fTitleEN, fTitleDE, wSimBodyInTitle},
		{fBodyEN, "", wSimBodyInBody},
	}, similarBodyTerms)

	slices.SortStableFunc(cands, func(a, b simClause) int {
		switch {
		case a.value > b.value:
			return -1
		case a.value < b.value:
			return 1
		}
		return 0
	})
	budget := float64(similarBudget)
	for _, c := range cands {
		if c.cost > budget || c.value <= 0 {
			continue
		}
		budget -= c.cost
		plan[c.word].fields = append(plan[c.word].fields, c.field)
	}
	for _, w := range plan {
		if w.df == 0 {
			unknown++
		}
	}
	return slices.DeleteFunc(plan, func(w simWord) bool { return len(w.fields) == 0 }), unknown, nil
}

// firstOr returns the first element of s, or def.
func firstOr(s []string, def string) string {
	if len(s) == 0 {
		return def
	}
	return s[0]
}

// termStats reads document frequencies from one index snapshot.
type termStats struct {
	ctx context.Context
	r   index.IndexReader
	n   float64
}

// newStats opens a reader for document frequencies.
func (ix *Index) newStats(ctx context.Context) (*termStats, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	n, err := r.DocCount()
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	return &termStats{ctx: ctx, r: r, n: float64(n)}, nil
}

// close releases the reader.
func (st *termStats) close() { _ = st.r.Close() }

// docFreq is the number of questions whose field holds term (0 on errors).
func (st *termStats) docFreq(term, field string) float64 {
	if term == "" {
		return 0
	}
	tfr, err := st.r.TermFieldReader(st.ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return float64(tfr.Count())
}

// idf is BM25's inverse document frequency; 0 for a term in no document
// (it cannot match, so it is worth nothing).
func (st *termStats) idf(df float64) float64 {
	if df == 0 {
		return 0
	}
	return math.Log(1 + (st.n-df+0.5)/(df+0.5))
}
