package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// pgSession runs batch transactions with pgx on one PostgreSQL connection.
type pgSession struct {
	conn *pgx.Conn
	bulk pgBulk
}

func (s *pgSession) skipsChecks() bool { return s.bulk.noTriggers }

func (s *pgSession) inTx(ctx context.Context, fn func(t dbtx) error) error {
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return err
	}
	err = s.bulk.apply(ctx, tx)
	if err == nil {
		err = fn(pgTx{tx})
	}
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

// pgTx is a batch transaction on PostgreSQL.
type pgTx struct{ tx pgx.Tx }

// pgArgs runs one-off statements without preparing and caching them: the
// importer's statements differ from batch to batch.
func pgArgs(args []any) []any {
	return append([]any{pgx.QueryExecModeExec}, args...)
}

func (t pgTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, dollars(q), pgArgs(args)...)
	return tag.RowsAffected(), err
}

func (t pgTx) query(ctx context.Context, q string, args ...any) (rowScanner, error) {
	rows, err := t.tx.Query(ctx, dollars(q), pgArgs(args)...)
	if err != nil {
		return nil, err
	}
	return pgRows{rows}, nil
}

func (t pgTx) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := t.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

func (t pgTx) execEach(ctx context.Context, q string, args [][]any) error {
	if len(args) == 0 {
		return nil
	}
	q = dollars(q)
	b := &pgx.Batch{}
	for _, a := range args {
		b.Queue(q, a...) // the same statement each time: prepared once
	}
	return t.tx.SendBatch(ctx, b).Close()
}

func (pgTx) postgres() bool { return true }

// pgRows gives pgx.Rows the method set of *sql.Rows.
type pgRows struct{ rows pgx.Rows }

func (r pgRows) Next() bool             { return r.rows.Next() }
func (r pgRows) Scan(dest ...any) error { return r.rows.Scan(dest...) }
func (r pgRows) Err() error             { return r.rows.Err() }
func (r pgRows) Close() error           { r.rows.Close(); return r.rows.Err() }

// dollars turns ? placeholders into PostgreSQL's $1, $2, ...
func dollars(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
