package qa

import (
	"context"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// DuplicateRef is a live question closed as a duplicate of another.
type DuplicateRef struct {
	ID    int64
	Title string
}

// MaxDuplicatesListed bounds how many duplicates a deletion's warning lists
// (it says how many there are in all).
const MaxDuplicatesListed = 50

// liveDuplicates selects the live questions closed as duplicates of id.
func liveDuplicates(db *gorm.DB, id int64) *gorm.DB {
	return db.Model(&store.Post{}).
		Where("duplicate_of_id = ? AND closed_at IS NOT NULL AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), id)
}

// CountDuplicates counts the live questions closed as duplicates of
// question id.
func (s *Service) CountDuplicates(ctx context.Context, id int64) (int64, error) {
	var n int64
	if err := liveDuplicates(s.Store.DB.WithContext(ctx), id).Count(&n).Error; err != nil {
		return 0, errs.Internalf(err, "qa: count duplicates")
	}
	return n, nil
}

// DuplicatesOf lists the first MaxDuplicatesListed live questions closed as
// duplicates of question id, oldest first, and how many there are in all:
// what deleting it would leave pointing at a deleted question.
func (s *Service) DuplicatesOf(ctx context.Context, id int64) ([]DuplicateRef, int64, error) {
	n, err := s.CountDuplicates(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	out := []DuplicateRef{}
	if n == 0 {
		return out, 0, nil
	}
	if err := liveDuplicates(s.Store.DB.WithContext(ctx), id).Select("id", "title").Order("id").Limit(MaxDuplicatesListed).Scan(&out).Error; err != nil {
		return nil, 0, errs.Internalf(err, "qa: duplicates of")
	}
	return out, n, nil
}

// DeleteConfirmed deletes a post as Delete does, for a moderator who was
// told that seen questions are closed as duplicates of it and deletes it
// anyway: it goes unless more have been closed so since.
func (s *Service) DeleteConfirmed(ctx context.Context, actor *store.User, postID, seen int64) error {
	return s.delete(ctx, actor, postID, seen)
}

// duplicatesMayGo refuses the deletion of question p while other questions
// are closed as duplicates of it and lead their readers to it: its author
// may not delete it at all (as a question that helped others), and a
// moderator must confirm having seen at least as many as there are (seen),
// so that none is orphaned unawares.
func duplicatesMayGo(tx *gorm.DB, actor *store.User, p *store.Post, seen int64) error {
	if p.Type != store.PostQuestion {
		return nil
	}
	var n int64
	if err := liveDuplicates(tx, p.ID).Count(&n).Error; err != nil {
		return err
	}
	switch {
	case n == 0:
		return nil
	case !actor.IsStaff():
		return errs.E(errs.Forbidden, "post.delete_duplicates_author",
			"Other questions are closed as duplicates of this one and send their readers here, so it stays for them. Ask a moderator if it must go.")
	case n > seen:
		return errs.E(errs.Conflict, "post.delete_duplicates",
			"Questions closed as duplicates of this one: {{.Count}}. Deleting it leaves them pointing at a deleted question; confirm to delete it anyway.", "Count", n)
	}
	return nil
}
