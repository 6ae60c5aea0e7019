package qa

import (
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/store"
)

// addTags links a question to tags, creating missing tags, and counts it in each.
func addTags(tx *gorm.DB, postID int64, names []string, now time.Time) error {
	if len(names) == 0 {
		return nil
	}
	rows := make([]store.Tag, len(names))
	for i, n := range names {
		rows[i] = store.Tag{Name: n, CreatedAt: now}
	}
	if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}}, DoNothing: true}).Create(&rows).Error; err != nil {
		return err
	}
	var ids []int64
	if err := tx.Model(&store.Tag{}).Where("name IN ?", names).Pluck("id", &ids).Error; err != nil {
		return err
	}
	links := make([]store.PostTag, len(ids))
	for i, id := range ids {
		links[i] = store.PostTag{TagID: id, PostID: postID}
	}
	if err := tx.Create(&links).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE tags SET question_count = question_count + 1 WHERE id IN ?", ids).Error
}

// removeTags unlinks a question from tags and uncounts it.
func removeTags(tx *gorm.DB, postID int64, names []string) error {
	if len(names) == 0 {
		return nil
	}
	var ids []int64
	if err := tx.Model(&store.Tag{}).Where("name IN ?", names).Pluck("id", &ids).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	if err := tx.Where("post_id = ? AND tag_id IN ?", postID, ids).Delete(&store.PostTag{}).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE tags SET question_count = question_count - 1 WHERE id IN ?", ids).Error
}

// tagDiff returns the tags in b and not in a, and those in a and not in b.
func tagDiff(a, b []string) (added, removed []string) {
	inA := map[string]bool{}
	for _, t := range a {
		inA[t] = true
	}
	inB := map[string]bool{}
	for _, t := range b {
		inB[t] = true
		if !inA[t] {
			added = append(added, t)
		}
	}
	for _, t := range a {
		if !inB[t] {
			removed = append(removed, t)
		}
	}
	return added, removed
}

// TagList splits a post's stored tag string.
func TagList(tags string) []string { return strings.Fields(tags) }

func joinTags(tags []string) string { return strings.Join(tags, " ") }
