package search

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// signalFields are the stored fields re-ranking reads for each text hit.
var signalFields = []string{
	fScore, fAnswerCount, fAnswerScore, fHasAccepted, fClosed, fDuplicateOf, fActivity,
}

// signals are the "this answers it" facts of one hit.
type signals struct {
	score, answerCount, answerScore float64
	accepted, closed, duplicate     bool
	activity                        time.Time
}

// readSignals extracts signals from a hit's loaded fields.
func readSignals(h *bsearch.DocumentMatch) signals {
	var s signals
	num := func(f string) float64 { v, _ := h.Fields[f].(float64); return v }
	s.score, s.answerCount = num(fScore), num(fAnswerCount)
	s.answerScore = num(fAnswerScore)
	if v, ok := h.Fields[fDuplicateOf].(string); ok && v != "0" {
		s.duplicate = true
	}
	s.accepted, _ = h.Fields[fHasAccepted].(bool)
	s.closed, _ = h.Fields[fClosed].(bool)
	if v, ok := h.Fields[fActivity].(string); ok {
		s.activity, _ = time.Parse(time.RFC3339Nano, v)
	}
	return s
}

// answered reports whether the question has an accepted or upvoted answer.
func (s signals) answered() bool { return s.accepted || s.answerScore > 0 }

// boost is the multiplier applied to a hit's text score (see weights.go).
func (s signals) boost(now time.Time) float64 {
	f := 1.0
	if s.accepted {
		f += wHasAccepted
	}
	f += wAnswerScore * math.Log2(1+math.Max(0, s.answerScore))
	if s.score >= 0 {
		f += wQuestionScore * math.Log2(1+s.score)
	} else {
		f -= wNegScore * math.Log2(1-s.score)
	}
	if !s.activity.IsZero() {
		ageDays := math.Max(0, now.Sub(s.activity).Hours()/24)
		f += wRecency * math.Exp2(-ageDays/recencyHalfDay)
	}
	f = math.Max(f, 0.5)
	switch {
	case s.duplicate:
		f *= penaltyDuplicate
	case s.closed:
		f *= penaltyClosed
	}
	if s.answerCount == 0 {
		f *= penaltyNoAnswer
	}
	return f
}

// reRank multiplies each hit's text score by its signal boost and sorts
// by the result (ties by ID, for stable pages).
func reRank(hits bsearch.DocumentMatchCollection, now time.Time) bsearch.DocumentMatchCollection {
	for _, h := range hits {
		h.Score *= readSignals(h).boost(now)
	}
	slices.SortStableFunc(hits, byScore)
	return hits
}

// byScore orders hits by descending score, then ascending ID.
func byScore(a, b *bsearch.DocumentMatch) int {
	switch {
	case a.Score > b.Score:
		return -1
	case a.Score < b.Score:
		return 1
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// parseDocID reads a question ID back from a Bleve document ID.
func parseDocID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("search: bad document id %q: %w", s, err)
	}
	return id, nil
}
