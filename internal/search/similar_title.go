package search

import (
	"math"

	"github.com/blevesearch/bleve/v2/search/query"
)

// titleRule is the condition a question must meet for Similar, a filter
// that scores nothing. For a title alone (the Ask page's suggestions under
// the title, as it is typed) it is Get help's (see Suggest): a question
// shares at least half of the title's words (stop words aside; a word no
// question holds counts for unknownShare, a typo read as the word it is
// close to counts as that word) and one of their specific ones
// (specificWords), or is tagged with one of those specific words (a
// question in the other language). So a title that shares only a common
// word ("pages", "not", "login") with a question does not list it, and the
// list is shorter than asked, or empty, rather than padded.
//
// With a body (a question's duplicates, the API's body parameter) the draft
// says more than its title: one of the title's specific words is enough, or
// the body's specific words (a duplicate often says in its body what its
// title puts otherwise). Requiring half the title's words there cost the
// duplicates eval a third of its recall@10 on raspberrypi.meta.
//
// plan and groups are Similar's words and their queries, in the same
// order; unknown counts the title's words no question holds. none: no
// question can meet the rule (most of the title is unknown to the site);
// rule is nil when there is nothing to require.
func titleRule(plan []simWord, groups []query.Query, unknown int) (rule query.Query, none bool) {
	var titlePlan, bodyPlan []simWord
	var titleGroups, bodyGroups []query.Query
	for i, w := range plan {
		if w.body {
			bodyPlan = append(bodyPlan, w)
			bodyGroups = append(bodyGroups, groups[i])
		} else {
			titlePlan = append(titlePlan, w)
			titleGroups = append(titleGroups, groups[i])
		}
	}
	var byBody query.Query
	if len(bodyGroups) > 0 {
		byBody, _ = specificWords(bodyPlan, bodyGroups)
	}
	if len(titleGroups) == 0 {
		return byBody, false
	}
	need := math.Ceil(suggestShare * (float64(len(titleGroups)) + unknownShare*float64(unknown)))
	if need > float64(len(titleGroups)) {
		if byBody != nil {
			return byBody, false
		}
		return nil, true
	}
	specific, rare := specificWords(titlePlan, titleGroups)
	var in query.Query
	switch {
	case specific != nil && byBody != nil:
		in = specific
	default:
		match := query.NewDisjunctionQuery(titleGroups)
		match.SetMin(need)
		in = match
		var tagged []query.Query
		for _, i := range rare {
			tagged = appendTerms(tagged, titlePlan[i].tags, fTags, wTopic)
		}
		if len(tagged) > 0 {
			in = query.NewDisjunctionQuery([]query.Query{match, query.NewDisjunctionQuery(tagged)})
		}
		if specific != nil {
			in = query.NewConjunctionQuery([]query.Query{in, specific})
		}
	}
	if byBody != nil {
		in = query.NewDisjunctionQuery([]query.Query{in, byBody})
	}
	return in, false
}
