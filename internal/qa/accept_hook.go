package qa

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// unaccept clears a question's accepted answer, being deleted, inside the
// caller's transaction and reverses the reputation the acceptance gave, as
// a deletion's doing.
func (s *Service) unaccept(tx *gorm.DB, questionID int64, answer *store.Post, now time.Time) error {
	var q store.Post
	if err := tx.Select("id", "owner_id").Where("id = ?", questionID).Take(&q).Error; err != nil {
		return err
	}
	if err := reputation.DeletedAcceptance(tx, &q, answer, now); err != nil {
		return err
	}
	return tx.Model(&store.Post{}).Where("id = ?", questionID).Update("accepted_answer_id", nil).Error
}
