package importer

import (
	"context"
	"time"
)

// fileState is what earlier runs committed of one file (import_progress).
type fileState struct {
	rowsDone int64
	keepIDs  bool // the file's Ids are the ids here (decided on the first run)
	finished bool
	ceiling  int64 // with keepIDs, the file's largest Id as topID finds it: renumbered rows go above it
}

// loadOrStartFile reads a file's progress; on the first run it decides
// whether the file keeps its source ids (when table, if any, is still empty)
// and records that decision, so that a resumed run keeps to it.
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
