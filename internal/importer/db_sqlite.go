package importer

import (
	"context"
	"database/sql"
	"fmt"
)

// sqliteSession runs batch transactions on one SQLite connection.
type sqliteSession struct{ conn *sql.Conn }

func (s *sqliteSession) skipsChecks() bool { return false }

func (s *sqliteSession) inTx(ctx context.Context, fn func(t dbtx) error) error {
	tx, err := s.conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE: see store.openSQLite
	if err != nil {
		return err
	}
	if err := fn(sqliteTx{tx}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// sqliteTx is a batch transaction on SQLite, through database/sql.
type sqliteTx struct{ tx *sql.Tx }

func (t sqliteTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t sqliteTx) query(ctx context.Context, q string, args ...any) (rowScanner, error) {
	return t.tx.QueryContext(ctx, q, args...)
}

// copy inserts rows a few at a time with one prepared statement: the SQLite
// driver binds parameters in time quadratic in their number, so statements
// are kept to sqliteParams parameters.
func (t sqliteTx) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := max(1, sqliteParams/len(cols))
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for lo := 0; lo < len(rows); lo += per {
		part := rows[lo:min(lo+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		if err := t.insertPart(ctx, table, cols, per, len(part), &full, args); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}

// insertPart inserts n rows: with the prepared statement *full (prepared on
// first use) when n is a full part of per rows, else with a statement of its own.
func (t sqliteTx) insertPart(ctx context.Context, table string, cols []string, per, n int, full **sql.Stmt, args []any) error {
	if n < per {
		_, err := t.tx.ExecContext(ctx, insertSQL(table, cols, n, ""), args...)
		return err
	}
	if *full == nil {
		stmt, err := t.tx.PrepareContext(ctx, insertSQL(table, cols, per, ""))
		if err != nil {
			return err
		}
		*full = stmt
	}
	_, err := (*full).ExecContext(ctx, args...)
	return err
}

func (t sqliteTx) execEach(ctx context.Context, q string, args [][]any) error {
	if len(args) == 0 {
		return nil
	}
	stmt, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, a := range args {
		if _, err := stmt.ExecContext(ctx, a...); err != nil {
			return err
		}
	}
	return nil
}

func (sqliteTx) postgres() bool { return false }
