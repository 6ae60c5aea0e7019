// Package experts finds who knows what. It ranks people per tag by what
// they did in it, lists the subject-matter experts (SMEs) admins named
// first, keeps users' "ask me about" profiles, and routes new questions to
// the right people: the SMEs and top experts of the question's tags when
// it is asked, and the next experts in line when it is still unanswered
// after a while.
//
// # Ranking
//
// Every live answer on a live question counts for its author in each of the
// question's tags with
//
//	points = 1 + score + 3 × accepted        (accepted is 1 or 0)
//	weight = 2^(−age / half-life)             (age = now − answered; half-life 180 days by default)
//	expertise = Σ points × weight              (summed in answer-id order, rounded to 3 decimals)
//
// so an answer half a year old counts half as much as a new one. The
// directory lists a person for a tag when their record there shows they
// know it: an accepted answer in the tag, or answers there whose votes add
// up to at least MinAnswerScore (one answer nobody voted for is not
// expertise; answers years old still count, ranked below recent
// expertise), or when they are an SME of the tag or picked it on their
// profile. Routing asks anyone with positive points in the tags. The order
// is exact and deterministic:
//
//  1. SMEs first;
//  2. then higher expertise;
//  3. then more accepted answers in the tag;
//  4. then more questions answered in the tag (two answers to one
//     question count once);
//  5. then the more recent last answer in the tag;
//  6. then the lower user id (the older account).
package experts

import (
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/notify"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
)

// Service ranks experts and routes questions.
type Service struct {
	Store  *store.Store
	Search *engine.Engine  // free-text search of the directory; nil finds by tag names only
	Notify *notify.Service // e-mail settings shown with profiles; nil shows none
	Now    func() time.Time
	Config config.Experts

	cache pageCache
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func (s *Service) halfLife() time.Duration {
	d := s.Config.HalfLifeDays
	if d <= 0 {
		d = 180
	}
	return time.Duration(d) * 24 * time.Hour
}

// Expert is a ranked person with what the directory shows of them.
type Expert struct {
	Ranked
	User       *store.User
	AskMeAbout string
	TopTags    []string // where they answered most, best first
}

// profile is a user's "ask me about" line.
type profile struct {
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
	AskMeAbout string
	UpdatedAt  time.Time
}

func (profile) TableName() string { return "expert_profiles" }

// expertTag is a tag a user picked on their profile.
type expertTag struct {
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	TagID     int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt time.Time
}

func (expertTag) TableName() string { return "expert_tags" }

// tagSME is a subject-matter expert an admin named for a tag.
type tagSME struct {
	TagID     int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	AddedBy   *int64
	CreatedAt time.Time
}

func (tagSME) TableName() string { return "tag_smes" }

// route records that a question was routed to a person.
type route struct {
	QuestionID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
	Round      int
	CreatedAt  time.Time
}

func (route) TableName() string { return "question_routes" }

// due is a question's next routing round.
type due struct {
	QuestionID int64 `gorm:"primaryKey;autoIncrement:false"`
	Round      int
	DueAt      time.Time
}

func (due) TableName() string { return "routing_due" }
