package importer

import (
	"context"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
)

// comment is one row of Comments.xml. Its text is plain text with
// Markdown-style links, rendered as the app renders comments.
type comment struct {
	ID, Post, User int64
	Score          int
	Text, HTML     string
	UserName       string // UserDisplayName: the author's name when no user is
	Created        time.Time
}

var commentCols = []string{"id", "post_id", "owner_id", "body", "body_html", "score", "created_at", "owner_name"}

// importComments imports comments on imported posts and counts them.
func importComments(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[comment]{
		name: "Comments.xml", root: "comments", table: "comments",
		parse: parseComment,
		write: writeComments,
	})
}

// parseComment reads one row of Comments.xml and renders its text.
func parseComment(row *xmlRow) (comment, *problem) {
	f := fields{row: row}
	c := comment{ID: f.id("Id"), Post: f.id("PostId"), User: f.optID("UserId"),
		Score: f.num("Score"), Text: f.text("Text"), Created: f.when("CreationDate"),
		UserName: displayName(f.text("UserDisplayName"))}
	if f.err == nil && c.ID <= 0 {
		f.err = &problem{Line: row.Line, Reason: ReasonBadRow, Msg: "comment Id is not positive"}
	}
	if f.err != nil {
		return c, f.err
	}
	c.HTML = markdown.RenderComment(c.Text)
	return c, nil
}

// writeComments writes a batch of comments on imported posts and counts them.
func writeComments(ctx context.Context, b *batch[comment]) error {
	items, err := fresh(ctx, b, kindComment, "comment", func(c comment) int64 { return c.ID })
	if err != nil || len(items) == 0 {
		return err
	}
	var postSrc, userSrc []int64
	for _, it := range items {
		postSrc = append(postSrc, it.V.Post)
		userSrc = append(userSrc, it.V.User)
	}
	posts, err := lookupIDs(ctx, b.t, b.run.site, kindPost, postSrc)
	if err != nil {
		return err
	}
	users, err := lookupIDs(ctx, b.t, b.run.site, kindUser, userSrc)
	if err != nil {
		return err
	}
	ok := items[:0]
	var src []int64
	for _, it := range items {
		if _, found := posts[it.V.Post]; !found {
			b.skip(it.Line, ReasonMissingPost, "comment %d: post %d is not in the dump", it.V.ID, it.V.Post)
			continue
		}
		ok = append(ok, it)
		src = append(src, it.V.ID)
	}
	ids, err := b.ids(ctx, "comments", src)
	if err != nil {
		return err
	}
	html, err := linkMentions(ctx, b.t, ok)
	if err != nil {
		return err
	}
	now := b.run.now()
	rows := make([][]any, len(ok))
	maps := make([][]any, len(ok))
	counts := map[int64]int64{}
	for i, it := range ok {
		c := it.V
		post := posts[c.Post]
		owner, ownerName := userRef(users, c.User), ""
		if owner == nil {
			ownerName = c.UserName // a deleted user's name, for attribution
		}
		rows[i] = []any{ids[i], post, owner, c.Text, html[i], c.Score, orTime(c.Created, now), ownerName}
		maps[i] = mapRow(b.run.site, kindComment, c.ID, ids[i], 0)
		if b.keepIDs && ids[i] != c.ID {
			b.renumber(it.Line, "comment", c.ID, ids[i])
		}
		counts[post]++
	}
	if err := b.t.copy(ctx, "comments", commentCols, rows); err != nil {
		return err
	}
	if err := b.t.copy(ctx, "import_ids", idCols, maps); err != nil {
		return err
	}
	b.imported += int64(len(ok))
	return addByID(ctx, b.t, "posts", "comment_count", counts)
}

// linkMentions links the @mentions of the comments' users here, as the site
// links them in comments it renders (qa.linkMentions), with one look-up of
// the names for the whole batch. It returns each comment's HTML.
func linkMentions(ctx context.Context, t dbtx, items []item[comment]) ([]string, error) {
	out := make([]string, len(items))
	var names []any
	seen := map[string]bool{}
	for i, it := range items {
		out[i] = it.V.HTML
		for _, n := range markdown.MentionNames(it.V.HTML, notify.MaxMentions) { // as LinkMentions finds them, outside links and code
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return out, nil
	}
	rows, err := t.query(ctx, "SELECT id, username FROM users WHERE username IN (?"+strings.Repeat(", ?", len(names)-1)+")", names...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	paths := map[string]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		paths[name] = "/users/" + strconv.FormatInt(id, 10)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	href := func(name string) (string, bool) {
		p, ok := paths[name]
		return p, ok
	}
	for i := range items {
		out[i] = markdown.LinkMentions(out[i], href)
	}
	return out, nil
}
