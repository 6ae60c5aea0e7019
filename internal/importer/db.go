package importer

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/stdlib"

	"stackdesk/internal/store"
)

// dbtx is one batch transaction, on either database. Queries use ?
// placeholders; bulk rows go through copy (COPY on PostgreSQL, multi-row
// INSERTs on SQLite).
type dbtx interface {
	exec(ctx context.Context, query string, args ...any) (int64, error)
	query(ctx context.Context, query string, args ...any) (rowScanner, error)
	copy(ctx context.Context, table string, cols []string, rows [][]any) error
	// execEach runs one statement once per argument list (pipelined on PostgreSQL).
	execEach(ctx context.Context, query string, args [][]any) error
	postgres() bool
}

// rowScanner is the part of *sql.Rows (and of pgx.Rows, wrapped) the
// importer reads with.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// session runs batch transactions on one connection held for the whole import.
type session interface {
	inTx(ctx context.Context, fn func(t dbtx) error) error
	// skipsChecks reports whether batches skip per-row foreign-key checks.
	skipsChecks() bool
}

// withSession holds one connection of the store's pool while fn runs: on
// PostgreSQL it speaks pgx on it directly, so that batches can use COPY.
func withSession(ctx context.Context, st *store.Store, fn func(s session) error) error {
	sqlDB, err := st.DB.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if st.Dialect != store.Postgres {
		// A larger page cache for the import's connection keeps the indexes
		// being filled in memory; the pool's default is put back after.
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -65536"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000")
		return fn(&sqliteSession{conn: conn})
	}
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected PostgreSQL driver connection %T", dc)
		}
		bulk, err := detectBulk(ctx, sc.Conn())
		if err != nil {
			return err
		}
		return fn(&pgSession{conn: sc.Conn(), bulk: bulk})
	})
}
