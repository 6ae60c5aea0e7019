package qa

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/store"
)

// unaccept clears a question's accepted answer inside the caller's transaction.
func (s *Service) unaccept(tx *gorm.DB, questionID int64, answer *store.Post, now time.Time) error {
	return tx.Model(&store.Post{}).Where("id = ?", questionID).Update("accepted_answer_id", nil).Error
}
