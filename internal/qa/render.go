package qa

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// renderShown renders a body (to is markdown.Render) or a comment (to is
// markdown.RenderComment) with its @mentions linked, as render does, and
// refuses one that shows nothing once rendered (only HTML comments or
// empty elements, or invisible characters); an image shows. prior is
// the HTML stored before, for an edit ("" for new text): the names it
// linked keep their links (linkMentions).
func (s *Service) renderShown(ctx context.Context, field, md string, to func(string) string, prior string) (string, error) {
	out := linkMentions(s.Store.DB.WithContext(ctx), to(md), prior)
	if !text.Shows(markdown.HTMLToText(out)) && !strings.Contains(out, "<img") {
		var f errs.Fields
		f.Add(field, "field.text.renders_empty", "Once formatted, this shows nothing (HTML comments and empty elements show no text): write it as text.")
		return "", f.Err()
	}
	return out, nil
}

// render renders a post's Markdown to the HTML stored with it, with its
// @mentions of existing users linked to their pages. It runs before the
// write's transaction: a failed lookup there would abort it on PostgreSQL.
func render(db *gorm.DB, md string) string {
	return linkMentions(db, markdown.Render(md), "")
}

// linkMentions links the @mentions of existing users in out, HTML just
// rendered from Markdown, to their pages: those it shows as text, not in
// code or in a link's text, which are the ones that notify. A name that
// prior (the HTML the text replaces, or "") linked keeps that link, to the
// person it named then, whatever their username is now: links point by id,
// and a username can change (an imported account claimed loses one that
// claims a role), so the text "@old-name" still means them. Other names
// are looked up among today's usernames.
func linkMentions(db *gorm.DB, out, prior string) string {
	names := markdown.MentionNames(out, notify.MaxMentions)
	if len(names) == 0 {
		return out
	}
	paths := markdown.MentionLinks(prior)
	if paths == nil {
		paths = make(map[string]string, len(names))
	}
	var ask []string
	for _, n := range names {
		if _, ok := paths[n]; !ok {
			ask = append(ask, n)
		}
	}
	if len(ask) > 0 {
		var us []store.User
		// On an error the links are a convenience; the text stands without them.
		if err := db.Select("id", "username").Where("username IN ?", ask).Find(&us).Error; err == nil {
			for _, u := range us {
				paths[u.Username] = "/users/" + strconv.FormatInt(u.ID, 10)
			}
		}
	}
	return markdown.LinkMentions(out, func(name string) (string, bool) {
		p, ok := paths[name]
		return p, ok
	})
}

// Preview kinds: the Markdown of a question or answer, or of a comment.
const (
	PreviewPost    = "post"
	PreviewComment = "comment"
)

// Preview renders Markdown as it would be stored and shown, for a preview
// while it is typed ("post" or "comment"; "" is a post): sanitised, with
// its @mentions of existing users linked. Nothing is written. Text longer
// than a post or comment may be is refused, as saving it would be.
func (s *Service) Preview(ctx context.Context, kind, md string) (string, error) {
	var f errs.Fields
	limit, to := BodyMax, markdown.Render
	switch kind {
	case "", PreviewPost:
	case PreviewComment:
		limit, to = CommentMax, markdown.RenderComment
	default:
		f.Add("kind", "field.preview_kind", "Use post or comment.")
		return "", f.Err()
	}
	md = cleanBody(md)
	if p, ok := text.Check(md, 0, limit, true); !ok {
		f.Add("body", p.ID, p.Text, p.KV()...)
		return "", f.Err()
	}
	return linkMentions(s.Store.DB.WithContext(ctx), to(md), ""), nil
}
