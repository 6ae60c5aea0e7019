package reputation

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// RewardSolved credits an answer's author, inside the caller's transaction,
// when a searcher marks the answer as what solved their problem: rules.Solved,
// within the author's daily cap. Nothing is given for one's own answer nor
// by a searcher without the vote-up privilege, and a searcher rewards the
// same answer at most once.
func RewardSolved(tx *gorm.DB, rules config.Reputation, answer *store.Post, searcherID int64, now time.Time) error {
	if answer == nil || answer.OwnerID == nil || *answer.OwnerID == searcherID || rules.Solved <= 0 {
		return nil
	}
	// Saying so pays as a vote up does, from a searcher who may vote up:
	// new throw-away accounts raise nobody's reputation (the outcome still
	// counts on the dashboard).
	var searcher store.User
	if err := tx.Select("id", "role", "reputation").Take(&searcher, searcherID).Error; err != nil {
		return err
	}
	if Require(rules, &searcher, VoteUp) != nil {
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

// SuggestedEditCap is the most reputation one member gains from approved
// suggested edits in all, as on Stack Overflow: edits improve posts, they
// are not a way to the privileges.
const SuggestedEditCap = 1000

// SuggestedEditReward is what the member's next approved suggested edit
// earns from a reviewer with the edit privilege: rules.EditApproved, less
// what would pass SuggestedEditCap; 0 once the cap is reached.
func SuggestedEditReward(db *gorm.DB, rules config.Reputation, userID int64) (int, error) {
	if rules.EditApproved <= 0 {
		return 0, nil
	}
	var gained int
	if err := db.Model(&store.ReputationEvent{}).Select("COALESCE(SUM(delta), 0)").
		Where("user_id = ? AND kind = ?", userID, KindEditApproved).Scan(&gained).Error; err != nil {
		return 0, err
	}
	return max(0, min(rules.EditApproved, SuggestedEditCap-gained)), nil
}

// RewardSuggestedEdit credits the member whose suggested edit of a post a
// reviewer approved, inside the approval's transaction: rules.EditApproved,
// outside the daily cap of votes (each needs a reviewer's approval), up to
// SuggestedEditCap in all.
func RewardSuggestedEdit(tx *gorm.DB, rules config.Reputation, userID, postID, reviewerID int64, now time.Time) error {
	if rules.EditApproved <= 0 {
		return nil
	}
	if _, err := lockUsers(tx, userID); err != nil {
		return err
	}
	delta, err := SuggestedEditReward(tx, rules, userID)
	if err != nil || delta <= 0 {
		return err
	}
	return record(tx, store.ReputationEvent{UserID: userID, PostID: &postID, ActorID: &reviewerID,
		Kind: KindEditApproved, Delta: delta, CreatedAt: now.UTC()})
}
