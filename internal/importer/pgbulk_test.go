package importer

import (
	"context"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestBatchesCommitWithoutWaiting checks that a batch transaction on
// PostgreSQL does not wait for the disk, that the setting ends with it, and
// that the run's last transaction does wait.
func TestBatchesCommitWithoutWaiting(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, store.Postgres)
	show := func(tx dbtx) string {
		t.Helper()
		rows, err := tx.query(ctx, "SHOW synchronous_commit")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var v string
		if !rows.Next() {
			t.Fatal("SHOW returned no row")
		}
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	err := withSession(ctx, st, func(s session) error {
		pg := s.(*pgSession)
		// The test databases turn it off for the whole connection: start
		// from the server's default, as the command's connections do.
		if _, err := pg.conn.Exec(ctx, "SET synchronous_commit = on"); err != nil {
			return err
		}
		if err := s.inTx(ctx, func(tx dbtx) error {
			if got := show(tx); got != "off" {
				t.Errorf("in a batch: synchronous_commit = %s, want off", got)
			}
			if err := syncCommit(ctx, tx); err != nil {
				return err
			}
			if got := show(tx); got != "on" {
				t.Errorf("after syncCommit: synchronous_commit = %s, want on", got)
			}
			return nil
		}); err != nil {
			return err
		}
		var after string
		if err := pg.conn.QueryRow(ctx, "SHOW synchronous_commit").Scan(&after); err != nil {
			return err
		}
		if after != "on" {
			t.Errorf("after the batch: synchronous_commit = %s, want the connection's on", after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
