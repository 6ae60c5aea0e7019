package qa

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// QuestionInput is a new question as the asker wrote it.
type QuestionInput struct {
	Title string
	Body  string
	Tags  []string
}

// Ask validates and stores a new question with its first revision. The
// same question sent again by its author within RepeatWindow gives back
// the first.
func (s *Service) Ask(ctx context.Context, actor *store.User, in QuestionInput) (*store.Post, error) {
	q, _, err := s.askThen(ctx, actor, in, nil)
	return q, err
}

// AskOnce is Ask telling also whether the question was sent again (true:
// the first one is given back and nothing was written), so that the API
// can answer a retry otherwise than a question created.
func (s *Service) AskOnce(ctx context.Context, actor *store.User, in QuestionInput) (*store.Post, bool, error) {
	return s.askThen(ctx, actor, in, nil)
}

// AskThen is Ask with then, when not nil, run inside the question's
// transaction after it is written, so that a caller's own rows (such as a
// help session's outcome) commit or fail with the question.
func (s *Service) AskThen(ctx context.Context, actor *store.User, in QuestionInput, then func(tx *gorm.DB, q *store.Post) error) (*store.Post, error) {
	q, _, err := s.askThen(ctx, actor, in, then)
	return q, err
}

func (s *Service) askThen(ctx context.Context, actor *store.User, in QuestionInput, then func(tx *gorm.DB, q *store.Post) error) (*store.Post, bool, error) {
	if actor == nil {
		return nil, false, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to ask a question.")
	}
	var f errs.Fields
	in.Title, in.Body = strings.TrimSpace(in.Title), cleanBody(in.Body)
	validateTitle(&f, in.Title)
	validateBody(&f, in.Body)
	tags := normalizeTags(in.Tags, &f)
	if err := f.Err(); err != nil {
		return nil, false, err
	}
	bodyHTML, err := s.renderShown(ctx, "body", in.Body, markdown.Render, "")
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	q := &store.Post{
		Type: store.PostQuestion, OwnerID: &actor.ID, Title: in.Title,
		BodyMarkdown: in.Body, BodyHTML: bodyHTML, Tags: joinTags(tags),
		Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
	}
	again := false
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if then == nil { // (a caller's own rows decide themselves what a repeat is)
			prior, err := sentAgain(tx, q, now)
			again = prior != nil
			if err != nil || prior != nil {
				q = cmp.Or(prior, q) // sent again: the first one, not a copy
				return err
			}
		}
		if err := s.throttleNew(tx, actor, store.PostQuestion, now); err != nil {
			return err
		}
		if err := tx.Create(q).Error; err != nil {
			return err
		}
		if err := addTags(tx, q.ID, tags, now); err != nil {
			return err
		}
		if err := tx.Create(&store.PostRevision{PostID: q.ID, Revision: 1, EditorID: &actor.ID,
			Title: q.Title, BodyMarkdown: q.BodyMarkdown, Tags: q.Tags, CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := store.AddCounter(tx, "questions", 1); err != nil {
			return err
		}
		if err := store.AddCounter(tx, "unanswered", 1); err != nil {
			return err
		}
		if err := store.EnqueueIndex(tx, q.ID, now); err != nil {
			return err
		}
		if s.Route != nil {
			if err := s.Route(tx, q); err != nil {
				return err
			}
		}
		if err := notify.Asked(tx, q, now); err != nil {
			return err
		}
		if then != nil {
			return then(tx, q)
		}
		return nil
	})
	var e *errs.Error
	if errors.As(err, &e) {
		return nil, false, e
	}
	if err != nil {
		return nil, false, errs.Internalf(err, "qa: ask")
	}
	return q, again, nil
}
