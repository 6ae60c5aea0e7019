// Package store opens the database (PostgreSQL or an embedded SQLite file),
// applies the embedded versioned migrations, and defines the GORM models that
// the domain packages query. It holds no business rules.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"stackdesk/internal/config"
)

// Dialect names a supported database.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Store is an open database.
type Store struct {
	DB      *gorm.DB
	Dialect Dialect
	URL     string
}

// Options tune Open.
type Options struct {
	Logger   *slog.Logger     // slow queries and errors; nil logs nothing
	Now      func() time.Time // the clock GORM uses for timestamps it fills
	MaxConns int              // pool size; 0 picks a default per dialect
}

// Open connects to the database named by a STACKDESK_DATABASE_URL value.
// SQLite files are created (with their folder) when missing.
func Open(ctx context.Context, rawURL string, opt Options) (*Store, error) {
	driver, dsn, err := config.SplitDatabaseURL(rawURL)
	if err != nil {
		return nil, err
	}
	gcfg := &gorm.Config{
		Logger:                 gormLogger(opt.Logger),
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		TranslateError:         true,
	}
	if opt.Now != nil {
		gcfg.NowFunc = func() time.Time { return opt.Now().UTC() }
	} else {
		gcfg.NowFunc = func() time.Time { return time.Now().UTC() }
	}
	var st Store
	st.URL = rawURL
	switch driver {
	case "postgres":
		st.Dialect = Postgres
		st.DB, err = gorm.Open(postgres.New(postgres.Config{DSN: dsn}), gcfg)
	case "sqlite":
		st.Dialect = SQLite
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("store: create %s: %w", dir, err)
			}
		}
		st.DB, err = gorm.Open(sqlite.Dialector{Conn: openSQLite(sqliteDSN(dsn))}, gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", driver, err)
	}
	sqlDB, err := st.DB.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	n := opt.MaxConns
	if n == 0 {
		n = 16
		if st.Dialect == SQLite {
			n = 8
		}
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", driver, err)
	}
	return &st, nil
}

// sqliteDSN adds the settings every SQLite connection needs: WAL for concurrent
// readers, a busy timeout instead of lock errors, foreign keys, and times
// written in a form SQLite's date functions read. (Write transactions begin
// immediate through openSQLite.)
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "file:" + path + sep + "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
}

// Close closes the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Tx runs fn in one transaction, committed when fn returns nil. A transaction
// that lost a deadlock or a serialization race (PostgreSQL) is retried from
// the start a few times: fn must be safe to run again. (On SQLite a
// transaction waits for the write lock as it begins, and a lock still held
// after the busy timeout is an error, not worth waiting for again.)
func (s *Store) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = s.DB.WithContext(ctx).Transaction(fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return err
}

// retryable reports whether a transaction failed only because of concurrency.
func retryable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 40P01") || strings.Contains(msg, "SQLSTATE 40001")
}

// IsUniqueViolation reports whether err is a unique-constraint failure.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// IsNotFound reports whether err is GORM's record-not-found error.
func IsNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

func gormLogger(l *slog.Logger) logger.Interface {
	if l == nil {
		return logger.Discard
	}
	return quietLogger{logger.NewSlogLogger(l, logger.Config{
		SlowThreshold:             200 * time.Millisecond,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
	})}
}

// quietLogger logs what GORM reports except the failures the code expects
// and handles: a unique-constraint violation (a taken username, a repeated
// vote) and a conflict that the transaction retries. A caller that does not
// handle one returns an internal error, which the HTTP layer logs.
type quietLogger struct{ logger.Interface }

func (q quietLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if err != nil && (IsUniqueViolation(err) || retryable(err)) {
		err = nil // still logged when slow
	}
	q.Interface.Trace(ctx, begin, fc, err)
}

// ParamsFilter passes on the wrapped logger's, so that the SQL logged holds
// no values (ParameterizedQueries): they can be secrets, such as a
// notification mail's unsubscribe token.
func (q quietLogger) ParamsFilter(ctx context.Context, sql string, params ...any) (string, []any) {
	if f, ok := q.Interface.(gorm.ParamsFilter); ok {
		return f.ParamsFilter(ctx, sql, params...)
	}
	return sql, params
}

func (q quietLogger) LogMode(level logger.LogLevel) logger.Interface {
	return quietLogger{q.Interface.LogMode(level)}
}

// Lower is the SQL of col in lower case, for any script on either
// database: PostgreSQL's LOWER follows the database's character type
// (Unicode in a UTF-8 one), SQLite's built-in LOWER folds ASCII alone, so
// there the function stackdesk_lower (Go's strings.ToLower, registered with
// the driver) does it. Input compared with it is lower-cased with
// strings.ToLower too. col is SQL, never input.
func (s *Store) Lower(col string) string {
	if s.Dialect == SQLite {
		return "stackdesk_lower(" + col + ")"
	}
	return "LOWER(" + col + ")"
}

// PrefixRange is the condition "col starts with prefix" and its arguments,
// written as a range of the column's bytes (prefix <= col < the next
// prefix), so that an index serves it also in a prepared statement's
// generic plan, where PostgreSQL cannot turn LIKE with a parameter into an
// index range. On PostgreSQL the index must be on (col COLLATE "C"); on
// SQLite the column's own (BINARY) index serves. col is SQL, never input;
// prefix is valid UTF-8 without NUL.
func (s *Store) PrefixRange(col, prefix string) (string, []any) {
	if s.Dialect == Postgres {
		col += ` COLLATE "C"`
	}
	if next, ok := nextPrefix(prefix); ok {
		return col + " >= ? AND " + col + " < ?", []any{prefix, next}
	}
	return col + " >= ?", []any{prefix}
}

// nextPrefix is the smallest string after every string that starts with
// prefix, in byte order (which in UTF-8 is code point order): the prefix
// with its last character raised by one, skipping the surrogates, and
// dropping trailing characters that cannot be raised. There is none for
// a prefix of only such characters (or an empty one).
func nextPrefix(prefix string) (string, bool) {
	r := []rune(prefix)
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] >= utf8.MaxRune {
			continue
		}
		r[i]++
		if r[i] == 0xD800 { // surrogates are no characters in UTF-8
			r[i] = 0xE000
		}
		return string(r[:i+1]), true
	}
	return "", false
}

// PrefixLike is the condition "col starts with prefix" and its argument:
// LIKE with the prefix's own % and _ escaped, on either database.
func PrefixLike(col, prefix string) (string, string) {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return col + ` LIKE ? ESCAPE '\'`, r.Replace(prefix) + "%"
}

// ContainsLike is the condition "col contains needle" and its argument: LIKE
// with the needle's own % and _ escaped, on either database. Compare text
// folded alike on both sides (text.Fold): PostgreSQL's LIKE minds case,
// SQLite's only outside ASCII.
func ContainsLike(col, needle string) (string, string) {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return col + ` LIKE ? ESCAPE '\'`, "%" + r.Replace(needle) + "%"
}
