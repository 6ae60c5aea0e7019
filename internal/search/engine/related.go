package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"stackdesk/internal/errs"
	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

// relatedFresh is how long a question's related questions are reused
// after the index has changed: a question asked meanwhile joins the list
// within that time. While the index is unchanged they are reused as long
// as they are kept.
const relatedFresh = 5 * time.Minute

// relatedKept bounds the questions whose related questions are kept.
const relatedKept = 20000

// relatedPerSecond and relatedBurst bound the searches for related
// questions of one process (some 2 ms of CPU each at 100,000 questions):
// a page past them is shown without its related questions, and a later
// view finds them. So a crawl, or a load test, of thousands of questions
// no one has opened lately costs a tenth of a core for them, not every
// core, while the lists of the questions people read stay kept.
const (
	relatedPerSecond = 50
	relatedBurst     = 50
)

// errRelatedBusy: relatedPerSecond are spent.
var errRelatedBusy = errors.New("engine: related questions: too many searches this second")

// relatedKey names one question's related questions: its id, title and
// tags (an edit of either is a new key), and how many were asked for.
type relatedKey struct {
	id, limit   int64
	title, tags string
}

// relatedEntry is a kept list: the ids found, at which outbox mark and when.
type relatedEntry struct {
	ids  []int64
	mark int64
	at   time.Time
}

// relatedCache keeps the related questions found for questions' pages.
type relatedCache struct {
	mu   sync.Mutex
	m    map[relatedKey]relatedEntry
	rate *rate.Limiter // relatedPerSecond
}

// Related returns the ids of up to limit questions related to question
// id (by its title and tags, see search.Index.Related), best first. They
// are search hits: the caller loads them from the database, where deleted
// ones drop out. A question's page is the site's busiest, so the lists are
// kept (those found while the index was catching up excepted): while the
// index is unchanged, and for relatedFresh after; and the searches are
// bounded (relatedPerSecond, else errRelatedBusy). The ids
// returned are shared: the caller must not change them.
func (e *Engine) Related(ctx context.Context, id int64, title string, tags []string, limit int) ([]int64, error) {
	key := relatedKey{id: id, limit: int64(limit), title: title}
	for _, t := range tags {
		key.tags += t + " "
	}
	now := time.Now()
	if e.Now != nil {
		now = e.Now()
	}
	mark := e.mark.Load()
	e.related.mu.Lock()
	if en, ok := e.related.m[key]; ok && (en.mark == mark || now.Sub(en.at) < relatedFresh) {
		e.related.mu.Unlock()
		return en.ids, nil
	}
	if e.related.rate == nil {
		e.related.rate = rate.NewLimiter(relatedPerSecond, relatedBurst)
	}
	limiter := e.related.rate
	e.related.mu.Unlock()
	if !limiter.Allow() { // (real time: it bounds CPU)
		return nil, errRelatedBusy
	}
	var hits []search.Hit
	err := e.withIndex(func(ix *search.Index) error {
		var err error
		hits, err = ix.Related(ctx, title, tags, limit, id)
		return err
	})
	if err != nil {
		return nil, unavailable(err)
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	if e.head.Load() > mark {
		return ids, nil // the index is behind: found again once it has caught up
	}
	e.related.mu.Lock()
	defer e.related.mu.Unlock()
	if e.related.m == nil || len(e.related.m) >= relatedKept {
		e.related.m = make(map[relatedKey]relatedEntry, 1024) // kept lists are only a saving: start again
	}
	e.related.m[key] = relatedEntry{ids: ids, mark: mark, at: now}
	return ids, nil
}

// RelatedTo is Related for question q's page, asking for some more than
// limit so that the linked questions among them (its original, its
// duplicates) and the deleted ones can be left out: search being down
// (the index being built), busy (relatedPerSecond) or failing lists
// none, and the page is shown
// all the same (the failure logged). A nil engine finds none.
func (e *Engine) RelatedTo(ctx context.Context, q *store.Post, limit int) []int64 {
	if e == nil || q.DeletedAt != nil {
		return nil
	}
	ids, err := e.Related(ctx, q.ID, q.Title, strings.Fields(q.Tags), limit+limit/2+2)
	switch {
	case err == nil:
		return ids
	case errs.Is(err, errs.Unavailable), errors.Is(err, errRelatedBusy), ctx.Err() != nil:
	default:
		e.Log.Warn("related questions", "question", q.ID, "err", err)
	}
	return nil
}
