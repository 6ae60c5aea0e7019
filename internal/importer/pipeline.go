package importer

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// firstBatch is the size of a file's first batch; later ones double up to
// the batch size.
const firstBatch = 125

// runFile imports one file: a reader goroutine streams rows into batches,
// workers parse them, and this goroutine writes the batches in file order,
// each in one transaction that also records the file's progress. Rows that
// an earlier run committed are passed over.
func runFile[T any](ctx context.Context, r *run, spec fileSpec[T]) (*FileSummary, error) {
	sum := &FileSummary{File: spec.name}
	path := filepath.Join(r.dir, spec.name)
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return sum, nil
	}
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	sum.Present = true
	var st fileState
	err = r.db.inTx(ctx, func(t dbtx) error {
		st, err = loadOrStartFile(ctx, t, r.site, spec.name, spec.table, r.now())
		return err
	})
	if err != nil {
		return sum, fmt.Errorf("importer: %s: progress: %w", spec.name, err)
	}
	sum.NewIDs = spec.table != "" && !st.keepIDs
	if st.finished {
		sum.Done = true
		return sum, nil
	}
	if st.keepIDs && spec.table != "" {
		st.ceiling = topID(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return sum, fmt.Errorf("importer: %w", err)
	}
	defer f.Close()
	start := time.Now()
	r.progress.Start(spec.name, info.Size())
	readErr, err := pump(ctx, r, spec, st, f, sum)
	if cerr := ctx.Err(); err != nil && cerr != nil && !errors.Is(err, cerr) {
		err = fmt.Errorf("%w: %v", cerr, err) // a driver's own words for the interruption
	}
	sum.Seconds = time.Since(start).Seconds()
	if err == nil && readErr == nil {
		err = r.db.inTx(ctx, func(t dbtx) error { return finishFile(ctx, t, r.site, spec.name, r.now()) })
	}
	if err != nil {
		sum.Err = err
	} else {
		sum.Err = readErr
	}
	r.progress.Finish(sum)
	if err != nil {
		return sum, fmt.Errorf("importer: %s: %w", spec.name, err)
	}
	return sum, nil
}

