package qa

import (
	"context"
	"runtime"
	"sync"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// RerenderStats says what Rerender read and changed.
type RerenderStats struct {
	Posts, Comments               int // rows read
	ChangedPosts, ChangedComments int // rows whose stored HTML changed
	Seconds                       float64
}

// rerenderBatch is how many rows Rerender reads and writes at a time.
const rerenderBatch = 200

// Rerender renders the stored HTML of every post and comment again with
// today's renderer, so a fix to it (a rule for images, links, raw HTML)
// reaches what was written before, not only what is edited after: a post
// from its Markdown, an imported post that has none (HTML only) by
// sanitising its HTML again, a comment from its text; the names its
// @mentions linked keep their links (linkMentions). Only rows whose HTML
// changes are written, each batch in one transaction, and only where the
// HTML is still what was read (an edit saved meanwhile stays); nothing
// else of a row changes (no revision, no activity), and the questions of
// changed posts are queued for the search index. progress, when set, is
// told the rows done and the total after each batch.
func (s *Service) Rerender(ctx context.Context, progress func(done, total int)) (RerenderStats, error) {
	start := time.Now()
	var st RerenderStats
	db := s.Store.DB.WithContext(ctx)
	var posts, comments int64
	if err := db.Model(&store.Post{}).Count(&posts).Error; err != nil {
		return st, errs.Internalf(err, "qa: count posts")
	}
	if err := db.Model(&store.Comment{}).Count(&comments).Error; err != nil {
		return st, errs.Internalf(err, "qa: count comments")
	}
	total := int(posts + comments)
	for last := int64(0); ; {
		var rows []struct {
			ID           int64
			ParentID     *int64
			BodyMarkdown string
			BodyHTML     string
		}
		if err := db.Model(&store.Post{}).Select("id", "parent_id", "body_markdown", "body_html").
			Where("id > ?", last).Order("id").Limit(rerenderBatch).Scan(&rows).Error; err != nil {
			return st, errs.Internalf(err, "qa: posts to render")
		}
		if len(rows) == 0 {
			break
		}
		html := renderAll(len(rows), func(i int) string {
			if r := rows[i]; r.BodyMarkdown != "" {
				return linkMentions(db, markdown.Render(r.BodyMarkdown), r.BodyHTML)
			}
			return markdown.SanitizeHTML(rows[i].BodyHTML) // imported: HTML only
		})
		now := s.now()
		if testHookBeforeUpgradeWrite != nil {
			testHookBeforeUpgradeWrite()
		}
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			for i, r := range rows {
				changed, err := replaceHTML(tx, "posts", r.ID, r.BodyHTML, html[i])
				if err != nil {
					return err
				}
				if !changed {
					continue
				}
				st.ChangedPosts++
				question := r.ID
				if r.ParentID != nil {
					question = *r.ParentID
				}
				if err := store.EnqueueIndex(tx, question, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return st, errs.Internalf(err, "qa: render posts")
		}
		st.Posts += len(rows)
		last = rows[len(rows)-1].ID
		if progress != nil {
			progress(st.Posts, total)
		}
	}
	for last := int64(0); ; {
		var cs []store.Comment
		if err := db.Select("id", "body", "body_html").Where("id > ?", last).Order("id").
			Limit(rerenderBatch).Find(&cs).Error; err != nil {
			return st, errs.Internalf(err, "qa: comments to render")
		}
		if len(cs) == 0 {
			break
		}
		html := renderAll(len(cs), func(i int) string {
			return linkMentions(db, markdown.RenderComment(cs[i].Body), cs[i].BodyHTML)
		})
		if testHookBeforeUpgradeWrite != nil {
			testHookBeforeUpgradeWrite()
		}
		err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
			for i, c := range cs {
				changed, err := replaceHTML(tx, "comments", c.ID, c.BodyHTML, html[i])
				if err != nil {
					return err
				}
				if changed {
					st.ChangedComments++
				}
			}
			return nil
		})
		if err != nil {
			return st, errs.Internalf(err, "qa: render comments")
		}
		st.Comments += len(cs)
		last = cs[len(cs)-1].ID
		if progress != nil {
			progress(st.Posts+st.Comments, total)
		}
	}
	st.Seconds = time.Since(start).Seconds()
	return st, nil
}

// renderAll renders n rows on every core (a post with highlighted code
// takes milliseconds), outside any transaction: the mentions' look-ups
// read users.
func renderAll(n int, render func(i int) string) []string {
	out := make([]string, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = render(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// replaceHTML stores html as a row's body_html where it differs from old
// and the row still holds old; it reports whether it wrote.
func replaceHTML(tx *gorm.DB, table string, id int64, old, html string) (bool, error) {
	if html == old {
		return false, nil
	}
	res := tx.Table(table).Where("id = ? AND body_html = ?", id, old).UpdateColumn("body_html", html)
	return res.RowsAffected > 0, res.Error
}
