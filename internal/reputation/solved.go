package reputation

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// RewardSolved credits an answer's author, inside the caller's transaction,
// when a searcher marks the answer as what solved their problem: rules.Solved,
// within the author's daily cap. Nothing is given for one's own answer, and a
// searcher rewards the same answer at most once.
func RewardSolved(tx *gorm.DB, rules config.Reputation, answer *store.Post, searcherID int64, now time.Time) error {
	if answer == nil || answer.OwnerID == nil || *answer.OwnerID == searcherID || rules.Solved <= 0 {
		return nil
	}
	if _, err := lockUsers(tx, *answer.OwnerID); err != nil {
		return err
	}
	var n int64
	if err := tx.Model(&store.ReputationEvent{}).
		Where("post_id = ? AND actor_id = ? AND kind = ?", answer.ID, searcherID, KindSolved).
		Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return grantCapped(tx, rules.DailyCap, store.ReputationEvent{UserID: *answer.OwnerID, PostID: &answer.ID,
		ActorID: &searcherID, Kind: KindSolved, Delta: rules.Solved, CreatedAt: now.UTC()})
}

// AwardAccepted gives the badges an accepted answer earns (Scholar to the
// asker, Enlightened to a high-scoring answer), inside the caller's
// transaction, for acceptances made outside Accept, such as a hotline answer
// published with its question.
func AwardAccepted(tx *gorm.DB, q, a *store.Post, now time.Time) error {
	if q.OwnerID == nil {
		return nil
	}
	return awardAfterAccept(tx, q, a, now)
}

// RewardSuggestedEdit credits the member whose suggested edit of a post a
// reviewer approved, inside the approval's transaction: rules.EditApproved,
// outside the daily cap of votes (each needs a reviewer's approval).
func RewardSuggestedEdit(tx *gorm.DB, rules config.Reputation, userID, postID, reviewerID int64, now time.Time) error {
	if rules.EditApproved <= 0 {
		return nil
	}
	if _, err := lockUsers(tx, userID); err != nil {
		return err
	}
	return record(tx, store.ReputationEvent{UserID: userID, PostID: &postID, ActorID: &reviewerID,
		Kind: KindEditApproved, Delta: rules.EditApproved, CreatedAt: now.UTC()})
}
