package importer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// Stack Exchange post types that are not questions or answers.
const (
	postTagExcerpt = 4
	postTypeMax    = 8
)

// postTypeNames names the post types Stack Exchange defines, for messages.
var postTypeNames = map[int]string{
	3: "orphaned tag wiki", 4: "tag wiki excerpt", 5: "tag wiki", 6: "moderator nomination",
	7: "wiki placeholder", 8: "privilege wiki",
}

// post is one row of Posts.xml, converted.
type post struct {
	ID, Parent, Accepted, Owner, Editor int64
	Type                                int
	Title, HTML                         string
	OwnerName                           string // OwnerDisplayName: the author's name when no user is

	Tags, DroppedTags                 []string
	Excerpt                           string // a tag-wiki excerpt as plain text
	Score, Views                      int
	Created, Edited, Activity, Closed time.Time
}

// importPosts imports questions and answers (and tag-wiki excerpts into
// their tags). Bodies are HTML: body_html is the sanitised HTML, and
// body_markdown (of the post and of its revision) is left empty:
// markdown.Source derives it when someone reads or edits the post.
func importPosts(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[post]{
		name: "Posts.xml", root: "posts", table: "posts",
		parse: parsePost,
		write: writePosts,
	})
}

// parsePost reads one row of Posts.xml and converts its body.
func parsePost(row *xmlRow) (post, *problem) {
	f := fields{row: row}
	p := post{ID: f.id("Id"), Type: f.num("PostTypeId"), Parent: f.optID("ParentId"),
		Accepted: f.optID("AcceptedAnswerId"), Owner: f.optID("OwnerUserId"), Editor: f.optID("LastEditorUserId"),
		Score: f.num("Score"), Views: f.num("ViewCount"), Created: f.when("CreationDate"),
		Edited: f.when("LastEditDate"), Activity: f.when("LastActivityDate"), Closed: f.when("ClosedDate"),
		OwnerName: displayName(f.text("OwnerDisplayName"))}
	if _, ok := row.get("PostTypeId"); !ok && f.err == nil {
		f.id("PostTypeId") // reports it missing
	}
	if f.err != nil {
		return p, f.err
	}
	fail := func(reason, format string, args ...any) (post, *problem) {
		return p, &problem{Line: row.Line, Reason: reason, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case p.ID <= 0:
		return fail(ReasonBadRow, "post Id %d is not positive", p.ID)
	case p.Type == store.PostQuestion:
		p.Title = strings.TrimSpace(f.text("Title"))
		p.Tags, p.DroppedTags = parseTags(f.text("Tags"))
	case p.Type == store.PostAnswer:
		if p.Parent == 0 {
			return fail(ReasonMissingParent, "answer %d has no ParentId", p.ID)
		}
	case p.Type == postTagExcerpt:
		p.Excerpt = markdown.HTMLToText(f.text("Body"))
		return p, nil
	case p.Type >= 3 && p.Type <= postTypeMax:
		return fail(ReasonPostType, "post %d: PostTypeId %d (%s) is not imported", p.ID, p.Type, postTypeNames[p.Type])
	default:
		return fail(ReasonUnknownType, "post %d: PostTypeId %d is not a Stack Exchange post type", p.ID, p.Type)
	}
	p.HTML = markdown.SanitizeHTML(f.text("Body"))
	return p, nil
}
