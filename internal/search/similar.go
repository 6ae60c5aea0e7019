package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Similar finds questions like a draft (title and body as typed on the
// ask page, or an existing question on its own page). It ORs the title's
// words and the tags they name, and more weakly the first distinct words of
// the body, stop words of both languages left out (stopWord), within a
// cost budget (see planSimilar). A question closed as a
// duplicate of another stands for its original (which is what to show:
// the duplicate's wording is what leads there), except a duplicate of
// excludeID, which is left out itself; among close matches answered
// questions come first. A question must share the title's telling words
// (titleRule: half of them and a specific one, as for Suggest; typos read
// as the word they are close to, and naming its tags; bare numbers only
// rank, as for Suggest): the list is shorter than limit, or
// empty, rather than padded with questions that share one common word.
// limit defaults to 10 and is capped at 50. Hits carry no highlights.
func (ix *Index) Similar(ctx context.Context, title, body string, limit int, excludeID int64) ([]Hit, error) {
	return ix.similar(ctx, title, body, nil, limit, excludeID, 0)
}

// suggestShare is the share of a problem's words a suggestion must match.
const suggestShare = 0.5

// unknownShare is what a word no question holds counts for in that share.
const unknownShare = 0.5

// Suggest is Similar for a problem described in a sentence (Get help): a
// question must also match at least half of the sentence's words (stop
// words aside), one of its specific words, and one of its words in its
// title or tags, so that a problem that shares only common words with the
// site ("shows", "zeigt"), or that some answer merely mentions, gets no
// suggestion (a content gap) rather than unrelated questions. A bare
// number ("error 10") is none of those words, though a question that holds
// it ranks higher; an identifier ("10016") is a word (bareNumber). Typos are
// read as the nearest word the site holds, and tags match words in any
// language (see planSimilar).
func (ix *Index) Suggest(ctx context.Context, problem string, limit int) ([]Hit, error) {
	return ix.similar(ctx, problem, "", nil, limit, 0, suggestShare)
}

func (ix *Index) similar(ctx context.Context, title, body string, tags []string, limit int, excludeID int64, minShare float64) ([]Hit, error) {
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, 50)
	q, strict, err := ix.similarQuery(ctx, title, body, tags, excludeID, minShare)
	if err != nil || q == nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, max(limit*4, 40), 0, false)
	req.Fields = signalFields
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: similar: %w", err)
	}
	if strict != nil && len(sr.Hits) > 0 {
		// Hits that came in through a tag alone rank below those that
		// share half the problem's words.
		ids := make([]string, len(sr.Hits))
		for i, h := range sr.Hits {
			ids[i] = h.ID
		}
		sreq := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{strict, query.NewDocIDQuery(ids)}), len(ids), 0, false)
		full, err := ix.idx.SearchInContext(ctx, sreq)
		if err != nil {
			return nil, fmt.Errorf("search: similar: %w", err)
		}
		shared := make(map[string]bool, len(full.Hits))
		for _, h := range full.Hits {
			shared[h.ID] = true
		}
		for _, h := range sr.Hits {
			if !shared[h.ID] {
				h.Score *= wSimTagOnly
			}
		}
	}
	for _, h := range sr.Hits {
		if readSignals(h).answered() {
			h.Score *= 1 + wSimAnswered
		}
	}
	slices.SortStableFunc(sr.Hits, byScore)
	out := make([]Hit, 0, limit)
	seen := make(map[int64]bool, limit)
	for _, h := range sr.Hits {
		if len(out) == limit {
			break
		}
		id, err := parseDocID(h.ID)
		if err != nil {
			return nil, err
		}
		// A duplicate's words lead to its original: the question that has
		// the answers (once, at the better place).
		// (A duplicate of excludeID restates the question on whose page the
		// list is: it stays itself.)
		if v, ok := h.Fields[fDuplicateOf].(string); ok && v != "0" && v != "" && v != docID(excludeID) {
			if id, err = parseDocID(v); err != nil {
				return nil, err
			}
		}
		if id == excludeID || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, Hit{ID: id, Score: h.Score})
	}
	return out, nil
}

