package importer

import (
	"context"
	"errors"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// stopAfter cancels the import once a file has committed some rows, as an
// interrupt (Ctrl-C) would.
type stopAfter struct {
	noProgress
	file   string
	rows   int64
	cancel context.CancelFunc
}

func (s *stopAfter) Committed(file string, rows int64) {
	if file == s.file && rows >= s.rows {
		s.cancel()
	}
}

// TestInterruptedImportResumes stops an import in the middle of Posts.xml
// and runs it again: the second run continues after the committed batches
// and ends with the same database as an uninterrupted import.
func TestInterruptedImportResumes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		dir := testdata(t, "se-small")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := &stopAfter{file: "Posts.xml", rows: 4, cancel: cancel}
		_, err := Import(ctx, st, dir, Options{BatchSize: 2, Workers: 1, Progress: stop})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted import: err = %v, want context.Canceled", err)
		}
		done := count(t, st, "SELECT rows_done FROM import_progress WHERE file = 'Posts.xml'")
		posts := count(t, st, "SELECT COUNT(*) FROM posts")
		if done < 4 || done >= 11 || posts >= 8 {
			t.Fatalf("after the interrupt: %d rows of Posts.xml done, %d posts", done, posts)
		}
		noDrift(t, st) // every committed batch is whole

		sum := importDump(t, st, dir, Options{BatchSize: 2})
		if f := sum.File("Posts.xml"); f.Resumed != done || f.Read != 11-done {
			t.Errorf("resumed run: passed over %d rows and read %d; want %d and %d", f.Resumed, f.Read, done, 11-done)
		}
		if f := sum.File("Users.xml"); !f.Done {
			t.Errorf("Users.xml was read again: %+v", f)
		}
		noDrift(t, st)

		clean := storetest.Open(t, st.Dialect)
		importDump(t, clean, dir, Options{})
		want, got := tableCounts(t, clean), tableCounts(t, st)
		for k, v := range want {
			if got[k] != v && k != "search_outbox" {
				t.Errorf("%s: %d after resuming, %d after one clean run", k, got[k], v)
			}
		}
	})
}
