package notify

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// questionFollow is a user following a question's answers, or, muted, a
// user who unfollowed it: askers are told of answers to their questions
// unless they unfollowed them.
type questionFollow struct {
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
	QuestionID int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt  time.Time
	Muted      bool
}

func (questionFollow) TableName() string { return "question_follows" }

// tagFollow is a user following new questions in a tag.
type tagFollow struct {
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	TagID     int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt time.Time
}

func (tagFollow) TableName() string { return "tag_follows" }

// followQuestion makes a user follow a question inside the caller's
// transaction, as asking or answering it does; a user who unfollowed it
// stays unfollowed.
func followQuestion(tx *gorm.DB, userID, questionID int64, now time.Time) error {
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&questionFollow{UserID: userID, QuestionID: questionID, CreatedAt: now.UTC()}).Error
}

// setQuestionFollow records a user's own choice: following, or not (muted).
func setQuestionFollow(tx *gorm.DB, userID, questionID int64, on bool, now time.Time) error {
	return tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "question_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"muted", "created_at"}),
	}).Create(&questionFollow{UserID: userID, QuestionID: questionID, CreatedAt: now.UTC(), Muted: !on}).Error
}

// questionFollowers are the users told of a question's new answers: those
// who follow it, and its asker unless they unfollowed it.
func questionFollowers(tx *gorm.DB, questionID int64) ([]int64, error) {
	var ids []int64
	err := tx.Raw(`SELECT user_id FROM question_follows WHERE question_id = ? AND NOT muted
		UNION SELECT owner_id FROM posts WHERE id = ? AND owner_id IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM question_follows f WHERE f.question_id = posts.id AND f.user_id = posts.owner_id)
		ORDER BY 1`, questionID, questionID).Scan(&ids).Error
	return ids, err
}

// FindTag looks a tag up by name (as typed: trimmed, any case), or fails with not found.
func FindTag(db *gorm.DB, name string) (*store.Tag, error) {
	name = text.NormalizeTag(name)
	var t store.Tag
	err := db.Where("name = ?", name).Take(&t).Error
	if store.IsNotFound(err) || name == "" {
		return nil, errs.E(errs.NotFound, "tag.not_found", "No such tag.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "notify: find tag")
	}
	return &t, nil
}

// SetQuestionFollow follows (on) or unfollows a live question.
func (s *Service) SetQuestionFollow(ctx context.Context, actor *store.User, questionID int64, on bool) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&store.Post{}).Where("id = ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL", questionID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return errs.E(errs.NotFound, "question.not_found", "No such question.")
		}
		return setQuestionFollow(tx, actor.ID, questionID, on, s.now())
	})
	return wrap(err, "notify: follow question")
}

// SetTagFollow follows (on) or unfollows a tag.
func (s *Service) SetTagFollow(ctx context.Context, actor *store.User, tag string, on bool) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		t, err := FindTag(tx, tag)
		if err != nil {
			return err
		}
		if on {
			return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&tagFollow{UserID: actor.ID, TagID: t.ID, CreatedAt: s.now()}).Error
		}
		return tx.Where("user_id = ? AND tag_id = ?", actor.ID, t.ID).Delete(&tagFollow{}).Error
	})
	return wrap(err, "notify: follow tag")
}

