package store

import (
	"time"

	"gorm.io/gorm"
)

// OutboxChannel is the PostgreSQL NOTIFY channel that wakes the search indexer.
const OutboxChannel = "stackdesk_search_outbox"

// EnqueueIndex records, inside the caller's transaction, that the question
// with this id must be re-indexed. On PostgreSQL the indexer is woken by a
// NOTIFY that is delivered when the transaction commits.
func EnqueueIndex(tx *gorm.DB, questionID int64, now time.Time) error {
	if err := tx.Create(&SearchOutbox{PostID: questionID, CreatedAt: now}).Error; err != nil {
		return err
	}
	if tx.Dialector.Name() == "postgres" {
		return tx.Exec("SELECT pg_notify(?, '')", OutboxChannel).Error
	}
	return nil
}

// AddCounter changes a named counter by delta inside the caller's transaction.
func AddCounter(tx *gorm.DB, name string, delta int64) error {
	if delta == 0 {
		return nil
	}
	return tx.Exec("UPDATE counters SET value = value + ? WHERE name = ?", delta, name).Error
}

// Unanswered is the condition on posts of the "unanswered" counter and list:
// a live, open question without a live answer. A closed question waits for
// no answer. Its partial index is posts_questions_unanswered.
const Unanswered = "type = 1 AND deleted_at IS NULL AND closed_at IS NULL AND answer_count = 0"

// WaitsForAnswer reports whether a question is counted as unanswered.
func (p *Post) WaitsForAnswer() bool {
	return p.Type == PostQuestion && p.DeletedAt == nil && p.ClosedAt == nil && p.AnswerCount == 0
}

// CounterValue reads a named counter.
func CounterValue(db *gorm.DB, name string) (int64, error) {
	var v int64
	err := db.Table("counters").Select("value").Where("name = ?", name).Scan(&v).Error
	return v, err
}

// SetCounter sets a counters row, adding it when missing (the versions of
// the start-up upgrades, say).
func SetCounter(db *gorm.DB, name string, value int64) error {
	return db.Exec("INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
		name, value).Error
}
