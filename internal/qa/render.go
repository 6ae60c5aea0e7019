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

// renderShown renders a body or comment as render does, and refuses one
// that shows nothing once rendered (only HTML that the sanitiser removes,
// or invisible characters); an image shows.
func (s *Service) renderShown(ctx context.Context, field, md string) (string, error) {
	out := render(s.Store.DB.WithContext(ctx), md)
	if !text.Shows(markdown.HTMLToText(out)) && !strings.Contains(out, "<img") {
		var f errs.Fields
		f.Add(field, "field.text.renders_empty", "Once formatted, this shows nothing (HTML such as <script> is removed): write it as text.")
		return "", f.Err()
	}
	return out, nil
}

// render renders Markdown to the HTML stored with a post or comment, with
// its @mentions of existing users linked to their pages. It runs before the
// write's transaction: a failed lookup there would abort it on PostgreSQL.
func render(db *gorm.DB, md string) string {
	out := markdown.Render(md)
	names := notify.Mentions(md)
	if len(names) == 0 {
		return out
	}
	var us []store.User
	if err := db.Select("id", "username").Where("username IN ?", names).Find(&us).Error; err != nil {
		return out // the links are a convenience; the text stands without them
	}
	paths := make(map[string]string, len(us))
	for _, u := range us {
		paths[u.Username] = "/users/" + strconv.FormatInt(u.ID, 10)
	}
	return markdown.LinkMentions(out, func(name string) (string, bool) {
		p, ok := paths[name]
		return p, ok
	})
}
