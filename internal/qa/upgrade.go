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
// goes up when that changes (2: inline Markdown only), and
// UpgradeRendered brings the comments written before up to date.
const commentRendering = 2

// renderingCounter is the counters row that holds the version the stored
// comments were rendered with.
const renderingCounter = "rendering.comments"

// bidiCounter holds the version of the bidirectional marks in the stored
// HTML of posts and comments (markdown.RevealBidi): 1, the controls in code
// show as marks; 2, the overrides and embeddings in prose too, and <bdo>
// is <bdi>. Only the rows holding such a control or element change, so
// they are not rendered again whole (a post's highlighted code takes
// milliseconds).
const bidiCounter = "rendering.bidi"

// bidiRendering is the version of the marks markdown.RevealBidi makes.
const bidiRendering = 2

// bidiControls are the characters markdown.RevealBidi marks.
const bidiControls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

// UpgradeRendered brings stored HTML up to date with the renderer, once:
// it renders every comment again when the comment renderer has changed, and
// marks the bidirectional controls in the code (and the overrides in the
// prose) of posts and comments stored before such marks, a batch a
// transaction, recording each step's version.
// It returns how many comments and posts it changed (none when they are up
// to date). The site runs it as it starts; instances that start together
// write the same HTML.
func (s *Service) UpgradeRendered(ctx context.Context) (int, error) {
	n, err := s.upgradeComments(ctx)
	if err != nil {
		return n, err
	}
	m, err := s.upgradeBidi(ctx)
	return n + m, err
}

// testHookBeforeUpgradeWrite, when set by a test, runs between reading a
// batch of rows to render again and writing them (UpgradeRendered, Rerender).
var testHookBeforeUpgradeWrite func()

// upgradeBidi applies markdown.RevealBidi to the stored HTML of the posts
// and comments that hold a bidirectional control or a <bdo>, and queues
// the questions of changed posts for the search index, whose text comes
// from that HTML.
func (s *Service) upgradeBidi(ctx context.Context) (int, error) {
	db := s.Store.DB.WithContext(ctx)
	done, err := store.CounterValue(db, bidiCounter)
	if err != nil {
		return 0, errs.Internalf(err, "qa: rendering version")
	}
	if done >= bidiRendering {
		return 0, nil
	}
	conds := []string{"body_html LIKE ?"}
	args := []any{"%<bdo%"}
	for _, r := range bidiControls {
		conds = append(conds, "body_html LIKE ?")
		args = append(args, "%"+string(r)+"%")
	}
	holds := "(" + strings.Join(conds, " OR ") + ")"
	n := 0
	for _, table := range []string{"posts", "comments"} {
		for last := int64(0); ; {
			var rows []struct {
				ID       int64
				ParentID *int64
				BodyHTML string
			}
			cols := "id, body_html, NULL AS parent_id"
			if table == "posts" {
				cols = "id, body_html, parent_id"
			}
			if err := db.Table(table).Select(cols).Where("id > ? AND "+holds, append([]any{last}, args...)...).
				Order("id").Limit(500).Scan(&rows).Error; err != nil {
				return n, errs.Internalf(err, "qa: %s to mark", table)
			}
			if len(rows) == 0 {
				break
			}
			now := s.now()
			if testHookBeforeUpgradeWrite != nil {
				testHookBeforeUpgradeWrite()
			}
			err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
				for _, r := range rows {
					// Only the HTML read: an edit saved since (by another
					// instance of the site, starting or running) stays.
					changed, err := replaceHTML(tx, table, r.ID, r.BodyHTML, markdown.RevealBidi(r.BodyHTML))
					if err != nil {
						return err
					}
					if !changed {
						continue
					}
					n++
					if table == "posts" {
						question := r.ID
						if r.ParentID != nil {
							question = *r.ParentID
						}
						if err := store.EnqueueIndex(tx, question, now); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				return n, errs.Internalf(err, "qa: mark %s", table)
			}
			last = rows[len(rows)-1].ID
		}
	}
	if err := store.SetCounter(db, bidiCounter, bidiRendering); err != nil {
		return n, errs.Internalf(err, "qa: rendering version")
	}
	return n, nil
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
		if err := db.Select("id", "body", "body_html").Where("id > ?", last).Order("id").Limit(500).Find(&cs).Error; err != nil {
			return n, errs.Internalf(err, "qa: comments to render")
		}
		if len(cs) == 0 {
			break
		}
		html := make([]string, len(cs))
		for i, c := range cs { // (mentions are looked up outside the transaction)
			html[i] = linkMentions(db, markdown.RenderComment(c.Body), c.BodyHTML)
		}
		if testHookBeforeUpgradeWrite != nil {
			testHookBeforeUpgradeWrite()
		}
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			for i, c := range cs {
				// Only from the text read: an edit saved since is rendered already.
				if err := tx.Model(&store.Comment{}).Where("id = ? AND body = ?", c.ID, c.Body).Update("body_html", html[i]).Error; err != nil {
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
	if err := store.SetCounter(db, renderingCounter, commentRendering); err != nil {
		return n, errs.Internalf(err, "qa: rendering version")
	}
	return n, nil
}
