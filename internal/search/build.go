package search

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// textField is one indexed text property: its English and German fields
// and its query-time weight.
type textField struct {
	en, de string
	w      float64
}

// searchFields are the fields a search query word is matched against.
var searchFields = []textField{
	{fTitleEN, fTitleDE, wTitle},
	{fBodyEN, fBodyDE, wBody},
	{fAcceptedEN, fAcceptedDE, wAccepted},
	{fAnswersEN, fAnswersDE, wAnswers},
}

// plan is a Bleve query built from a Query, plus what Search needs to know.
type plan struct {
	q        query.Query
	hasText  bool     // scoring text clauses exist, so relevance order makes sense
	nothing  bool     // no results: the words match nothing, or none is searchable and nothing else narrows
	stopOnly bool     // words or phrases were typed, but only stop words (or punctuation): none is searched
	terms    termSet  // what to highlight
	near     []string // words read as the nearest word some question holds (typos), as typed
	nearAs   []string // for each of near, the word it was read as (readTypos), "" when unknown
}

// analyze returns the distinct terms of text under analyzer a, in order.
func analyze(a analysis.Analyzer, text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, tok := range a.Analyze([]byte(text)) {
		t := string(tok.Term)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// buildQuery turns a parsed query and the IDs to leave out into a plan;
// with noTypos it reads no typos (see wordGroups).
// Ranked by relevance, a question may match any of the words (more is
// better); in an explicit order (allWords) it must hold every word, as a
// list by date or votes has no other way to put the best matches first.
func (ix *Index) buildQuery(ctx context.Context, q Query, excludeIDs []int64, allWords, noTypos bool) (plan, error) {
	p := plan{terms: newTermSet()}
	var must, filters, mustNot []query.Query

	groups, words, near, nearAs, missing, err := ix.wordGroups(ctx, q.Words, p.terms, allWords, noTypos)
	p.near, p.nearAs = near, nearAs
	if err != nil {
		return p, err
	}
	if len(words) > 0 && len(groups) == 0 || allWords && missing > 0 {
		// Searchable words that no question holds: nothing can match.
		p.nothing = true
		return p, nil
	}
	if len(groups) > 0 {
		if allWords {
			must = append(must, query.NewConjunctionQuery(groups))
		} else {
			must = append(must, query.NewDisjunctionQuery(groups))
		}
		p.hasText = true
	}
	var exact []exactPhrase
	for _, ph := range q.Phrases {
		if c := ix.phraseClause(ph, p.terms); c != nil {
			must = append(must, c)
			p.hasText = true
			if e, ok := ix.newExactPhrase(ph); ok {
				exact = append(exact, e)
			}
		}
	}
	filters = append(filters, filterClauses(q)...)
	excl, err := ix.excludeClauses(ctx, q, excludeIDs, append(slices.Clone(must), filters...))
	if err != nil {
		return p, err
	}
	mustNot = append(mustNot, excl...)

	p.terms.seal()
	p.stopOnly = q.HasText() && !p.hasText
	if q.HasText() && !p.hasText && len(filters) == 0 || q.Empty() && len(q.Ignored) > 0 {
		// Only stop words or punctuation were typed, or only filters that
		// could not be read.
		p.nothing = true
	}
	if len(must) == 0 && len(filters) == 0 && len(mustNot) == 0 {
		p.q = query.NewMatchAllQuery()
		return p, nil
	}
	if len(must) == 0 && len(filters) > 0 {
		// Without text the filters select: walking their postings is
		// cheaper than testing every question against them.
		must, filters = filters, nil
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	if len(must) > 0 {
		bq.AddMust(must...)
	}
	if len(words) >= 2 {
		if prox := ix.proximityClauses(q.Words); len(prox) > 0 {
			bq.AddShould(prox...)
		}
	}
	if len(filters) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(filters))
	}
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	if len(exact) > 0 && !p.nothing {
		// The index holds no stop words, so the phrase query matched the
		// other words only: the best matches are checked word for word,
		// and the search keeps those that hold every phrase.
		ids, err := ix.exactPhraseIDs(ctx, bq, exact, false)
		if err != nil {
			return p, err
		}
		if len(ids) == 0 {
			p.nothing = true
			return p, nil
		}
		bq.AddFilter(query.NewConjunctionQuery(append(filters, query.NewDocIDQuery(ids))))
	}
	p.q = bq
	return p, nil
}

// proximityClauses reward the words standing together as typed, as a
// phrase in the title. (In bodies too it cost a tenth of a broad query's
// time and changed no eval figure.)
func (ix *Index) proximityClauses(words []string) []query.Query {
	text := strings.Join(words, " ")
	if len(analyze(ix.en, text)) < 2 {
		return nil
	}
	return []query.Query{matchPhrase(text, fTitleEN, analyzerEN, wPhrase)}
}

// appendTerms appends one boosted term query per term on field.
func appendTerms(dst []query.Query, terms []string, field string, boost float64) []query.Query {
	for _, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		dst = append(dst, tq)
	}
	return dst
}

