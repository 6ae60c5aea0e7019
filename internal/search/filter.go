package search

import (
	"github.com/blevesearch/bleve/v2/search/query"
)

// filterClauses are the non-scoring restrictions of q: tags, user, score,
// answers, is:answered/unanswered/accepted, -is:accepted, closed and created.
func filterClauses(q Query) []query.Query {
	var out []query.Query
	for _, t := range q.Tags {
		out = append(out, fieldTerm(fTags, t))
	}
	if q.UserID != 0 {
		out = append(out, fieldTerm(fAuthor, docID(q.UserID)))
	}
	if q.MinScore != nil || q.MaxScore != nil {
		out = append(out, numRange(fScore, floatOrNil(q.MinScore), floatOrNil(q.MaxScore)))
	}
	if q.MinAnswers != nil || q.MaxAnswers != nil {
		out = append(out, numRange(fAnswerCount, floatOrNil(q.MinAnswers), floatOrNil(q.MaxAnswers)))
	}
	if q.Answered {
		out = append(out, boolTerm(fAnswered, true))
	}
	if q.Unanswered {
		out = append(out, boolTerm(fAnswered, false))
	}
	if q.Accepted {
		out = append(out, boolTerm(fHasAccepted, true))
	}
	if q.NotAccepted {
		out = append(out, boolTerm(fHasAccepted, false))
	}
	if q.Closed != nil {
		out = append(out, boolTerm(fClosed, *q.Closed))
	}
	if !q.CreatedFrom.IsZero() || !q.CreatedBefore.IsZero() {
		yes, no := true, false
		dq := query.NewDateRangeInclusiveQuery(q.CreatedFrom, q.CreatedBefore, &yes, &no)
		dq.SetField(fCreated)
		out = append(out, dq)
	}
	return out
}

// floatOrNil is *n as a float64, nil for nil.
func floatOrNil(n *int) *float64 {
	if n == nil {
		return nil
	}
	v := float64(*n)
	return &v
}

// numRange is an inclusive numeric range on field; nil means unbounded.
func numRange(field string, lo, hi *float64) query.Query {
	yes := true
	q := query.NewNumericRangeInclusiveQuery(lo, hi, &yes, &yes)
	q.SetField(field)
	return q
}

// boolTerm matches a boolean field's value.
func boolTerm(field string, v bool) query.Query {
	q := query.NewBoolFieldQuery(v)
	q.SetField(field)
	return q
}