// pump runs the reader, the workers and the writer of one file. It returns
// the reader's error (a truncated or malformed file: the rows before it are
// committed) apart from the error that stops the import.
func pump[T any](ctx context.Context, r *run, spec fileSpec[T], st fileState, f io.Reader, sum *FileSummary) (readErr, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan chunk[T], 4*r.workers)
	order := make(chan *batch[T], r.workers+1)
	rd := &batcher[T]{r: r, spec: spec, skip: st.rowsDone, jobs: jobs, order: order}
	go rd.run(ctx, f)
	var wg sync.WaitGroup
	for range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				b := c.b
				for i := c.lo; i < c.hi; i++ {
					v, p := spec.parse(&b.rows[i])
					b.items[i] = item[T]{Line: b.rows[i].Line, V: v, Prob: p}
				}
				if b.left.Add(-1) == 0 {
					close(b.ready)
				}
			}
		}()
	}
	defer wg.Wait()
	for b := range order {
		if err == nil {
			select {
			case <-b.ready:
				b.rows = nil
				err = writeBatch(ctx, r, spec, st, b, sum)
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		if err != nil {
			cancel() // stops the reader; the loop drains what it sent
		}
	}
	sum.Resumed = rd.resumed // the reader is done: it closed order
	return rd.err, err
}

// batcher reads a file's rows, passes over those an earlier run committed,
// cuts the rest into batches, and hands each batch to the workers (in
// chunks) and to the writer (in order).
type batcher[T any] struct {
	r       *run
	spec    fileSpec[T]
	skip    int64 // rows committed by earlier runs
	jobs    chan<- chunk[T]
	order   chan<- *batch[T]
	resumed int64 // rows passed over
	err     error // why the file could not be read to the end
}

func (rd *batcher[T]) run(ctx context.Context, f io.Reader) {
	defer close(rd.jobs)
	defer close(rd.order)
	rr := newRowReader(rd.spec.name, rd.spec.root, bufio.NewReaderSize(countingReader{f, rd.r.progress}, 256<<10))
	cur := &batch[T]{}
	// The first batches are small and double up to the batch size, so the
	// writer starts while the workers still parse (a pipeline's slow
	// start): on a dump of a few batches, a full first batch left the
	// writer idle until it was parsed, and PostgreSQL idle with it.
	size := min(rd.r.batchSize, firstBatch)
	for {
		row, err := rr.next()
		if err != nil {
			if err != io.EOF {
				rd.err = err
			}
			rd.send(ctx, cur)
			return
		}
		if row.Ordinal <= rd.skip {
			rd.resumed++
			continue
		}
		cur.rows = append(cur.rows, row)
		cur.lastRow = row.Ordinal
		if len(cur.rows) >= size {
			if !rd.send(ctx, cur) {
				return
			}
			cur = &batch[T]{}
			size = min(2*size, rd.r.batchSize)
		}
	}
}

// send hands a batch on; it reports false when the import stops.
func (rd *batcher[T]) send(ctx context.Context, b *batch[T]) bool {
	n := len(b.rows)
	if n == 0 {
		return true
	}
	b.items = make([]item[T], n)
	b.ready = make(chan struct{})
	b.left.Store(int32((n + chunkRows - 1) / chunkRows))
	for lo := 0; lo < n; lo += chunkRows {
		select {
		case rd.jobs <- chunk[T]{b, lo, min(lo+chunkRows, n)}:
		case <-ctx.Done():
			return false
		}
	}
	select {
	case rd.order <- b:
		return true
	case <-ctx.Done():
		return false
	}
}

// writeBatch writes one batch and the file's progress in one transaction,
// then adds its counts to the file's summary.
func writeBatch[T any](ctx context.Context, r *run, spec fileSpec[T], st fileState, b *batch[T], sum *FileSummary) error {
	start := time.Now()
	err := writeBatchTx(ctx, r, spec, st, b)
	for try := 1; err != nil && try < nameRaceTries && takenMeanwhile(err, spec.table) && ctx.Err() == nil; try++ {
		err = writeBatchTx(ctx, r, spec, st, b)
	}
	if err != nil {
		return err
	}
	sum.WriteSeconds += time.Since(start).Seconds()
	slices.SortStableFunc(b.skipped, func(x, y problem) int { return cmp.Compare(x.Line, y.Line) })
	sum.Read += int64(len(b.items))
	sum.Imported += b.imported
	for _, p := range b.skipped {
		sum.skip(p)
	}
	for _, p := range b.renamed {
		sum.rename(p)
	}
	r.progress.Committed(spec.name, b.lastRow)
	return nil
}

// nameRaceTries is how many times a batch is written when a username or an
// id it chose is taken meanwhile.
const nameRaceTries = 3

// takenMeanwhile reports whether a batch failed because a username or a
// kept id (of table, the file's) it chose was taken after it looked (a
// sign-up or a question at that instant, on PostgreSQL; SQLite's batches
// hold the write lock from their start). The transaction rolled back whole,
// so the batch is written again: it then sees the name or id taken and picks
// the next free name, or a new id.
func takenMeanwhile(err error, table string) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 23505") && (strings.Contains(msg, `"users_username"`) ||
		table != "" && strings.Contains(msg, `"`+table+`_pkey"`))
}

// writeBatchTx is one attempt at writeBatch's transaction.
func writeBatchTx[T any](ctx context.Context, r *run, spec fileSpec[T], st fileState, b *batch[T]) error {
	return r.db.inTx(ctx, func(t dbtx) error {
		b.run, b.t, b.keepIDs, b.ceiling = r, t, st.keepIDs, st.ceiling
		b.imported, b.skipped, b.renamed, b.reindex, b.earned = 0, nil, nil, nil, nil
		if err := spec.write(ctx, b); err != nil {
			return err
		}
		if err := enqueueIndex(ctx, t, b.reindex, r.now()); err != nil {
			return err
		}
		if st.keepIDs && spec.table != "" {
			if err := syncSequence(ctx, t, spec.table); err != nil {
				return err
			}
		}
		return saveRowsDone(ctx, t, r.site, spec.name, b.lastRow, r.now())
	})
}
