package uploads

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
)

// MinPruneAge is the youngest an image is pruned at: a newer one may be in
// a post still being written.
const MinPruneAge = 24 * time.Hour

// Texts are the columns that may show an uploaded image: posts (also
// deleted ones, which may be restored, and every revision), suggested
// edits (one waiting may be approved), comments, and the hotline tickets
// written on the Get help page; written is the column that says when a row
// was last written.
var texts = []struct{ table, columns, written string }{
	{"posts", "body_markdown, body_html", "updated_at"},
	{"post_revisions", "body_markdown", "created_at"},
	{"suggested_edits", "body, old_body", "created_at"},
	{"comments", "body, body_html", "created_at"},
	{"tickets", "body", "updated_at"},
}

// refRE finds the names of uploaded images in a text, as posts refer to
// them (/uploads/NAME, with or without the site's address before).
var refRE = regexp.MustCompile(`/uploads/([0-9a-f]{64}\.(?:png|jpg|gif))`)

// PruneResult says what Prune found and did.
type PruneResult struct {
	Texts      int   // rows of text read
	Old        int   // images older than the age given (not removed by a moderator)
	Referenced int   // of those, still shown somewhere
	Pruned     int   // deleted (or, on a dry run, to be)
	Bytes      int64 // their size
	Temps      int   // temporary files of interrupted uploads older than the age given, deleted (or to be)
	TempBytes  int64 // their size
}

// tempRE matches the names of the temporary files an upload writes before
// renaming (see write): one left over was interrupted.
var tempRE = regexp.MustCompile(`^\.upload-[0-9]+$`)

// Prune deletes the images uploaded before olderThan ago that no text
// refers to (see texts): pasted into a post never sent, say. The file goes
// with its row, so the same picture may be uploaded again; images a
// moderator removed keep their rows. The temporary files of uploads
// interrupted before olderThan ago go too. A dry run only counts.
// progress, if set, is told the rows of text read of all.
func (s *Service) Prune(ctx context.Context, olderThan time.Duration, dryRun bool, progress func(done, total int)) (PruneResult, error) {
	var r PruneResult
	if olderThan < MinPruneAge {
		return r, errs.E(errs.Invalid, "upload.prune_too_young", "Only images older than a day are pruned.")
	}
	start := s.Now().UTC()
	cutoff := start.Add(-olderThan)
	if err := s.pruneTemps(&r, cutoff, dryRun); err != nil {
		return r, err
	}
	db := s.Store.DB.WithContext(ctx)
	var old []Upload
	if err := db.Where("removed_at IS NULL AND "+lastUploaded+" < ?", cutoff).Order("id").Find(&old).Error; err != nil {
		return r, errs.Internalf(err, "uploads: prune: list")
	}
	r.Old = len(old)
	if len(old) == 0 {
		return r, nil
	}
	shown, err := s.referenced(ctx, &r, progress)
	if err != nil {
		return r, err
	}
	var unshown []*Upload
	for i := range old {
		if shown[old[i].Name()] {
			r.Referenced++
			continue
		}
		unshown = append(unshown, &old[i])
	}
	// The texts written since the scan began (a post saved meanwhile) are
	// read again before each group of images goes, outside any write
	// transaction.
	const group = 100
	since := start.Add(-time.Minute)
	for len(unshown) > 0 {
		chunk := unshown[:min(group, len(unshown))]
		unshown = unshown[len(chunk):]
		recent, err := s.recentRefs(ctx, since)
		if err != nil {
			return r, err
		}
		for _, u := range chunk {
			if recent[u.Name()] {
				r.Referenced++
				continue
			}
			if !dryRun {
				gone, err := s.prune(ctx, u, cutoff)
				if err != nil {
					return r, err
				}
				if !gone {
					continue
				}
			}
			r.Pruned++
			r.Bytes += u.Bytes
		}
	}
	return r, nil
}

