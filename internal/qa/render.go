package qa

import (
	"strconv"

	"gorm.io/gorm"

	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

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
