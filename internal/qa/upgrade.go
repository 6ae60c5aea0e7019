package qa

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// commentRendering is the version of what the comment renderer writes; it
// goes up when that changes (2: inline Markdown only; 3: bidirectional
// controls in code shown as marks), and UpgradeRendered brings the
// comments written before up to date.
const commentRendering = 3

// renderingCounter is the counters row that holds the version the stored
// comments were rendered with.
const renderingCounter = "rendering.comments"

// postRendering and postRenderingCounter are the same for the stored HTML
// of posts (1: bidirectional controls in code shown as marks). Posts are
// not rendered again whole (a post's highlighted code takes milliseconds):
// only what changed is applied to the posts it concerns.
const (
	postRendering        = 1
	postRenderingCounter = "rendering.posts"
)

// UpgradeRendered re-renders the stored HTML of every comment once the
// comment renderer has changed, a batch a transaction, brings the stored
// HTML of posts up to date the same way, and records the versions; it
// returns how many comments and posts it changed (none when they are up to
// date). The site runs it as it starts; instances that start together
// write the same HTML.
func (s *Service) UpgradeRendered(ctx context.Context) (int, error) {
	n, err := s.upgradeComments(ctx)
	if err != nil {
		return n, err
	}
	m, err := s.upgradePosts(ctx)
	return n + m, err
}

// upgradePosts shows the bidirectional controls in the code of posts
// stored before as marks (markdown.RevealBidi), once.
func (s *Service) upgradePosts(ctx context.Context) (int, error) {
	db := s.Store.DB.WithContext(ctx)
	done, err := store.CounterValue(db, postRenderingCounter)
	if err != nil {
		return 0, errs.Internalf(err, "qa: rendering version")
	}
	if done >= postRendering {
		return 0, nil
	}
	var conds []string
	var args []any
	for _, r := range "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" {
		conds = append(conds, "body_html LIKE ?")
		args = append(args, "%"+string(r)+"%")
	}
	var ps []store.Post
	if err := db.Select("id", "body_html").Where(strings.Join(conds, " OR "), args...).Find(&ps).Error; err != nil {
		return 0, errs.Internalf(err, "qa: posts to render")
	}
	n := 0
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		for _, p := range ps {
			if html := markdown.RevealBidi(p.BodyHTML); html != p.BodyHTML {
				if err := tx.Model(&store.Post{}).Where("id = ?", p.ID).UpdateColumn("body_html", html).Error; err != nil {
					return err
				}
				n++
			}
		}
		return setCounter(tx, postRenderingCounter, postRendering)
	})
	if err != nil {
		return 0, errs.Internalf(err, "qa: render posts")
	}
	return n, nil
}

// setCounter sets a counters row, adding it when missing.
func setCounter(db *gorm.DB, name string, value int64) error {
	return db.Exec("INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
		name, value).Error
}

// upgradeComments renders the stored comments again when the comment
// renderer changed.
func (s *Service) upgradeComments(ctx context.Context) (int, error) {
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
	if err := setCounter(db, renderingCounter, commentRendering); err != nil {
		return n, errs.Internalf(err, "qa: rendering version")
	}
	return n, nil
}
