package importer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/text"
)

// normalizeTag lower-cases a dump tag name and reports whether our tag rules accept it.
func normalizeTag(name string) (string, bool) {
	name = text.NormalizeTag(name)
	return name, text.ValidTag(name)
}

// parseTags reads a question's Tags attribute in either dump form,
// "<a><b>" (older dumps) or "|a|b|" (newer ones), and returns the accepted
// names once each, in order, and the names it dropped.
func parseTags(s string) (tags, dropped []string) {
	s = strings.TrimSpace(s)
	var parts []string
	switch {
	case s == "":
		return nil, nil
	case strings.HasPrefix(s, "<"):
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == '<' || r == '>' })
	default:
		parts = strings.Split(s, "|")
	}
	seen := map[string]bool{}
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		t, ok := normalizeTag(p)
		switch {
		case !ok:
			dropped = append(dropped, p)
		case !seen[t]:
			seen[t] = true
			tags = append(tags, t)
		}
	}
	return tags, dropped
}

// tagRow is one row of Tags.xml.
type tagRow struct {
	Name    string
	Excerpt int64 // ExcerptPostId: the Posts.xml row that holds the tag's excerpt
}

// importTags creates the tags of Tags.xml (counted at zero until questions
// arrive) and remembers which post holds each tag's excerpt.
func importTags(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[tagRow]{
		name: "Tags.xml", root: "tags",
		parse: parseTagRow,
		write: writeTags,
	})
}

// parseTagRow reads one row of Tags.xml; a name our tag rules refuse is skipped.
func parseTagRow(row *xmlRow) (tagRow, *problem) {
	f := fields{row: row}
	raw := f.text("TagName")
	t := tagRow{Excerpt: f.optID("ExcerptPostId")}
	if f.err != nil {
		return t, f.err
	}
	name, ok := normalizeTag(raw)
	if !ok {
		return t, &problem{Line: row.Line, Reason: ReasonTagName,
			Msg: fmt.Sprintf("tag %q: use up to %d lower-case letters, digits, + # . or - (not first)", clip(raw, 40), qa.TagMaxLen)}
	}
	t.Name = name
	return t, nil
}

// writeTags creates a batch of tags and records which posts hold their excerpts.
func writeTags(ctx context.Context, b *batch[tagRow]) error {
	live := b.live()
	names := make([]string, len(live))
	for i, it := range live {
		names[i] = it.V.Name
	}
	ids, err := ensureTags(ctx, b.t, names, b.run.now())
	if err != nil {
		return err
	}
	var maps [][]any
	for _, it := range live {
		if it.V.Excerpt != 0 {
			maps = append(maps, mapRow(b.run.site, kindTagExcerpt, it.V.Excerpt, ids[it.V.Name], 0))
		}
		b.imported++
	}
	_, err = insertRows(ctx, b.t, "import_ids", idCols, maps, "ON CONFLICT DO NOTHING")
	return err
}

// ensureTags creates the tags that do not exist yet and returns the ids of all.
func ensureTags(ctx context.Context, t dbtx, names []string, now time.Time) (map[string]int64, error) {
	ids := map[string]int64{}
	if len(names) == 0 {
		return ids, nil
	}
	var rows [][]any
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			rows = append(rows, []any{n, 0, "", now})
		}
	}
	if _, err := insertRows(ctx, t, "tags", []string{"name", "question_count", "excerpt", "created_at"}, rows,
		"ON CONFLICT (name) DO NOTHING"); err != nil {
		return nil, fmt.Errorf("create tags: %w", err)
	}
	for lo := 0; lo < len(rows); lo += 200 {
		part := rows[lo:min(lo+200, len(rows))]
		args := make([]any, len(part))
		for i, r := range part {
			args[i] = r[0]
		}
		q := "SELECT id, name FROM tags WHERE name IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ") + ")"
		rs, err := t.query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("read tags: %w", err)
		}
		for rs.Next() {
			var id int64
			var name string
			if err := rs.Scan(&id, &name); err != nil {
				rs.Close()
				return nil, err
			}
			ids[name] = id
		}
		if err := rs.Close(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// linkTags links new questions to their tags and counts them in each.
func linkTags(ctx context.Context, t dbtx, tagsByPost map[int64][]string, now time.Time) error {
	var names []string
	for _, ts := range tagsByPost {
		names = append(names, ts...)
	}
	ids, err := ensureTags(ctx, t, names, now)
	if err != nil {
		return err
	}
	var links [][]any
	counts := map[int64]int64{}
	for post, ts := range tagsByPost {
		for _, n := range ts {
			links = append(links, []any{ids[n], post})
			counts[ids[n]]++
		}
	}
	if err := t.copy(ctx, "post_tags", []string{"tag_id", "post_id"}, links); err != nil {
		return err
	}
	return addByID(ctx, t, "tags", "question_count", counts)
}
