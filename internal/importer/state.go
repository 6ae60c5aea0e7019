package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// fileState is what earlier runs committed of one file (import_progress).
type fileState struct {
	rowsDone int64
	keepIDs  bool // the file's Ids are the ids here (decided as the import of the site started)
	finished bool
	ceiling  int64 // with keepIDs, the file's largest Id as topID finds it: renumbered rows go above it
}

// idFiles are the files whose rows can keep the dump's ids, with the table
// whose ids they become.
var idFiles = []struct{ file, table string }{
	{"Users.xml", "users"}, {"Posts.xml", "posts"}, {"Comments.xml", "comments"},
}

// start records, as the import of a site starts, whether each file of
// idFiles in the dump keeps the dump's ids: it does when its table is empty
// then. The decision is stored in the file's progress row, created now, so
// that a run resuming the import keeps it, whatever the site wrote
// meanwhile: a question asked while Users.xml imports (or between two runs)
// gives only the post whose id it took a new one (see newIDs), not every
// post. A file already started keeps the decision it has. start also records
// the dump's fingerprint (see checkFingerprint).
func (r *run) start(ctx context.Context) error {
	err := r.db.inTx(ctx, func(t dbtx) error {
		for _, f := range idFiles {
			if _, err := os.Stat(filepath.Join(r.dir, f.file)); err != nil {
				continue // absent (decided if it appears), or unreadable: runFile says why
			}
			if _, err := loadOrStartFile(ctx, t, r.site, f.file, f.table, r.now()); err != nil {
				return fmt.Errorf("%s: %w", f.file, err)
			}
		}
		_, err := t.exec(ctx, "UPDATE import_progress SET fingerprint = ? WHERE site = ? AND file = 'Posts.xml'",
			r.fingerprint, r.site)
		return err
	})
	if err != nil {
		return fmt.Errorf("importer: progress: %w", err)
	}
	return nil
}

// loadOrStartFile reads a file's progress; when the file has none yet it
// decides whether the file keeps its source ids (when table, if any, is
// still empty) and records that decision, so that a resumed run keeps to
// it. start calls it for the files that can keep ids as the import begins.
func loadOrStartFile(ctx context.Context, t dbtx, site, file, table string, now time.Time) (fileState, error) {
	rows, err := t.query(ctx, `SELECT rows_done, keep_ids, finished_at IS NOT NULL FROM import_progress
		WHERE site = ? AND file = ?`, site, file)
	if err != nil {
		return fileState{}, err
	}
	var st fileState
	found := rows.Next()
	if found {
		err = rows.Scan(&st.rowsDone, &st.keepIDs, &st.finished)
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil || found {
		return st, err
	}
	if table != "" {
		st.keepIDs, err = isEmpty(ctx, t, table)
		if err != nil {
			return st, err
		}
	}
	_, err = t.exec(ctx, `INSERT INTO import_progress (site, file, rows_done, keep_ids, started_at, updated_at)
		VALUES (?, ?, 0, ?, ?, ?)`, site, file, st.keepIDs, now, now)
	return st, err
}

// isEmpty reports whether table has no rows.
func isEmpty(ctx context.Context, t dbtx, table string) (bool, error) {
	rows, err := t.query(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM "+table+" LIMIT 1) s")
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return false, err
		}
	}
	return n == 0, rows.Err()
}

// saveRowsDone records, in a batch's transaction, how many rows of the file
// are committed.
func saveRowsDone(ctx context.Context, t dbtx, site, file string, rowsDone int64, now time.Time) error {
	_, err := t.exec(ctx, "UPDATE import_progress SET rows_done = ?, updated_at = ? WHERE site = ? AND file = ?",
		rowsDone, now, site, file)
	return err
}

// finishFile marks a file as completely imported.
func finishFile(ctx context.Context, t dbtx, site, file string, now time.Time) error {
	_, err := t.exec(ctx, "UPDATE import_progress SET finished_at = ?, updated_at = ? WHERE site = ? AND file = ?",
		now, now, site, file)
	return err
}
