package qa

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// QuestionInput is a new question as the asker wrote it.
type QuestionInput struct {
	Title string
	Body  string
	Tags  []string
}

// Ask validates and stores a new question with its first revision.
func (s *Service) Ask(ctx context.Context, actor *store.User, in QuestionInput) (*store.Post, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to ask a question.")
	}
	var f errs.Fields
	in.Title = strings.TrimSpace(in.Title)
	validateTitle(&f, in.Title)
	validateBody(&f, in.Body)
	tags := normalizeTags(in.Tags, &f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	q := &store.Post{
		Type: store.PostQuestion, OwnerID: &actor.ID, Title: in.Title,
		BodyMarkdown: in.Body, BodyHTML: markdown.Render(in.Body), Tags: joinTags(tags),
		Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
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
		return store.EnqueueIndex(tx, q.ID, now)
	})
	if err != nil {
		return nil, errs.Internalf(err, "qa: ask")
	}
	return q, nil
}
