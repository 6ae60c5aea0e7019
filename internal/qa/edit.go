package qa

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// EditInput changes a post; nil fields stay as they are. Title and Tags apply to questions only.
type EditInput struct {
	Title   *string
	Body    *string
	Tags    []string // nil leaves the tags unchanged
	Comment string   // why the post was edited, shown in its history
	// Revision is the revision the editor started from; when another was
	// saved since, the edit is refused rather than overwrite it. 0 skips
	// the check (the last edit wins).
	Revision int
}

// lockPost reads a live post for update: a row lock on PostgreSQL; SQLite's
// immediate transactions already hold the write lock.
func lockPost(tx *gorm.DB, id int64) (*store.Post, error) {
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var p store.Post
	err := q.Where("id = ? AND deleted_at IS NULL AND "+liveParent, id).Take(&p).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "post.not_found", "No such post.")
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// liveParent is the condition "a row of posts is no answer under a deleted
// question": such answers take no edits, deletions or comments.
const liveParent = "(parent_id IS NULL OR EXISTS (SELECT 1 FROM posts parent WHERE parent.id = posts.parent_id AND parent.deleted_at IS NULL))"

// CanEdit reports whether the user may edit the post directly, and if not, why.
func (s *Service) CanEdit(u *store.User, p *store.Post) error {
	if u == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in to edit.")
	}
	if p.OwnerID != nil && *p.OwnerID == u.ID {
		return nil
	}
	return reputation.Require(s.Rep, u, reputation.EditOthers)
}

// Edit changes a post and records the new version as a revision.
func (s *Service) Edit(ctx context.Context, actor *store.User, postID int64, in EditInput) (*store.Post, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to edit.")
	}
	// Whether the user may edit at all comes before what they typed: the
	// transaction checks it again on the locked row.
	pre, err := s.livePost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if err := s.CanEdit(actor, pre); err != nil {
		return nil, err
	}
	plan, err := s.planEdit(ctx, pre, &in)
	if err != nil {
		return nil, err
	}
	var out *store.Post
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPost(tx, postID)
		if err != nil {
			return err
		}
		if err := s.CanEdit(actor, p); err != nil {
			return err
		}
		now := s.now()
		var changed bool
		if out, changed, err = s.applyEdit(tx, p, plan, in, actor.ID, now); err != nil || !changed {
			return err
		}
		return supersede(tx, p.ID, actor.ID, now)
	})
	return out, wrap(err, "qa: edit")
}

// editPlan is an edit checked against the post as it was read, with what
// it takes before a transaction: the Markdown derived from an imported
// post's HTML, the normalised tags, the rendered body.
type editPlan struct {
	pre      *store.Post
	derived  string
	tags     []string
	bodyHTML string
}

// planEdit validates an edit of pre (trimming in's title and cleaning its
// body) and renders its body.
func (s *Service) planEdit(ctx context.Context, pre *store.Post, in *EditInput) (*editPlan, error) {
	plan := &editPlan{pre: pre}
	// A post imported without its Markdown gets it now, before the
	// transaction (converting a long body takes milliseconds): edits
	// compare with it, and it is the text of every revision until this one.
	if pre.BodyMarkdown == "" && pre.BodyHTML != "" {
		plan.derived = markdown.ToMarkdown(pre.BodyHTML)
	}
	var f errs.Fields
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		if *in.Title != pre.Title { // the title as it stands passes, as the body does
			validateTitle(&f, *in.Title)
		}
	}
	if in.Body != nil {
		body := cleanBody(*in.Body)
		in.Body = &body
		// The body as it stands passes, even where it breaks today's
		// rules (an imported answer shorter than BodyMin, say).
		if body != pre.BodyMarkdown && (plan.derived == "" || body != plan.derived) {
			validateBody(&f, body)
		}
	}
	if in.Tags != nil {
		plan.tags = normalizeTags(in.Tags, &f)
	}
	validateEditComment(&f, in.Comment)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.Body != nil {
		var err error
		if plan.bodyHTML, err = s.renderShown(ctx, "body", *in.Body, markdown.Render, pre.BodyHTML); err != nil { // before the transaction: it reads users
			return nil, err
		}
	}
	return plan, nil
}

