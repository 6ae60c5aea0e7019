package qa

import (
	"context"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// commentRendering is the version of what the comment renderer writes; it
// goes up when that changes (2: inline Markdown only), and
// UpgradeRendered brings the comments written before up to date.
const commentRendering = 2

// renderingCounter is the counters row that holds the version the stored
// comments were rendered with.
const renderingCounter = "rendering.comments"

// UpgradeRendered re-renders the stored HTML of every comment once the
// comment renderer has changed, a batch a transaction, and records the
// version; it returns how many comments it rendered (none when they are up
// to date). The site runs it as it starts; instances that start together
// write the same HTML.
func (s *Service) UpgradeRendered(ctx context.Context) (int, error) {
	db := s.Store.DB.WithContext(ctx)
	done, err := store.CounterValue(db, renderingCounter)
	if err != nil {
		return 0, errs.Internalf(err, "qa: rendering version")
	}
	if done >= commentRendering {
		return 0, nil
	}
	n := 0
	for last := int64(0); ; {
		var cs []store.Comment
		if err := db.Select("id", "body").Where("id > ?", last).Order("id").Limit(500).Find(&cs).Error; err != nil {
			return n, errs.Internalf(err, "qa: comments to render")
		}
		if len(cs) == 0 {
			break
		}
		html := make([]string, len(cs))
		for i, c := range cs { // (mentions are looked up outside the transaction)
			html[i] = linkMentions(db, c.Body, markdown.RenderComment(c.Body))
		}
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			for i, c := range cs {
				if err := tx.Model(&store.Comment{}).Where("id = ?", c.ID).Update("body_html", html[i]).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, errs.Internalf(err, "qa: render comments")
		}
		n += len(cs)
		last = cs[len(cs)-1].ID
	}
	err = db.Exec("INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
		renderingCounter, commentRendering).Error
	if err != nil {
		return n, errs.Internalf(err, "qa: rendering version")
	}
	return n, nil
}
