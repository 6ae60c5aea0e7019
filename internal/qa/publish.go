package qa

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// PublishInput is a question and its answer written together, such as a
// hotline ticket and the hotline's resolution, published so the next person
// finds it.
type PublishInput struct {
	Question QuestionInput
	// Original is the asker's own wording of the question (a ticket's
	// subject and text), when Question may be the answerer's rewording of
	// it: if they differ, the question's revision is credited to the
	// answerer and the question shows as edited by them, so nobody reads
	// the answerer's words as the asker's. The asker's wording itself is
	// not kept (a ticket is private; rewording may be what took a name or a
	// device's details out of it).
	Original   *QuestionInput
	AskerID    *int64 // the question's author; nil for none
	AnswererID int64  // the answer's author
	Answer     string
}

// PublishAnswered stores a question with one answer, already accepted, in
// one transaction; then, when not nil, runs inside it. The acceptance gives
// badges as usual but no reputation, since the asker did not accept it.
func (s *Service) PublishAnswered(ctx context.Context, in PublishInput, then func(tx *gorm.DB, q, a *store.Post) error) (*store.Post, *store.Post, error) {
	var f errs.Fields
	in.Question.Title = strings.TrimSpace(in.Question.Title)
	validateTitle(&f, in.Question.Title)
	in.Question.Body, in.Answer = cleanBody(in.Question.Body), cleanBody(in.Answer)
	validateBody(&f, in.Question.Body)
	tags := normalizeTags(in.Question.Tags, &f)
	checkText(&f, "answer", in.Answer, BodyMin, BodyMax, true)
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	now := s.now()
	db := s.Store.DB.WithContext(ctx)
	questionHTML, answerHTML := render(db, in.Question.Body), render(db, in.Answer)
	// Reworded by the answerer: their words, on record as theirs.
	reworded := false
	if o := in.Original; o != nil && in.AskerID != nil {
		reworded = strings.TrimSpace(o.Title) != in.Question.Title || cleanBody(o.Body) != in.Question.Body
	}
	var q, a *store.Post
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q = &store.Post{
			Type: store.PostQuestion, OwnerID: in.AskerID, Title: in.Question.Title,
			BodyMarkdown: in.Question.Body, BodyHTML: questionHTML, Tags: joinTags(tags),
			AnswerCount: 1, Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
		}
		if reworded {
			q.LastEditorID, q.EditedAt = &in.AnswererID, &now
		}
		if err := tx.Create(q).Error; err != nil {
			return err
		}
		if err := addTags(tx, q.ID, tags, now); err != nil {
			return err
		}
		editor := in.AskerID
		if editor == nil {
			editor = &in.AnswererID
		}
		if reworded {
			editor = &in.AnswererID
		}
		if err := tx.Create(&store.PostRevision{PostID: q.ID, Revision: 1, EditorID: editor,
			Title: q.Title, BodyMarkdown: q.BodyMarkdown, Tags: q.Tags, CreatedAt: now}).Error; err != nil {
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
		// The asker hears of the answer as of any answer to their question.
		if err := notify.Answered(tx, q.ID, a, now); err != nil {
			return err
		}
		if err := tx.Model(&store.Post{}).Where("id = ?", q.ID).Update("accepted_answer_id", a.ID).Error; err != nil {
			return err
		}
		// The acceptance is the hotline's, not the asker's: no Scholar (and
		// a new answer has no score for Enlightened yet; votes award it).
		q.AcceptedAnswerID = &a.ID
		if err := store.AddCounter(tx, "questions", 1); err != nil {
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
		return nil, nil, errs.Internalf(err, "qa: publish answered")
	}
	return q, a, nil
}