// nextVersion is the locked post p as the planned edit leaves it, with the
// tags it adds and removes; fill reports that p (imported) had no Markdown
// and now holds the derived one. It checks what does not depend on who edits.
func nextVersion(p *store.Post, plan *editPlan, in EditInput) (next store.Post, added, removed []string, fill bool, err error) {
	if p.Type != store.PostQuestion && (in.Title != nil || in.Tags != nil) {
		var f errs.Fields
		f.Add("title", "field.answer_title", "Answers have no title or tags.")
		return next, nil, nil, false, f.Err()
	}
	if in.Revision < 0 || in.Revision > p.Revision {
		var f errs.Fields
		f.Add("revision", "field.revision.future", "The post has no revision {{.Revision}}.", "Revision", in.Revision)
		return next, nil, nil, false, f.Err()
	}
	fill = p.BodyMarkdown == "" && p.BodyHTML != ""
	if fill {
		if p.BodyHTML != plan.pre.BodyHTML || plan.derived == "" { // edited since it was read
			plan.derived = markdown.ToMarkdown(p.BodyHTML)
		}
		p.BodyMarkdown = plan.derived
	}
	next = *p
	if in.Title != nil {
		next.Title = *in.Title
	}
	if in.Body != nil && !sameBody(*in.Body, p.BodyMarkdown, plan.bodyHTML, p.BodyHTML) {
		next.BodyMarkdown = *in.Body
		next.BodyHTML = plan.bodyHTML
	}
	oldTags := TagList(p.Tags)
	added, removed = tagDiff(oldTags, oldTags)
	if in.Tags != nil {
		next.Tags = joinTags(plan.tags)
		added, removed = tagDiff(oldTags, plan.tags)
	}
	return next, added, removed, fill, nil
}

// unchanged reports whether next is p's text as it stands.
func unchanged(p, next *store.Post) bool {
	return next.Title == p.Title && next.BodyMarkdown == p.BodyMarkdown && next.Tags == p.Tags
}

// applyEdit writes a planned edit of the locked post p inside tx, credited
// to editorID, and returns the post as it now is; changed is false (and p
// returned) when the edit changes nothing.
func (s *Service) applyEdit(tx *gorm.DB, p *store.Post, plan *editPlan, in EditInput, editorID int64, now time.Time) (out *store.Post, changed bool, err error) {
	next, added, removed, fill, err := nextVersion(p, plan, in)
	if err != nil {
		return nil, false, err
	}
	if unchanged(p, &next) {
		return p, false, nil
	}
	if in.Revision != 0 && in.Revision != p.Revision {
		return nil, false, errs.E(errs.Conflict, "post.edit_conflict",
			"Another edit was saved (now revision {{.Revision}}) after yours started; saving yours would undo it. Compare it with the current version, then save again.",
			"Revision", p.Revision)
	}
	if fill {
		if err := tx.Model(&store.PostRevision{}).Where("post_id = ? AND body_markdown = ''", p.ID).
			Update("body_markdown", p.BodyMarkdown).Error; err != nil {
			return nil, false, err
		}
	}
	next.Revision = p.Revision + 1
	next.LastEditorID = &editorID
	next.EditedAt = &now
	next.UpdatedAt = now
	next.LastActivityAt = now
	if err := tx.Model(&store.Post{}).Where("id = ?", p.ID).Updates(map[string]any{
		"title": next.Title, "body_markdown": next.BodyMarkdown, "body_html": next.BodyHTML,
		"tags": next.Tags, "revision": next.Revision, "last_editor_id": editorID,
		"edited_at": now, "updated_at": now, "last_activity_at": now,
	}).Error; err != nil {
		return nil, false, err
	}
	if err := removeTags(tx, p.ID, removed); err != nil {
		return nil, false, err
	}
	if err := addTags(tx, p.ID, added, now); err != nil {
		return nil, false, err
	}
	if err := tx.Create(&store.PostRevision{PostID: p.ID, Revision: next.Revision, EditorID: &editorID,
		Title: next.Title, BodyMarkdown: next.BodyMarkdown, Tags: next.Tags,
		Comment: strings.TrimSpace(in.Comment), CreatedAt: now}).Error; err != nil {
		return nil, false, err
	}
	if err := reputation.AwardEditor(tx, editorID, now); err != nil {
		return nil, false, err
	}
	if err := notify.Edited(tx, &next, p.BodyMarkdown, p.BodyHTML, editorID, now); err != nil {
		return nil, false, err
	}
	qid := p.ID
	if p.Type == store.PostAnswer && p.ParentID != nil {
		qid = *p.ParentID
		if err := tx.Model(&store.Post{}).Where("id = ?", qid).Update("last_activity_at", now).Error; err != nil {
			return nil, false, err
		}
	}
	return &next, true, store.EnqueueIndex(tx, qid, now)
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
