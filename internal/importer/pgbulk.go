package importer

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// importTables are the tables an import writes.
var importTables = []string{"users", "posts", "post_revisions", "tags", "post_tags", "comments", "votes",
	"reputation_events", "user_badges", "counters", "search_outbox", "import_ids", "import_progress"}

// pgBulk are the PostgreSQL settings each batch transaction makes (SET
// LOCAL, so they end with it) to load faster.
type pgBulk struct {
	// noTriggers skips per-row foreign-key checks, as pg_restore
	// --disable-triggers does. The importer resolves every reference through
	// the id map itself, and verifyReferences checks them all at the end in a
	// few set-based queries. It needs a superuser, and is not used while any
	// table the import writes has a trigger of its own, which it would skip.
	noTriggers bool
	// lz4 compresses long bodies with lz4 rather than the slower pglz.
	lz4 bool
}

// detectBulk finds which bulk settings the server and the role allow.
func detectBulk(ctx context.Context, conn *pgx.Conn) (pgBulk, error) {
	var b pgBulk
	err := conn.QueryRow(ctx, `SELECT current_setting('is_superuser') = 'on'
		AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY($1)),
		EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))`,
		importTables).Scan(&b.noTriggers, &b.lz4)
	if err != nil {
		return b, fmt.Errorf("importer: inspect server: %w", err)
	}
	return b, nil
}

// apply makes the settings in the transaction tx, in one round trip. Every
// batch commits without waiting for the disk (synchronous_commit off): a
// crash can lose only the last batches, whose progress rows go with them,
// so a resumed import writes them again; the run's last transaction waits
// for the disk (see syncCommit), and with it every batch before it.
func (b pgBulk) apply(ctx context.Context, tx pgx.Tx) error {
	q := "SELECT set_config('synchronous_commit', 'off', true)"
	if b.noTriggers {
		q += ", set_config('session_replication_role', 'replica', true)"
	}
	if b.lz4 {
		q += ", set_config('default_toast_compression', 'lz4', true)"
	}
	_, err := tx.Exec(ctx, q)
	return err
}

// syncCommit makes the transaction t commit only once it is on disk, with
// the log before it: every batch this run committed without waiting.
func syncCommit(ctx context.Context, t dbtx) error {
	if !t.postgres() {
		return nil
	}
	// txid_current gives the transaction an id even when it writes nothing
	// else, so its commit is a log record to wait for.
	_, err := t.exec(ctx, "SELECT set_config('synchronous_commit', 'on', true), txid_current()")
	return err
}

// references lists the foreign keys of the tables an import writes, as
// (table, column, referenced table).
var references = [][3]string{
	{"posts", "parent_id", "posts"}, {"posts", "owner_id", "users"}, {"posts", "last_editor_id", "users"},
	{"post_revisions", "post_id", "posts"}, {"post_revisions", "editor_id", "users"},
	{"post_tags", "tag_id", "tags"}, {"post_tags", "post_id", "posts"},
	{"comments", "post_id", "posts"}, {"comments", "owner_id", "users"},
	{"votes", "post_id", "posts"}, {"votes", "user_id", "users"},
	{"reputation_events", "user_id", "users"}, {"user_badges", "user_id", "users"},
}

// verifyReferences checks every foreign key of the written tables at once,
// after batches that skipped the per-row checks.
func verifyReferences(ctx context.Context, t dbtx) error {
	for _, ref := range references {
		q := fmt.Sprintf(`SELECT COUNT(*) FROM %[1]s c WHERE c.%[2]s IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM %[3]s p WHERE p.id = c.%[2]s)`, ref[0], ref[1], ref[2])
		rows, err := t.query(ctx, q)
		if err != nil {
			return err
		}
		var n int64
		if rows.Next() {
			err = rows.Scan(&n)
		}
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("importer: %d rows of %s.%s point to no %s row", n, ref[0], ref[1], ref[2])
		}
	}
	return nil
}
