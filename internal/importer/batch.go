package importer

import (
	"context"
	"fmt"
	"sync/atomic"
)

// fileSpec says how one dump file is imported: parse reads and converts one
// row (in parallel workers, so the expensive HTML work is spread over the
// cores); write stores a batch of parsed rows in the batch's transaction.
type fileSpec[T any] struct {
	name  string // "Posts.xml"
	root  string // its root element, "posts"
	table string // the table whose ids the file's Ids become when it is empty as the import starts (idFiles); "" for none
	parse func(r *xmlRow) (T, *problem)
	write func(ctx context.Context, b *batch[T]) error
}

// chunkRows is how many rows a worker parses at a time: batches are parsed
// by all workers at once, so the first batch is ready early.
const chunkRows = 32

// chunk is rows lo to hi of a batch, for one worker.
type chunk[T any] struct {
	b      *batch[T]
	lo, hi int
}

// item is one parsed row.
type item[T any] struct {
	Line int
	V    T
	Prob *problem // set when the row is skipped before it reaches the database
}

// batch is up to Options.BatchSize consecutive rows of a file, written in
// one transaction together with the file's progress.
type batch[T any] struct {
	rows     []xmlRow
	items    []item[T]
	lastRow  int64         // ordinal of the batch's last row
	ready    chan struct{} // closed when items are parsed
	left     atomic.Int32  // chunks still being parsed
	run      *run
	t        dbtx
	keepIDs  bool
	ceiling  int64 // see fileState.ceiling
	imported int64
	skipped  []problem
	renamed  []problem      // rows imported under another name or id, with why
	reindex  map[int64]bool // questions whose search document changed
	earned   []earned       // badges the batch's rows earn
}

// skip records a skipped row of the batch.
func (b *batch[T]) skip(line int, reason, format string, args ...any) {
	b.skipped = append(b.skipped, problem{Line: line, Reason: reason, Msg: fmt.Sprintf(format, args...)})
}

// rename records a row imported under another name than the dump's.
func (b *batch[T]) rename(line int, reason, format string, args ...any) {
	b.renamed = append(b.renamed, problem{Line: line, Reason: reason, Msg: fmt.Sprintf(format, args...)})
}

// ids returns the ids the batch's new rows of table get (see newIDs), for
// their source ids src.
func (b *batch[T]) ids(ctx context.Context, table string, src []int64) ([]int64, error) {
	ids, err := newIDs(ctx, b.t, table, b.keepIDs, src, b.ceiling)
	if err == nil && b.run.idsChosen != nil {
		b.run.idsChosen(table, ids)
	}
	return ids, err
}

// renumber records a row imported under another id than the dump's, which
// the site gave a row of its own while the import ran ("noun" names the row).
func (b *batch[T]) renumber(line int, noun string, src, id int64) {
	b.rename(line, ReasonIDTaken, "%s %d imported as %s %d: the site gave id %d to a %s of its own meanwhile",
		noun, src, noun, id, src, noun)
}

// touch records that a question's search document must be rebuilt.
func (b *batch[T]) touch(questionID int64) {
	if b.reindex == nil {
		b.reindex = map[int64]bool{}
	}
	b.reindex[questionID] = true
}

// live returns the parsed items without a problem and records the others as skipped.
func (b *batch[T]) live() []item[T] {
	out := make([]item[T], 0, len(b.items))
	for _, it := range b.items {
		if it.Prob != nil {
			b.skipped = append(b.skipped, *it.Prob)
			continue
		}
		out = append(out, it)
	}
	return out
}
