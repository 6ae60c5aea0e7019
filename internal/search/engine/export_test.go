package engine

import "golang.org/x/time/rate"

// SetRelatedRate replaces the bound on searches for related questions.
func (e *Engine) SetRelatedRate(per rate.Limit, burst int) {
	e.related.mu.Lock()
	defer e.related.mu.Unlock()
	e.related.rate = rate.NewLimiter(per, burst)
}

// RelatedFresh is relatedFresh.
const RelatedFresh = relatedFresh
