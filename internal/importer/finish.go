package importer

import (
	"context"
	"fmt"
	"strings"
)

// finish checks the references that batches did not check row by row,
// refreshes PostgreSQL's statistics, and returns remarks on the import as a
// whole. It runs after every run, so a resumed import ends the same way.
func (r *run) finish(ctx context.Context) ([]string, error) {
	var notes []string
	err := r.db.inTx(ctx, func(t dbtx) error {
		notes = nil
		if err := syncCommit(ctx, t); err != nil {
			return err
		}
		if t.postgres() {
			// Fresh statistics after a bulk load give the app's queries
			// sensible plans before autovacuum gets round to it.
			if _, err := t.exec(ctx, "ANALYZE users, posts, votes, comments, tags, post_tags, user_badges, import_ids"); err != nil {
				return fmt.Errorf("analyze: %w", err)
			}
		}
		if r.db.skipsChecks() {
			if err := verifyReferences(ctx, t); err != nil {
				return err
			}
		}
		rows, err := t.query(ctx, `SELECT COUNT(*) FROM import_ids m JOIN posts p ON p.id = m.target_id
			WHERE m.site = ? AND m.kind = ? AND m.ref IS NOT NULL AND p.accepted_answer_id IS NULL`, r.site, kindPost)
		if err != nil {
			return err
		}
		defer rows.Close()
		var open int64
		if rows.Next() {
			if err := rows.Scan(&open); err != nil {
				return err
			}
		}
		if open > 0 {
			notes = append(notes, plural(open, "question names an accepted answer that is not in the dump; it has none",
				"questions name an accepted answer that is not in the dump; they have none"))
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("importer: finish: %w", err)
	}
	if r.droppedTags > 0 {
		notes = append(notes, plural(r.droppedTags, "question tag was left out", "question tags were left out")+
			fmt.Sprintf(": our tag rules refuse them (%s)", strings.Join(r.droppedSamples, ", ")))
	}
	return notes, nil
}

// plural is "n one" or "n other" as n is 1 or not.
func plural(n int64, one, other string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, other)
}