// phraseFields are the fields with term vectors, where phrases can match
// (English analysis only, so a phrase matches the words as typed).
var phraseFields = []textField{
	{fTitleEN, "", wTitle},
	{fBodyEN, "", wBody},
	{fAcceptedEN, "", wAccepted},
}

// phraseClause matches text as an exact phrase: a single word anywhere
// (both languages); several words as a phrase in the English title, body
// or accepted answer, or all of them in the other answers (which keep no
// term positions). It returns nil if text has no searchable term, and
// records terms in ts when ts is non-nil.
func (ix *Index) phraseClause(text string, ts termSet) query.Query {
	enT, deT := analyze(ix.en, text), analyze(ix.de, text)
	if len(enT)+len(deT) == 0 {
		return nil
	}
	if ts.en != nil {
		// Highlighting: a phrase of several words (stop words counted) is
		// marked only where it stands whole.
		if words := ix.phraseWords(text); len(words.words) > 1 {
			for _, t := range enT {
				ts.en[t] = true
			}
			for _, t := range deT {
				ts.de[t] = true
			}
			*ts.phrases = append(*ts.phrases, words)
		} else {
			ts.addPlain(enT, deT)
		}
	}
	var clauses []query.Query
	if len(enT) <= 1 && len(deT) <= 1 {
		for _, f := range searchFields {
			clauses = appendTerms(clauses, enT, f.en, f.w)
			clauses = appendTerms(clauses, deT, f.de, f.w*wGerman)
		}
		return query.NewDisjunctionQuery(clauses)
	}
	if len(enT) == 0 {
		return nil
	}
	for _, f := range phraseFields {
		clauses = append(clauses, matchPhrase(text, f.en, analyzerEN, f.w))
	}
	// Other answers keep no positions: there, all the words will do.
	all := appendTerms(nil, enT, fAnswersEN, wAnswers)
	clauses = append(clauses, query.NewConjunctionQuery(all))
	return query.NewDisjunctionQuery(clauses)
}

// matchPhrase is a phrase query on one field with an explicit analyzer.
func matchPhrase(text, field, analyzer string, boost float64) query.Query {
	mp := query.NewMatchPhraseQuery(text)
	mp.SetField(field)
	mp.Analyzer = analyzer
	mp.SetBoost(boost)
	return mp
}

// excludeClauses are the must-not clauses: excluded words and phrases,
// excluded tags and the IDs to leave out. An excluded word also leaves out
// the questions filed under the tag it names (itself, or its singular, as
// the word would find them): -daedalus drops a question tagged daedalus
// whose text never says it. within are the search's other conditions: an
// excluded phrase with stop words is looked for among what they find.
func (ix *Index) excludeClauses(ctx context.Context, q Query, excludeIDs []int64, within []query.Query) ([]query.Query, error) {
	var out []query.Query
	var st *termStats
	defer func() {
		if st != nil {
			st.close()
		}
	}()
	var stopPhrases []exactPhrase
	var stopClauses []query.Query
	for _, e := range q.Excluded {
		if c := ix.phraseClause(e, termSet{}); c != nil {
			if ep, ok := ix.newExactPhrase(e); ok {
				stopPhrases, stopClauses = append(stopPhrases, ep), append(stopClauses, c)
			} else {
				out = append(out, c)
			}
		}
		if strings.ContainsRune(e, ' ') {
			continue
		}
		t := normalizeTag(strings.Trim(e, "?!,;:.()'\""))
		if t == "" {
			continue
		}
		if st == nil {
			var err error
			if st, err = ix.newStats(ctx); err != nil {
				return nil, err
			}
		}
		if tag, df := st.tagOrSingular(t); df > 0 {
			out = append(out, fieldTerm(fTags, tag))
		}
	}
	if len(stopPhrases) > 0 {
		// Stop words: leave out only the best matches of the phrases'
		// other words, among what the search finds, that hold one of the
		// phrases word for word: all of them checked in one pass, so that
		// a query excluding many phrases costs one.
		candidates := query.Query(query.NewDisjunctionQuery(stopClauses))
		if len(within) > 0 {
			candidates = query.NewConjunctionQuery(append(slices.Clone(within), candidates))
		}
		ids, err := ix.exactPhraseIDs(ctx, candidates, stopPhrases, true)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			out = append(out, query.NewDocIDQuery(ids))
		}
	}
	for _, t := range q.ExcludedTags {
		out = append(out, fieldTerm(fTags, t))
	}
	if len(excludeIDs) > 0 {
		ids := make([]string, 0, len(excludeIDs))
		for _, id := range excludeIDs {
			ids = append(ids, docID(id))
		}
		out = append(out, query.NewDocIDQuery(ids))
	}
	return out, nil
}

// fieldTerm is an exact term query on field.
func fieldTerm(field, term string) query.Query {
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	return tq
}
