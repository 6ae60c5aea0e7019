package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	gosqlite "github.com/glebarez/go-sqlite"
)

func init() {
	// See Store.Lower: SQLite's LOWER leaves "Ö" and "Д" as they are.
	gosqlite.MustRegisterDeterministicScalarFunction("stackdesk_lower", 1,
		func(_ *gosqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return strings.ToLower(v), nil
			case []byte:
				return strings.ToLower(string(v)), nil
			}
			return args[0], nil // NULL, or a number, as LOWER gives it
		})
}

// openSQLite opens a pool of SQLite connections whose write transactions
// begin with BEGIN IMMEDIATE, taking the write lock at once (waiting out the
// busy timeout if another connection holds it).
//
// A deferred transaction that reads and then writes fails at its first write
// with SQLITE_BUSY, without waiting, when another connection committed in
// between; the driver's _txlock setting would prevent that, but the driver
// does not read it when _time_format is also set, which the store needs.
func openSQLite(dsn string) *sql.DB {
	return sql.OpenDB(immediateConnector{dsn: dsn, drv: sqliteDriver})
}

// sqliteDriver is the driver as the package registers it, which adds the
// functions registered with it (stackdesk_lower) to each connection; a
// Driver of one's own would have none.
var sqliteDriver = func() driver.Driver {
	db, err := sql.Open("sqlite", "") // opens nothing yet
	if err != nil {
		panic(err)
	}
	defer db.Close()
	return db.Driver()
}()

type immediateConnector struct {
	dsn string
	drv driver.Driver
}

func (c immediateConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(sqliteConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("store: the SQLite driver's connection %T lacks a context method", conn)
	}
	return immediateConn{sc}, nil
}

func (c immediateConnector) Driver() driver.Driver { return c.drv }

// sqliteConn is what the driver's connections implement; immediateConn keeps
// all of it but for how transactions begin.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
}

type immediateConn struct{ sqliteConn }

func (c immediateConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly { // a deferred transaction, which SQLite does not keep from writing
		return c.sqliteConn.BeginTx(ctx, opts)
	}
	if _, err := c.ExecContext(ctx, "BEGIN IMMEDIATE", nil); err != nil {
		return nil, err
	}
	return immediateTx{c}, nil
}

// Begin is the context-free form database/sql no longer calls; it is kept
// immediate too, so that no path begins a deferred write transaction.
func (c immediateConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

type immediateTx struct{ c immediateConn }

func (t immediateTx) Commit() error {
	_, err := t.c.ExecContext(context.Background(), "COMMIT", nil)
	return err
}

func (t immediateTx) Rollback() error {
	_, err := t.c.ExecContext(context.Background(), "ROLLBACK", nil)
	return err
}
