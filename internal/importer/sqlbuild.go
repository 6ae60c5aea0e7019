package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Parameters per statement: PostgreSQL allows 65535; the SQLite driver
// binds in time quadratic in their number, so it gets small statements.
const (
	pgParams     = 30000
	sqliteParams = 240
)

// insertSQL is a multi-row INSERT of n rows, followed by suffix.
func insertSQL(table string, cols []string, n int, suffix string) string {
	one := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.Repeat(one+", ", n-1) + one
	if suffix != "" {
		q += " " + suffix
	}
	return q
}

// insertRows writes rows as multi-row INSERT statements, each followed by
// suffix (such as "ON CONFLICT DO NOTHING"), and returns how many rows the
// database reports inserted.
func insertRows(ctx context.Context, t dbtx, table string, cols []string, rows [][]any, suffix string) (int64, error) {
	budget := sqliteParams
	if t.postgres() {
		budget = pgParams
	}
	per := max(1, budget/len(cols))
	var total int64
	args := make([]any, 0, min(per, len(rows))*len(cols))
	for lo := 0; lo < len(rows); lo += per {
		part := rows[lo:min(lo+per, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		n, err := t.exec(ctx, insertSQL(table, cols, len(part), suffix), args...)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// inIDs is the condition that col is one of ids, and its arguments: on
// PostgreSQL one array parameter, which it plans in a fraction of the time
// a list of a thousand literals takes (the look-ups of a batch of posts
// took an eighth of the writer's time that way); on SQLite a list of
// literals.
func inIDs(t dbtx, col string, ids []int64) (string, []any) {
	if t.postgres() {
		return col + " = ANY(?)", []any{ids}
	}
	return col + " IN (" + idList(ids) + ")", nil
}

// idList formats ids for an IN (...) list. Ids are integers the importer
// parsed itself, so they are written inline rather than bound one by one.
func idList(ids []int64) string {
	if len(ids) == 0 {
		return "NULL"
	}
	b := make([]byte, 0, len(ids)*6)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// addByID adds deltas[id] to column of table for every id, in one statement.
func addByID(ctx context.Context, t dbtx, table, column string, deltas map[int64]int64) error {
	if len(deltas) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("UPDATE " + table + " SET " + column + " = " + column + " + v.column2 FROM (VALUES ")
	first := true
	for id, d := range deltas {
		if !first {
			b.WriteString(", ")
		}
		first = false
		fmt.Fprintf(&b, "(%d, %d)", id, d)
	}
	b.WriteString(") AS v WHERE " + table + ".id = v.column1")
	_, err := t.exec(ctx, b.String())
	return err
}

// scanPairs reads (int64, int64) rows into a map.
func scanPairs(rows rowScanner, err error) (map[int64]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var k, v int64
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}
