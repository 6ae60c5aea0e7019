// Package qa holds the rules of questions, answers, comments, tags and
// revisions: what may be written, by whom, and what every write changes.
// Each method is one transaction; derived numbers (answer counts, tag counts,
// list counters) and the search outbox row are written in it.
package qa

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Service implements the Q&A rules on a store.
type Service struct {
	Store *store.Store
	Now   func() time.Time
	Rep   config.Reputation
	// FlagsPerDay is how many flags one person raises in 24 hours;
	// 0 means DefaultFlagsPerDay.
	FlagsPerDay int
	// NewMembers are the throttles on new members' questions, answers and
	// comments; the zero value throttles nobody.
	NewMembers config.NewMembers

	// Route, when set, runs inside each new question's transaction before its
	// notifications are written: it routes the question to experts.
	Route func(tx *gorm.DB, q *store.Post) error
}

// Limits on what users write, in characters.
const (
	TitleMin       = 15
	TitleMax       = 150
	BodyMin        = 30
	BodyMax        = 30000
	CommentMin     = 15
	CommentMax     = 600
	TagsMin        = 1
	TagsMax        = 5
	TagMaxLen      = text.TagMaxLen
	EditCommentMax = 300
)

func (s *Service) now() time.Time { return s.Now().UTC() }

func ptr[T any](v T) *T { return &v }
