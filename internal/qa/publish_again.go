package qa

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// AcceptedAnswerInput is a new answer to a question published with an
// accepted answer, to be accepted in its stead: the hotline's second
// answer to a ticket its employee reopened.
type AcceptedAnswerInput struct {
	QuestionID int64
	AnswererID int64 // the answer's author
	Answer     string
}

// AddAcceptedAnswer stores a new answer to a question and accepts it in
// place of the answer accepted before, in one transaction; then runs
// inside it. The acceptance moves as reputation.HandAcceptance moves it:
// what the earlier acceptance gave is reversed, the new one gives nothing,
// as with PublishAnswered. A question deleted or closed since takes no
// answer: then runs with q and a nil, so the caller records what it does
// without one, in the same transaction.
func (s *Service) AddAcceptedAnswer(ctx context.Context, in AcceptedAnswerInput, then func(tx *gorm.DB, q, a *store.Post) error) (*store.Post, *store.Post, error) {
	var f errs.Fields
	in.Answer = cleanBody(in.Answer)
	checkText(&f, "answer", in.Answer, BodyMin, BodyMax, true)
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	now := s.now()
	answerHTML := render(s.Store.DB.WithContext(ctx), in.Answer)
	var q, a *store.Post
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		// One atomic update checks the question, counts the answer and
		// locks the question for the acceptance.
		var counts []int
		err := tx.Raw(`UPDATE posts SET answer_count = answer_count + 1, last_activity_at = ?
			WHERE id = ? AND type = ? AND deleted_at IS NULL AND closed_at IS NULL
			RETURNING answer_count`, now, in.QuestionID, store.PostQuestion).Scan(&counts).Error
		if err != nil {
			return err
		}
		if len(counts) == 0 {
			if then != nil {
				return then(tx, nil, nil)
			}
			return nil
		}
		if counts[0] == 1 { // its answers deleted since
			if err := store.AddCounter(tx, "unanswered", -1); err != nil {
				return err
			}
		}
		q = &store.Post{}
		if err := tx.Where("id = ?", in.QuestionID).Take(q).Error; err != nil {
			return err
		}
		a = &store.Post{
			Type: store.PostAnswer, ParentID: &q.ID, OwnerID: &in.AnswererID,
			BodyMarkdown: in.Answer, BodyHTML: answerHTML,
			Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
		}
		if err := tx.Create(a).Error; err != nil {
			return err
		}
		if err := tx.Create(&store.PostRevision{PostID: a.ID, Revision: 1, EditorID: &in.AnswererID,
			BodyMarkdown: in.Answer, CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := notify.Answered(tx, q.ID, a, now); err != nil {
			return err
		}
		if err := reputation.HandAcceptance(tx, q, a, now); err != nil {
			return err
		}
		if err := store.EnqueueIndex(tx, q.ID, now); err != nil {
			return err
		}
		if then != nil {
			return then(tx, q, a)
		}
		return nil
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return nil, nil, e
	}
	if err != nil {
		return nil, nil, errs.Internalf(err, "qa: add accepted answer")
	}
	return q, a, nil
}
