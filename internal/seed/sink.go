package seed

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"stackdesk/internal/store"
)

// sink writes rows in bulk: COPY on PostgreSQL, multi-row INSERTs on SQLite.
type sink interface {
	begin(ctx context.Context) (sinkTx, error)
}

// sinkTx is one transaction of a sink.
type sinkTx interface {
	// nextIDs reserves n new ids of table, in ascending order.
	nextIDs(table string, n int) ([]int64, error)
	// insert writes rows with the given columns.
	insert(table string, cols []string, rows [][]any) error
	// execEach runs query (with ? placeholders) once per argument list.
	execEach(query string, args [][]any) error
	// notify wakes search indexers when the transaction commits.
	notify() error
	commit() error
	rollback()
}

// withSink runs fn with a sink on the store's database. On PostgreSQL it holds
// one pooled connection for the whole run and speaks pgx on it.
func withSink(ctx context.Context, st *store.Store, fn func(sink) error) error {
	sqlDB, err := st.DB.DB()
	if err != nil {
		return err
	}
	if st.Dialect != store.Postgres {
		return fn(&sqliteSink{db: sqlDB})
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected PostgreSQL driver connection %T", dc)
		}
		return fn(&pgSink{conn: sc.Conn()})
	})
}

type pgSink struct{ conn *pgx.Conn }

func (s *pgSink) begin(ctx context.Context) (sinkTx, error) {
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &pgTx{ctx: ctx, tx: tx}, nil
}

type pgTx struct {
	ctx context.Context
	tx  pgx.Tx
}

func (t *pgTx) nextIDs(table string, n int) ([]int64, error) {
	rows, err := t.tx.Query(t.ctx, "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)", table, n)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	slices.Sort(ids)
	return ids, err
}

func (t *pgTx) insert(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := t.tx.CopyFrom(t.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

func (t *pgTx) execEach(query string, args [][]any) error {
	if len(args) == 0 {
		return nil
	}
	q := dollarPlaceholders(query)
	b := &pgx.Batch{}
	for _, a := range args {
		b.Queue(q, a...)
	}
	return t.tx.SendBatch(t.ctx, b).Close()
}

func (t *pgTx) notify() error {
	_, err := t.tx.Exec(t.ctx, "SELECT pg_notify($1, '')", store.OutboxChannel)
	return err
}

func (t *pgTx) commit() error { return t.tx.Commit(t.ctx) }
func (t *pgTx) rollback()     { t.tx.Rollback(context.Background()) }

// dollarPlaceholders turns ? placeholders into $1, $2, ...
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

type sqliteSink struct{ db *sql.DB }

func (s *sqliteSink) begin(ctx context.Context) (sinkTx, error) {
	tx, err := s.db.BeginTx(ctx, nil) // immediate: see store.openSQLite
	if err != nil {
		return nil, err
	}
	return &sqliteTx{ctx: ctx, tx: tx}, nil
}

type sqliteTx struct {
	ctx context.Context
	tx  *sql.Tx
}

// nextIDs continues AUTOINCREMENT by hand; the transaction holds SQLite's
// write lock, and explicit ids move sqlite_sequence on.
func (t *sqliteTx) nextIDs(table string, n int) ([]int64, error) {
	var seq, top int64
	err := t.tx.QueryRowContext(t.ctx, `SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
		COALESCE((SELECT MAX(id) FROM `+table+`), 0)`, table).Scan(&seq, &top)
	if err != nil {
		return nil, err
	}
	base := max(seq, top)
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = base + 1 + int64(i)
	}
	return ids, nil
}

func (t *sqliteTx) insert(table string, cols []string, rows [][]any) error {
	per := max(1, min(500, 30000/len(cols)))
	row := "(" + strings.Repeat("?,", len(cols)-1) + "?)"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		k := min(per, len(rows))
		args = args[:0]
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		q := head + strings.Repeat(row+",", k-1) + row
		if _, err := t.tx.ExecContext(t.ctx, q, args...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
		rows = rows[k:]
	}
	return nil
}

func (t *sqliteTx) execEach(query string, args [][]any) error {
	if len(args) == 0 {
		return nil
	}
	stmt, err := t.tx.PrepareContext(t.ctx, query)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, a := range args {
		if _, err := stmt.ExecContext(t.ctx, a...); err != nil {
			return err
		}
	}
	return nil
}

func (t *sqliteTx) notify() error { return nil }
func (t *sqliteTx) commit() error { return t.tx.Commit() }
func (t *sqliteTx) rollback()     { t.tx.Rollback() }
