package importer

import "context"

// writeExcerpts stores tag-wiki excerpts as the excerpts of the tags that
// Tags.xml names them for.
func writeExcerpts(ctx context.Context, b *batch[post], ex []item[post]) error {
	if len(ex) == 0 {
		return nil
	}
	src := make([]int64, len(ex))
	for i, it := range ex {
		src[i] = it.V.ID
	}
	tags, err := lookupIDs(ctx, b.t, b.run.site, kindTagExcerpt, src)
	if err != nil {
		return err
	}
	current, err := tagExcerpts(ctx, b.t, valuesOf(tags))
	if err != nil {
		return err
	}
	var updates [][]any
	for _, it := range ex {
		id, ok := tags[it.V.ID]
		switch {
		case ok && current[id] == it.V.Excerpt:
			b.imported++ // the tag has it already: nothing to write
		case ok:
			updates = append(updates, []any{it.V.Excerpt, id})
		case !b.run.tagsFile:
			b.skip(it.Line, ReasonNoTagsFile, "tag wiki excerpt %d: without Tags.xml its tag is unknown", it.V.ID)
		default:
			b.skip(it.Line, ReasonPostType, "tag wiki excerpt %d: no tag in Tags.xml names it", it.V.ID)
		}
	}
	b.imported += int64(len(updates))
	return b.t.execEach(ctx, "UPDATE tags SET excerpt = ? WHERE id = ?", updates)
}

// tagExcerpts reads the excerpts of tags by id.
func tagExcerpts(ctx context.Context, t dbtx, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inIDs(t, "id", distinct(ids))
	rows, err := t.query(ctx, "SELECT id, excerpt FROM tags WHERE "+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e string
		if err := rows.Scan(&id, &e); err != nil {
			return nil, err
		}
		out[id] = e
	}
	return out, rows.Err()
}