// similarQuery builds the query for Similar, or nil when title and body
// hold no searchable word (and tags no tag within relatedTagBudget); a
// question must match at least minShare of the words (stop words aside).
// With tags (Related) a question sharing one of them needs no share of the
// words. For Suggest, strict is the share rule alone (nil when the query
// has no other way in).
func (ix *Index) similarQuery(ctx context.Context, title, body string, tags []string, excludeID int64, minShare float64) (q, strict query.Query, err error) {
	titleWords := ProblemWords(title)
	bodyWords := words(truncateRunes(cleanText(body), similarBodyRunes))
	related := tags != nil // Related: the question's own tags are a way in
	suggest := minShare > 0 && !related
	plan, unknown, err := ix.planSimilar(ctx, titleWords, bodyWords, tags, suggest)
	if err != nil {
		return nil, nil, err
	}
	var groups, topic, own, common, ranking []query.Query
	var texts []query.Query // groups without the tags the words name (Related)
	var wordPlan []simWord  // plan without the own tags and numbers, in groups' order
	for _, w := range plan {
		if w.own {
			// Related: a tag of the question's is a way in of its own,
			// not one of its words (a common one only with a telling
			// word). Those in through tags alone rank
			// below those that share the words too, by their scores
			// (Suggest's second search to tell them apart cost a fifth
			// more on the busiest page).
			if w.common {
				common = appendTerms(common, w.tags, fTags, wSimTag)
			} else {
				own = appendTerms(own, w.tags, fTags, wSimTag)
			}
			continue
		}
		var clauses []query.Query
		for _, f := range w.fields {
			clauses = appendTerms(clauses, w.en, f.en, f.w)
			if f.de != "" {
				clauses = appendTerms(clauses, w.de, f.de, f.w*wGerman)
			}
		}
		if w.number {
			// A bare number ranks, but is no word of the problem's or
			// title's share, no specific one, and no topic (bareNumber;
			// Related plans none).
			ranking = append(ranking, clauses...)
			continue
		}
		if related && len(clauses) > 0 {
			texts = append(texts, query.NewDisjunctionQuery(slices.Clone(clauses)))
		} else if related {
			texts = append(texts, query.NewMatchNoneQuery())
		}
		for _, t := range w.tags {
			clauses = appendTerms(clauses, []string{t}, fTags, wSimTag)
			topic = appendTerms(topic, []string{t}, fTags, wTopic)
		}
		groups = append(groups, query.NewDisjunctionQuery(clauses))
		wordPlan = append(wordPlan, w)
		if suggest {
			topic = appendTerms(topic, w.en, fTitleEN, wTopic)
			topic = appendTerms(topic, w.de, fTitleDE, wTopic)
		}
	}
	if len(groups) == 0 && len(own) == 0 {
		return nil, nil, nil
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	switch {
	case related:
		// A question is related when it shares a tag with this one that
		// few questions have, or a common one (CommonTag) and a telling
		// word of its title (below), or half of its title's words (stop
		// words, fillers and numbers aside) and one of their specific
		// ones (the rarest, see specificWords): one common word
		// ("working", "every") or one common tag ("windows") makes no
		// question related, and a short list beats one padded with such.
		var in []query.Query
		specific, _ := specificWords(wordPlan, groups)
		need := math.Ceil(minShare * (float64(len(groups)) + unknownShare*float64(unknown)))
		if len(groups) > 0 && need <= float64(len(groups)) {
			match := query.NewDisjunctionQuery(groups)
			match.SetMin(need)
			if specific != nil {
				in = append(in, query.NewConjunctionQuery([]query.Query{match, specific}))
			} else {
				in = append(in, match)
			}
		}
		if len(own) > 0 {
			in = append(in, query.NewDisjunctionQuery(own))
		}
		// A common tag needs a telling word beside it: one of the title's
		// words (as above, and not itself in the titles of as many
		// questions as a common tag) in the question's text. The words'
		// own tags are no such word: "Plutus script fails", tagged
		// plutus, would name that tag once more.
		var telling []query.Query
		for i, w := range wordPlan {
			if !w.frequent {
				telling = append(telling, texts[i])
			}
		}
		if len(common) > 0 && len(telling) > 0 {
			in = append(in, query.NewConjunctionQuery([]query.Query{query.NewDisjunctionQuery(common), query.NewDisjunctionQuery(telling)}))
		}
		if len(in) == 0 {
			return nil, nil, nil
		}
		bq.AddMust(query.NewDisjunctionQuery(in))
	case suggest:
		match := query.NewDisjunctionQuery(groups)
		// Words no question holds count too: a problem the site has
		// mostly never heard of matches nothing.
		need := math.Ceil(minShare * (float64(len(groups)) + unknownShare*float64(unknown)))
		if len(groups) == 0 || need > float64(len(groups)) {
			return nil, nil, nil
		}
		match.SetMin(need)
		specific, rare := specificWords(wordPlan, groups)
		// A question tagged with one of the problem's specific words needs
		// no half of its words: tags are what an English problem shares with
		// a German question ("onedrive red crosses" and "OneDrive zeigt rote
		// Kreuze", tagged onedrive).
		var tagged []query.Query
		for _, i := range rare {
			tagged = appendTerms(tagged, wordPlan[i].tags, fTags, wTopic)
		}
		if len(tagged) > 0 {
			bq.AddMust(query.NewDisjunctionQuery([]query.Query{match, query.NewDisjunctionQuery(tagged)}))
			strict = match
		} else {
			bq.AddMust(match)
		}
		if specific != nil {
			bq.AddMust(specific)
		}
		// The question is about the problem: one of its words is in the
		// question's title or tags, not only somewhere in its text.
		bq.AddMust(query.NewDisjunctionQuery(topic))
		if len(ranking) > 0 {
			bq.AddShould(ranking...) // optional beside the musts: it only ranks
		}
	default:
		bq.AddMust(query.NewDisjunctionQuery(groups))
		rule, none := titleRule(wordPlan, groups, unknown)
		if none {
			return nil, nil, nil
		}
		if rule != nil {
			bq.AddFilter(rule) // a condition only: the words above rank
		}
		if len(ranking) > 0 {
			bq.AddShould(ranking...) // optional beside the musts: it only ranks
		}
	}
	// Closed duplicates stand for their originals (see similar).
	if excludeID != 0 {
		bq.AddMustNot(query.NewDocIDQuery([]string{docID(excludeID)}))
	}
	return bq, strict, nil
}

// specificWords is the condition "a question holds one of the problem's
// specific words": the rarest words on the site that together carry at
// least half of what its known words weigh (inverse document frequency).
// In "printer not working" a question must mention the printer, not merely
// "working"; in "outlook calendar sync" the calendar or the sync. Nil when
// the problem has fewer than two words the site knows. groups are the
// words' queries, in plan order; rare are the specific words' plan indices.
func specificWords(plan []simWord, groups []query.Query) (q query.Query, rare []int) {
	var known []int
	total := 0.0
	for i, w := range plan {
		// A stop word that names a tag ("it") is most often the word, not
		// the topic: it is never specific, so that its tag alone lets in
		// no question.
		if w.df > 0 && w.idf > 0 && !w.stop {
			known = append(known, i)
			total += w.idf
		}
	}
	if len(known) < 2 {
		return nil, nil
	}
	slices.SortStableFunc(known, func(a, b int) int { return cmp.Compare(plan[b].idf, plan[a].idf) })
	var any []query.Query
	sum := 0.0
	for n, i := range known {
		any = append(any, groups[i])
		rare = append(rare, i)
		if sum += plan[i].idf; sum >= total/2 {
			// A word that names a tag is specific too: the site itself
			// files questions under it.
			for _, j := range known[n+1:] {
				if len(plan[j].tags) > 0 {
					any = append(any, groups[j])
					rare = append(rare, j)
				}
			}
			break
		}
	}
	return query.NewDisjunctionQuery(any), rare
}

// ProblemWords returns the words of a problem described in a sentence
// (Get help), or of a title being typed, as Suggest and Similar look them
// up: plain words, with no query syntax ("-urgent" is the word urgent,
// "[hr]" the word hr, quotes are no phrase), cut at the first 300 runes.
// Only the search page's box reads the syntax (Parse).
func ProblemWords(text string) []string {
	return words(truncateRunes(cleanText(text), similarTitleRunes))
}

// words splits text into the words the analyzers see, so that each yields
// at most one term ("cardano-node" is two words).
func words(text string) []string {
	var out []string
	for _, t := range (wordTokenizer{}).Tokenize([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// Related finds the questions like an existing one, for its page: Similar
// on its title (its body left out: the title and tags say what it is
// about, and every word more is postings read on the site's busiest page)
// and its tags, the question itself left out. A question is related when
// it shares one of its tags that few questions have; or one on many
// (CommonTag: "windows") and a word of the title in its text that is in
// fewer titles than such a tag; or, as a suggestion of Get help must (see
// Suggest), at least half of its title's words (stop words, fillers and
// bare numbers aside, see bareNumber) and one of the specific ones among
// them: one word in common ("working", "every", "10") or one common tag
// relates no question, and the list is shorter than limit, or empty,
// rather than filled with such. A tag is
// looked up as a tag only, and only while the questions of its tags stay
// within relatedTagBudget, the rarest first: a tag that half the site has
// says little about a question and would cost its whole postings list. Term
// look-ups only, no prefix or fuzzy ones (no typos), and within
// relatedBudget rather than Similar's budget (see planSimilar). limit as
// Similar's.
func (ix *Index) Related(ctx context.Context, title string, tags []string, limit int, excludeID int64) ([]Hit, error) {
	if tags == nil {
		tags = []string{} // (not nil: the plan's budget is Related's)
	}
	return ix.similar(ctx, title, "", tags, limit, excludeID, suggestShare)
}