// pruneTemps deletes the temporary files of uploads interrupted before the
// cut-off (a crash between writing and renaming), or on a dry run counts
// them. An upload running now wrote its file moments ago.
func (s *Service) pruneTemps(r *PruneResult, cutoff time.Time, dryRun bool) error {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return errs.Internalf(err, "uploads: prune: read the folder")
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !tempRE.MatchString(e.Name()) {
			continue
		}
		info, err := e.Info()
		if errors.Is(err, os.ErrNotExist) {
			continue // renamed or removed meanwhile
		}
		if err != nil {
			return errs.Internalf(err, "uploads: prune: stat %s", e.Name())
		}
		if !info.ModTime().Before(cutoff) {
			continue
		}
		if !dryRun {
			if err := os.Remove(filepath.Join(s.Dir, e.Name())); errors.Is(err, os.ErrNotExist) {
				continue
			} else if err != nil {
				return errs.Internalf(err, "uploads: prune %s", e.Name())
			}
		}
		r.Temps++
		r.TempBytes += info.Size()
	}
	return nil
}

// recentRefs gives the names of the images that texts written since the
// given time refer to.
func (s *Service) recentRefs(ctx context.Context, since time.Time) (map[string]bool, error) {
	db := s.Store.DB.WithContext(ctx)
	out := map[string]bool{}
	for _, t := range texts {
		var rows []map[string]any
		if err := db.Table(t.table).Select(t.columns).Where(t.written+" >= ?", since).Find(&rows).Error; err != nil {
			return nil, errs.Internalf(err, "uploads: prune: read %s again", t.table)
		}
		for _, row := range rows {
			for _, v := range row {
				var text string
				switch x := v.(type) {
				case string:
					text = x
				case []byte:
					text = string(x)
				}
				for _, m := range refRE.FindAllStringSubmatch(text, -1) {
					out[m[1]] = true
				}
			}
		}
	}
	return out, nil
}

// referenced reads every text and gives the names of the images they refer to.
func (s *Service) referenced(ctx context.Context, r *PruneResult, progress func(done, total int)) (map[string]bool, error) {
	db := s.Store.DB.WithContext(ctx)
	total := 0
	for _, t := range texts {
		var n int64
		if err := db.Table(t.table).Count(&n).Error; err != nil {
			return nil, errs.Internalf(err, "uploads: prune: count %s", t.table)
		}
		total += int(n)
	}
	shown := map[string]bool{}
	const batch = 500
	for _, t := range texts {
		cols := strings.Split(t.columns, ", ")
		for after := int64(0); ; {
			rows, err := db.Table(t.table).Select("id, "+t.columns).Where("id > ?", after).Order("id").Limit(batch).Rows()
			if err != nil {
				return nil, errs.Internalf(err, "uploads: prune: read %s", t.table)
			}
			n := 0
			vals := make([]string, len(cols))
			dest := []any{&after}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					rows.Close()
					return nil, errs.Internalf(err, "uploads: prune: read %s", t.table)
				}
				for _, v := range vals {
					if !strings.Contains(v, "/uploads/") {
						continue
					}
					for _, m := range refRE.FindAllStringSubmatch(v, -1) {
						shown[m[1]] = true
					}
				}
				n++
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return nil, errs.Internalf(err, "uploads: prune: read %s", t.table)
			}
			r.Texts += n
			if progress != nil {
				progress(r.Texts, max(total, r.Texts))
			}
			if n < batch {
				break
			}
		}
	}
	return shown, nil
}

// lastUploaded is when an image was last uploaded, as SQL.
const lastUploaded = "COALESCE(seen_at, created_at)"

// prune deletes one image, row and file, unless it changed meanwhile
// (removed by a moderator, uploaded again). The file goes last, inside the
// transaction: if it cannot be removed, the row stays and the next run
// tries again.
func (s *Service) prune(ctx context.Context, u *Upload, cutoff time.Time) (bool, error) {
	if !NameRE.MatchString(u.Name()) {
		return false, nil // not a name this package wrote: leave the disk alone
	}
	gone := false
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var row Upload
		if err := q.Where("id = ? AND removed_at IS NULL AND "+lastUploaded+" < ?", u.ID, cutoff).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil
			}
			return err
		}
		if err := tx.Where("id = ?", row.ID).Delete(&Upload{}).Error; err != nil {
			return err
		}
		if err := os.Remove(filepath.Join(s.Dir, row.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		gone = true
		return nil
	})
	if err != nil {
		return false, errs.Internalf(err, "uploads: prune %s", u.Name())
	}
	return gone, nil
}
