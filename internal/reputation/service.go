// Package reputation holds votes, accepted answers, the reputation ledger,
// privileges and badges. Every change writes its ledger events and the cached
// users.reputation in the same transaction, so that reputation always equals 1
// plus the sum of the user's events.
package reputation

import (
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// Service applies the reputation rules.
type Service struct {
	Store *store.Store
	Now   func() time.Time
	Rules config.Reputation
}

// Event kinds in the ledger. A reversal is recorded as the kind plus
// "_undone"; an acceptance that a deletion took back (of the answer or its
// question, which only moderators may delete then), plus "_deleted", so the
// history does not say the asker took it back; what restoring the post gives
// back of it, plus "_restored", so the history does not say the asker
// accepted it again.
const (
	KindQuestionUpvoted = "question_upvoted"
	KindAnswerUpvoted   = "answer_upvoted"
	KindDownvoted       = "downvoted"
	KindDownvoter       = "downvoter"
	KindAccepted        = "accepted"
	KindAccepter        = "accepter"
	KindSolved          = "solved"
	KindImported        = "imported"
	KindEditApproved    = "edit_approved"
	undone              = "_undone"
	deleted             = "_deleted"
	restored            = "_restored"
)

// capped lists the kinds whose gains count against the daily cap.
var capped = []string{KindQuestionUpvoted, KindAnswerUpvoted, KindSolved,
	KindQuestionUpvoted + undone, KindAnswerUpvoted + undone, KindSolved + undone}

func (s *Service) now() time.Time { return s.Now().UTC() }
