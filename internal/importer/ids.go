package importer

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
)

// Kinds of rows in the id map (import_ids.kind).
const (
	kindUser       = "user"
	kindPost       = "post"
	kindComment    = "comment"
	kindVote       = "vote"
	kindTagExcerpt = "tag_excerpt" // source: a tag's ExcerptPostId; target: the tag
)

var idCols = []string{"site", "kind", "source_id", "target_id", "ref"}

// distinct returns the non-zero values of ids once each, sorted.
func distinct(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// keys returns a map's keys.
func keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// valuesOf returns a map's values.
func valuesOf(m map[int64]int64) []int64 {
	out := make([]int64, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// lookupIDs maps source ids of one kind to the ids they became; absent ids
// are not in the result.
func lookupIDs(ctx context.Context, t dbtx, site, kind string, src []int64) (map[int64]int64, error) {
	src = distinct(src)
	if len(src) == 0 {
		return map[int64]int64{}, nil
	}
	in, args := inIDs(t, "source_id", src)
	m, err := scanPairs(t.query(ctx, "SELECT source_id, target_id FROM import_ids WHERE site = ? AND kind = ? AND "+in,
		append([]any{site, kind}, args...)...))
	if err != nil {
		return nil, fmt.Errorf("look up %s ids: %w", kind, err)
	}
	return m, nil
}

// postRef is an imported post as links to it need it.
type postRef struct {
	ID       int64 // the id here
	Type     int
	Accepted int64 // a question's AcceptedAnswerId in the dump, until that answer arrives
	Owner    int64 // the owner here; 0 for none
}

// lookupPosts maps source post ids to the posts they became.
func lookupPosts(ctx context.Context, t dbtx, site string, src []int64) (map[int64]postRef, error) {
	src = distinct(src)
	out := make(map[int64]postRef, len(src))
	if len(src) == 0 {
		return out, nil
	}
	in, args := inIDs(t, "m.source_id", src)
	rows, err := t.query(ctx, `SELECT m.source_id, m.target_id, p.type, COALESCE(m.ref, 0), COALESCE(p.owner_id, 0) FROM import_ids m
		JOIN posts p ON p.id = m.target_id
		WHERE m.site = ? AND m.kind = ? AND `+in, append([]any{site, kindPost}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("look up posts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s int64
		var p postRef
		if err := rows.Scan(&s, &p.ID, &p.Type, &p.Accepted, &p.Owner); err != nil {
			return nil, err
		}
		out[s] = p
	}
	return out, rows.Err()
}

// newIDs returns the ids new rows of table get: their source ids when the
// file keeps ids, else fresh ones from the table's sequence. A kept id that
// the table holds already (a row the site made while the import ran: a
// sign-up, a question asked between two batches) gets a fresh id instead,
// above floor and above every id of the batch, so that it meets none the
// file keeps; the id map leads to it as to any mapped row. One query looks
// for such ids; reserving fresh ones costs more only when it finds some.
func newIDs(ctx context.Context, t dbtx, table string, keep bool, src []int64, floor int64) ([]int64, error) {
	if !keep {
		return reserveIDs(ctx, t, table, len(src), 0)
	}
	taken, err := takenIDs(ctx, t, table, src)
	if err != nil || len(taken) == 0 {
		return src, err
	}
	for _, s := range src {
		floor = max(floor, s)
	}
	fresh, err := reserveIDs(ctx, t, table, len(taken), floor)
	if err != nil {
		return nil, err
	}
	ids := slices.Clone(src)
	for i, s := range ids {
		if taken[s] {
			ids[i], fresh = fresh[0], fresh[1:]
		}
	}
	return ids, nil
}

// takenIDs returns which of ids table holds already.
func takenIDs(ctx context.Context, t dbtx, table string, ids []int64) (map[int64]bool, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inIDs(t, "id", ids)
	rows, err := t.query(ctx, "SELECT id FROM "+table+" WHERE "+in, args...)
	if err != nil {
		return nil, fmt.Errorf("look for taken %s ids: %w", table, err)
	}
	defer rows.Close()
	taken := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		taken[id] = true
	}
	return taken, rows.Err()
}

// reserveIDs returns n fresh ids of table, ascending and above floor.
func reserveIDs(ctx context.Context, t dbtx, table string, n int, floor int64) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	if t.postgres() {
		seq := table + "_id_seq"
		if floor > 0 {
			_, err := t.exec(ctx, fmt.Sprintf("SELECT setval('%s', ?) WHERE (SELECT last_value FROM %s) < ?", seq, seq), floor, floor)
			if err != nil {
				return nil, fmt.Errorf("reserve %s ids: %w", table, err)
			}
		}
		rows, err := t.query(ctx, fmt.Sprintf("SELECT nextval('%s') FROM generate_series(1, %d)", seq, n))
		if err != nil {
			return nil, fmt.Errorf("reserve %s ids: %w", table, err)
		}
		defer rows.Close()
		ids := make([]int64, 0, n)
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return ids, rows.Err()
	}
	// SQLite: the batch transaction holds the write lock, and explicit ids
	// move sqlite_sequence on, so AUTOINCREMENT never hands these out again.
	rows, err := t.query(ctx, `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
		COALESCE((SELECT MAX(id) FROM `+table+`), 0))`, table)
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	defer rows.Close()
	var top int64
	if rows.Next() {
		if err := rows.Scan(&top); err != nil {
			return nil, err
		}
	}
	top = max(top, floor)
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = top + 1 + int64(i)
	}
	return ids, rows.Err()
}

// topID returns the largest Id among the rows at the end of a dump file
// (its last 64 KiB), or 0. Stack Exchange writes rows in Id order, so that is
// the file's largest: ids given to rows whose own is taken start above it,
// where no later row of the file wants them.
func topID(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	const tail = 64 << 10
	if info, err := f.Stat(); err == nil && info.Size() > tail {
		if _, err := f.Seek(info.Size()-tail, io.SeekStart); err != nil {
			return 0
		}
	}
	buf, err := io.ReadAll(io.LimitReader(f, tail))
	if err != nil {
		return 0
	}
	var top int64
	for _, m := range rowIDPattern.FindAllSubmatch(buf, -1) {
		if id, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil {
			top = max(top, id)
		}
	}
	return top
}

// rowIDPattern finds a row's Id attribute (not PostId, AccountId ...).
var rowIDPattern = regexp.MustCompile(`\sId="(\d+)"`)

// syncSequence moves a PostgreSQL id sequence past the largest id of its
// table after rows were written with explicit ids, so that new rows get
// higher ids. SQLite's AUTOINCREMENT follows explicit ids by itself.
func syncSequence(ctx context.Context, t dbtx, table string) error {
	if !t.postgres() {
		return nil
	}
	seq := table + "_id_seq"
	_, err := t.exec(ctx, fmt.Sprintf(`SELECT setval('%s', GREATEST((SELECT COALESCE(MAX(id), 1) FROM %s),
		(SELECT last_value FROM %s)))`, seq, table, seq))
	return err
}

// mapRow is one import_ids row.
func mapRow(site, kind string, src, target, ref int64) []any {
	return []any{site, kind, src, target, optInt(ref)}
}

// fresh returns the batch's parsed rows whose source ids were not imported
// before and do not repeat earlier in the batch; the others are skipped as
// duplicates ("noun" names the row in messages). Rows without an id (0)
// are all fresh.
func fresh[T any](ctx context.Context, b *batch[T], kind, noun string, id func(T) int64) ([]item[T], error) {
	live := b.live()
	src := make([]int64, len(live))
	for i, it := range live {
		src[i] = id(it.V)
	}
	known, err := lookupIDs(ctx, b.t, b.run.site, kind, src)
	if err != nil {
		return nil, err
	}
	out := live[:0]
	seen := make(map[int64]bool, len(live))
	for _, it := range live {
		s := id(it.V)
		if _, dup := known[s]; s != 0 && (dup || seen[s]) {
			b.skip(it.Line, ReasonDuplicateID, "duplicate %s Id %d: an earlier row has this Id", noun, s)
			continue
		}
		seen[s] = true
		out = append(out, it)
	}
	return out, nil
}
