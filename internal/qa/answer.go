package qa

import (
	"cmp"
	"context"
	"errors"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// Answer validates and stores an answer to an open question. The same
// answer sent again by its author within RepeatWindow gives back the first.
func (s *Service) Answer(ctx context.Context, actor *store.User, questionID int64, body string) (*store.Post, error) {
	a, _, err := s.AnswerOnce(ctx, actor, questionID, body)
	return a, err
}

// AnswerOnce is Answer telling also whether the answer was sent again
// (true: the first one is given back and nothing was written).
func (s *Service) AnswerOnce(ctx context.Context, actor *store.User, questionID int64, body string) (*store.Post, bool, error) {
	if actor == nil {
		return nil, false, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to answer.")
	}
	var f errs.Fields
	body = cleanBody(body)
	validateBody(&f, body)
	if err := f.Err(); err != nil {
		return nil, false, err
	}
	bodyHTML, err := s.renderShown(ctx, "body", body, markdown.Render, "")
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	a := &store.Post{
		Type: store.PostAnswer, ParentID: &questionID, OwnerID: &actor.ID,
		BodyMarkdown: body, BodyHTML: bodyHTML,
		Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
	}
	again := false
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		prior, err := sentAgain(tx, a, now)
		again = prior != nil
		if err != nil || prior != nil {
			a = cmp.Or(prior, a) // sent again: the first one, not a copy
			return err
		}
		if err := s.throttleNew(tx, actor, store.PostAnswer, now); err != nil {
			return err
		}
		// One atomic update both checks the question and counts the answer.
		var counts []int
		err = tx.Raw(`UPDATE posts SET answer_count = answer_count + 1, last_activity_at = ?
			WHERE id = ? AND type = ? AND deleted_at IS NULL AND closed_at IS NULL
			RETURNING answer_count`, now, questionID, store.PostQuestion).Scan(&counts).Error
		if err != nil {
			return err
		}
		if len(counts) == 0 {
			return s.whyNotAnswerable(tx, questionID)
		}
		if counts[0] == 1 {
			if err := store.AddCounter(tx, "unanswered", -1); err != nil {
				return err
			}
		}
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		if err := tx.Create(&store.PostRevision{PostID: a.ID, Revision: 1, EditorID: &actor.ID,
			BodyMarkdown: body, CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := store.EnqueueIndex(tx, questionID, now); err != nil {
			return err
		}
		return notify.Answered(tx, questionID, a, now)
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return nil, false, e
	}
	if err != nil {
		return nil, false, errs.Internalf(err, "qa: answer")
	}
	return a, again, nil
}

func (s *Service) whyNotAnswerable(tx *gorm.DB, questionID int64) error {
	var q store.Post
	err := tx.Select("id", "type", "closed_at", "deleted_at").Where("id = ?", questionID).Take(&q).Error
	if store.IsNotFound(err) || (err == nil && (q.Type != store.PostQuestion || q.DeletedAt != nil)) {
		return errs.E(errs.NotFound, "question.not_found", "No such question.")
	}
	if err != nil {
		return err
	}
	return errs.E(errs.Forbidden, "question.closed", "This question is closed and takes no new answers.")
}