// FollowsQuestion reports whether a user follows a question (an asker does
// unless they unfollowed it); false for nobody.
func (s *Service) FollowsQuestion(ctx context.Context, u *store.User, questionID int64) (bool, error) {
	if u == nil {
		return false, nil
	}
	var n int64
	err := s.Store.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM posts p
		LEFT JOIN question_follows f ON f.question_id = p.id AND f.user_id = ?
		WHERE p.id = ? AND (f.user_id IS NOT NULL AND NOT f.muted OR f.user_id IS NULL AND p.owner_id = ?)`,
		u.ID, questionID, u.ID).Scan(&n).Error
	if err != nil {
		return false, errs.Internalf(err, "notify: follows question")
	}
	return n > 0, nil
}

// FollowsQuestions says which of the questions ids a user follows (as
// FollowsQuestion does, for a list such as the Get-help page's); empty for
// nobody.
func (s *Service) FollowsQuestions(ctx context.Context, u *store.User, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if u == nil || len(ids) == 0 {
		return out, nil
	}
	var found []int64
	err := s.Store.DB.WithContext(ctx).Raw(`SELECT p.id FROM posts p
		LEFT JOIN question_follows f ON f.question_id = p.id AND f.user_id = ?
		WHERE p.id IN ? AND (f.user_id IS NOT NULL AND NOT f.muted OR f.user_id IS NULL AND p.owner_id = ?)`,
		u.ID, ids, u.ID).Scan(&found).Error
	if err != nil {
		return nil, errs.Internalf(err, "notify: follows questions")
	}
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}

// FollowsTag reports whether a user follows a tag; false for nobody.
func (s *Service) FollowsTag(ctx context.Context, u *store.User, tagID int64) (bool, error) {
	if u == nil {
		return false, nil
	}
	var n int64
	err := s.Store.DB.WithContext(ctx).Model(&tagFollow{}).Where("user_id = ? AND tag_id = ?", u.ID, tagID).Count(&n).Error
	if err != nil {
		return false, errs.Internalf(err, "notify: follows tag")
	}
	return n > 0, nil
}

// FollowedTags lists the names of the tags a user follows, by name.
func (s *Service) FollowedTags(ctx context.Context, userID int64) ([]string, error) {
	names := []string{}
	err := s.Store.DB.WithContext(ctx).Table("tag_follows tf").Joins("JOIN tags t ON t.id = tf.tag_id").
		Where("tf.user_id = ?", userID).Order("t.name").Pluck("t.name", &names).Error
	if err != nil {
		return nil, errs.Internalf(err, "notify: followed tags")
	}
	return names, nil
}

// wrap passes domain errors through and wraps the rest as internal.
func wrap(err error, op string) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Internalf(err, "%s", op)
}

// FollowedQuestion is a question on a user's following list.
type FollowedQuestion struct {
	ID               int64
	Title            string
	Tags             string
	AnswerCount      int
	AcceptedAnswerID *int64
	ClosedAt         *time.Time
	OwnerID          *int64
	LastActivityAt   time.Time
}

// followedIDs are the questions a user follows: those they chose to follow,
// and those they asked unless they unfollowed them (questionFollowers read
// the other way round).
var followedIDs = `WITH f AS (
	SELECT question_id AS id FROM question_follows WHERE user_id = @u AND NOT muted
	UNION SELECT p.id FROM posts p WHERE p.owner_id = @u AND ` + store.TypeIs("p.type", store.PostQuestion) + `
		AND NOT EXISTS (SELECT 1 FROM question_follows x WHERE x.question_id = p.id AND x.user_id = @u))
`

// FollowedQuestions lists a page of the live questions a user follows, the
// latest active first, and how many there are in all.
func (s *Service) FollowedQuestions(ctx context.Context, userID int64, page, size int) ([]FollowedQuestion, int64, error) {
	db := s.Store.DB.WithContext(ctx)
	args := map[string]any{"u": userID, "limit": size, "offset": (max(page, 1) - 1) * size}
	var total int64
	if err := db.Raw(followedIDs+`SELECT COUNT(*) FROM posts p JOIN f ON f.id = p.id WHERE p.deleted_at IS NULL`, args).Scan(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "notify: followed questions")
	}
	out := []FollowedQuestion{}
	err := db.Raw(followedIDs+`SELECT p.id, p.title, p.tags, p.answer_count, p.accepted_answer_id, p.closed_at, p.owner_id, p.last_activity_at
		FROM posts p JOIN f ON f.id = p.id WHERE p.deleted_at IS NULL
		ORDER BY p.last_activity_at DESC, p.id DESC LIMIT @limit OFFSET @offset`, args).Scan(&out).Error
	if err != nil {
		return nil, 0, errs.Internalf(err, "notify: followed questions")
	}
	return out, total, nil
}
