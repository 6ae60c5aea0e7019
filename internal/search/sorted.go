package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A sorted search must find the first hits of its matches in key order.
// Bleve reads the sort keys of every match to do so (0.1–0.2 µs each): for
// a broad query over a million questions (score:1 matches 840,000) that
// is 100–200 ms, while counting the matches takes 25 ms. So sortedPage
// counts the matches, and when they are many searches only the questions
// whose sort key is among the highest: a window, found from the
// dictionary of a field that orders questions as the key does but with
// few values (the day; the score and the day), sized by the share of all
// questions the query matches. If enough of the window match, they are
// exactly the first hits, as no question outside it can come before them;
// otherwise the window widens, and after a few tries every match is
// sorted as before.

// windowField is, for each sort key field, the keyword field that limits a
// window: its values order questions as the sort key does, but are shared
// by many questions (the day; the score and day), so that the window is a
// short range of terms. Read from the top, the first values that hold
// enough questions make the window.
var windowField = map[string]windowKeys{
	fSortVotes:    {coarse: fSortVotes, fine: fVotesDay},
	fSortCreated:  {fine: fCreatedDay},
	fSortActivity: {fine: fActivityDay},
}

// windowKeys names a window field (fine) and, when its dictionary is long,
// a field (coarse) whose values are the prefixes of its values and whose
// dictionary is short: the coarse dictionary finds the prefix where the
// window starts, the fine one only under that prefix.
type windowKeys struct{ coarse, fine string }

// Window bounds: a query with fewer than windowMinMatches matches is
// sorted in full (cheap at that size); a window holds windowSlack times
// the questions that should give a page's hits, judged by the share of all
// questions the query matches, is not worth it beyond a quarter of the
// index, and is widened at most maxWindowTries-1 times. A coarse window
// value holding up to coarseSlack times the questions wanted is used as it
// is (a short term range); a larger one is narrowed with the fine field.
const (
	windowMinMatches = 10000
	windowSlack      = 2
	maxWindowTries   = 3
	coarseSlack      = 8
)

// sortedPage is page for an explicit order (descending by a sort key
// field, order[0]), with the same result.
func (ix *Index) sortedPage(ctx context.Context, q query.Query, order []string, from, size int, fields []string) (*bleve.SearchResult, error) {
	keys, ok := windowField[strings.TrimPrefix(order[0], "-")]
	if !ok || !strings.HasPrefix(order[0], "-") {
		return ix.scanPage(ctx, q, order, from, size, fields)
	}
	docs, err := ix.idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if docs < uint64(ix.windowMin) {
		return ix.scanPage(ctx, q, order, from, size, fields)
	}
	counted, err := ix.count(ctx, q, false)
	if err != nil {
		return nil, err
	}
	total := counted.Total
	if total < uint64(ix.windowMin) {
		return ix.scanPage(ctx, q, order, from, size, fields)
	}
	need := from + size
	share := float64(total) / float64(docs)
	for range maxWindowTries {
		want := float64(need) / share * windowSlack
		if want > float64(docs)/4 {
			break
		}
		field, floor, held, err := ix.windowFloor(keys, int(want))
		if err != nil {
			return nil, err
		}
		if floor == "" {
			break // the whole field holds fewer than want
		}
		inclusive := true
		window := query.NewTermRangeInclusiveQuery(floor, "", &inclusive, nil)
		window.SetField(field)
		sr, err := ix.scanPage(ctx, query.NewConjunctionQuery([]query.Query{q, window}), order, from, size, fields)
		if err != nil {
			return nil, err
		}
		if sr.Total >= uint64(need) {
			sr.Total = total
			ix.windowed.Add(1)
			return sr, nil
		}
		// The newest or best questions match less often than the rest:
		// widen by the share of the window that matched.
		share = min(share/2, float64(sr.Total+1)/float64(held))
	}
	return ix.scanPage(ctx, q, order, from, size, fields)
}

// windowFloor returns the window field and its lowest value such that the
// questions whose value is at least that number at least want, and how
// many they are; "" if the whole field holds fewer.
func (ix *Index) windowFloor(w windowKeys, want int) (field, floor string, held int, err error) {
	prefix, above := "", 0
	if w.coarse != "" {
		entries, err := ix.dictEntries(w.coarse, "")
		if err != nil {
			return "", "", 0, err
		}
		i, held := floorEntry(entries, want)
		if i < 0 {
			return "", "", 0, nil
		}
		if held <= want*coarseSlack {
			return w.coarse, entries[i].Term, held, nil
		}
		prefix, above = entries[i].Term, held-int(entries[i].Count)
	}
	entries, err := ix.dictEntries(w.fine, prefix)
	if err != nil {
		return "", "", 0, err
	}
	i, held := floorEntry(entries, want-above)
	if i < 0 {
		return "", "", 0, nil
	}
	return w.fine, entries[i].Term, above + held, nil
}

// floorEntry returns the highest i such that entries[i:] count at least
// want, and their count; -1 if all of them count fewer.
func floorEntry(entries []index.DictEntry, want int) (int, int) {
	held := 0
	for i := len(entries) - 1; i >= 0; i-- {
		if held += int(entries[i].Count); held >= want {
			return i, held
		}
	}
	return -1, held
}

// dictEntries lists the terms of field that start with prefix, in order,
// with their question counts.
func (ix *Index) dictEntries(field, prefix string) ([]index.DictEntry, error) {
	d, err := ix.idx.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, fmt.Errorf("search: sort window: %w", err)
	}
	defer d.Close()
	var out []index.DictEntry
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("search: sort window: %w", err)
		}
		if e == nil {
			return out, nil
		}
		out = append(out, *e)
	}
}

// count counts the questions q matches, and with facets their tags.
func (ix *Index) count(ctx context.Context, q query.Query, facets bool) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = bleve.ScoreNone
	if facets {
		addTagFacet(req)
	}
	sr, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return sr, nil
}
