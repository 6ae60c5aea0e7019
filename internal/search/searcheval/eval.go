package searcheval

import (
	"context"
	"fmt"
	"io"
	"time"

	"stackdesk/internal/search"
)

// evalDepth is how deep a rank is looked for; beyond it the original
// counts as not found (reciprocal rank 0).
const evalDepth = 100

// Metrics summarises the ranks of the originals over all pairs.
type Metrics struct {
	N     int     // pairs evaluated
	R1    float64 // recall@1: share of pairs whose original ranks first
	R5    float64 // recall@5
	R10   float64 // recall@10
	MRR   float64 // mean reciprocal rank (0 when not in the top evalDepth)
	Ranks []int   // rank per pair, 1-based, 0 when not found
}

// add records one rank.
func (m *Metrics) add(rank int) {
	m.Ranks = append(m.Ranks, rank)
	m.N++
	if rank > 0 {
		m.MRR += 1 / float64(rank)
	}
	if rank == 1 {
		m.R1++
	}
	if rank > 0 && rank <= 5 {
		m.R5++
	}
	if rank > 0 && rank <= 10 {
		m.R10++
	}
}

// finish turns counts into shares.
func (m *Metrics) finish() {
	if m.N == 0 {
		return
	}
	n := float64(m.N)
	m.R1, m.R5, m.R10, m.MRR = m.R1/n, m.R5/n, m.R10/n, m.MRR/n
}

// String formats the metrics on one line.
func (m Metrics) String() string {
	return fmt.Sprintf("n=%d recall@1=%.3f recall@5=%.3f recall@10=%.3f MRR=%.3f ranks=%v",
		m.N, m.R1, m.R5, m.R10, m.MRR, m.Ranks)
}

// Summary formats the metrics without the ranks.
func (m Metrics) Summary() string {
	return fmt.Sprintf("n=%d recall@1=%.3f recall@5=%.3f recall@10=%.3f MRR=%.3f", m.N, m.R1, m.R5, m.R10, m.MRR)
}

// Report is the outcome of EvalDuplicates on one dump.
type Report struct {
	Dump    string
	Docs    int
	Search  Metrics // the duplicate's title typed into the search box
	Similar Metrics // the duplicate's title and body given to Similar

	LinkedSearch, LinkedSimilar Metrics // the same for linked (related) questions, a larger tuning set
}

// EvalDuplicates indexes every question of the dump into indexDir (which
// must not exist or be empty) and, for each question closed as a duplicate,
// looks for the original: with Search on the duplicate's title, and with
// Similar on its title and body, the duplicate itself excluded. The clock
// is set to the dump's latest activity, so recency is as it was then.
func EvalDuplicates(ctx context.Context, d *Dump, indexDir string) (Report, error) {
	rep := Report{Dump: d.Name, Docs: len(d.Docs)}
	ix, err := search.Create(indexDir)
	if err != nil {
		return rep, err
	}
	defer ix.Close()
	ix.SetClock(func() time.Time { return d.Latest })
	if err := IndexAll(ix, d.Docs, 1000); err != nil {
		return rep, err
	}
	byID := map[int64]*search.Document{}
	for i := range d.Docs {
		byID[d.Docs[i].ID] = &d.Docs[i]
	}
	if err := evalPairs(ctx, ix, byID, d.Duplicates, &rep.Search, &rep.Similar); err != nil {
		return rep, err
	}
	if err := evalPairs(ctx, ix, byID, d.Linked, &rep.LinkedSearch, &rep.LinkedSimilar); err != nil {
		return rep, err
	}
	return rep, nil
}

// evalPairs looks for each p.Orig from p.Dup with Search and Similar.
func evalPairs(ctx context.Context, ix *search.Index, byID map[int64]*search.Document, pairs []Pair, s, sim *Metrics) error {
	for _, p := range pairs {
		dup := byID[p.Dup]
		res, err := ix.Search(ctx, search.Request{Query: dup.Title, PageSize: evalDepth, ExcludeIDs: []int64{p.Dup}, NoHighlight: true})
		if err != nil {
			return err
		}
		s.add(rankOf(res.Hits, p.Orig))
		hits, err := ix.Similar(ctx, dup.Title, dup.Body, 50, p.Dup)
		if err != nil {
			return err
		}
		sim.add(rankOf(hits, p.Orig))
	}
	s.finish()
	sim.finish()
	return nil
}

// IndexAll applies docs to ix in batches of batch documents.
func IndexAll(ix *search.Index, docs []search.Document, batch int) error {
	for i := 0; i < len(docs); i += batch {
		end := min(i+batch, len(docs))
		if err := ix.Apply(docs[i:end], nil, int64(end)); err != nil {
			return err
		}
	}
	return nil
}

// rankOf returns the 1-based position of id in hits, 0 if absent.
func rankOf(hits []search.Hit, id int64) int {
	for i, h := range hits {
		if h.ID == id {
			return i + 1
		}
	}
	return 0
}

// Print writes the report in a readable form.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%s (%d questions)\n  search:  %v\n  similar: %v\n", r.Dump, r.Docs, r.Search, r.Similar)
}
