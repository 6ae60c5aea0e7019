package qa

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// The states of a suggested edit.
const (
	SuggestionPending  = "pending"
	SuggestionApproved = "approved"
	SuggestionRejected = "rejected"
	// SuggestionSuperseded: closed unreviewed, since the post was edited
	// directly (by ReviewedBy) and approving it would undo that edit.
	SuggestionSuperseded = "superseded"
	// SuggestionWithdrawn: taken back by whoever suggested it, unreviewed.
	SuggestionWithdrawn = "withdrawn"
)

// The reasons a reviewer gives for rejecting a suggested edit.
const (
	RejectNoImprovement = "no_improvement" // too minor, or makes the post harder to read
	RejectIntent        = "intent"         // changes what the author meant
	RejectReply         = "reply"          // should have been an answer or a comment
	RejectVandalism     = "vandalism"      // spam, defacing, or harmful
)

// RejectReasons are the reasons in the order forms offer them.
var RejectReasons = []string{RejectNoImprovement, RejectIntent, RejectReply, RejectVandalism}

// RejectPostDeleted is no reviewer's reason: a suggested edit still waiting
// when its post (or the post's question) was deleted is rejected with it,
// by whoever deleted it, as Stack Overflow rejects the pending edits of a
// deleted post. Restoring the post does not bring it back.
const RejectPostDeleted = "post_deleted"

// Limits on suggested edits: how many of one member's wait at once, and
// the length of a reviewer's note.
const (
	MaxPendingSuggestions = 5
	RejectNoteMax         = 300
)

// Suggestion is a suggested edit as pages and the API show it.
type Suggestion struct {
	store.SuggestedEdit
	Post          *store.Post
	QuestionID    int64
	QuestionTitle string
	Author        *store.User // who suggested it
	Reviewer      *store.User
	// Outdated: the post was edited after the suggestion was made, so
	// approving it would undo that edit (pending suggestions only).
	Outdated  bool
	TitleDiff []Change
	BodyDiff  []Change
	TagsDiff  []Change
}

// CanReview reports whether u may approve or reject a suggested edit of
// post, and if not, why: the post's author and members with the edit
// privilege may (moderators among them), never the one who suggested it.
func (s *Service) CanReview(u *store.User, post *store.Post, sug *store.SuggestedEdit) error {
	if u == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	if sug != nil && sug.UserID == u.ID {
		return errs.E(errs.Forbidden, "suggestion.own", "You cannot review your own suggested edit.")
	}
	if u.Owns(post.OwnerID) {
		return nil
	}
	if reputation.Require(s.Rep, u, reputation.EditOthers) != nil {
		need := reputation.Threshold(s.Rep, reputation.EditOthers)
		return errs.E(errs.Forbidden, "suggestion.review_privilege",
			"Reviewing suggested edits needs {{.Need}} reputation, as editing does; you have {{.Have}}.", "Need", need, "Have", u.Reputation)
	}
	return nil
}

// Suggest stores an edit of someone else's post, by a member who may not
// edit it directly, for review. One suggestion waits for a post at a time,
// and at most MaxPendingSuggestions of one member's.
func (s *Service) Suggest(ctx context.Context, actor *store.User, postID int64, in EditInput) (*store.SuggestedEdit, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to suggest an edit.")
	}
	pre, err := s.livePost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if s.CanEdit(actor, pre) == nil {
		return nil, canEditItself()
	}
	plan, err := s.planEdit(ctx, pre, &in)
	if err != nil {
		return nil, err
	}
	var out *store.SuggestedEdit
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPost(tx, postID)
		if err != nil {
			return err
		}
		if s.CanEdit(actor, p) == nil {
			return canEditItself()
		}
		next, _, _, _, err := nextVersion(p, plan, in)
		if err != nil {
			return err
		}
		if unchanged(p, &next) {
			var f errs.Fields
			f.Add("body", "suggestion.no_change", "Your suggestion changes nothing; change the post before you suggest it.")
			return f.Err()
		}
		if in.Revision != 0 && in.Revision != p.Revision {
			return errs.E(errs.Conflict, "suggestion.post_changed",
				"The post was edited (now revision {{.Revision}}) after you started; start again from the current version.",
				"Revision", p.Revision)
		}
		var waiting int64
		if err := tx.Model(&store.SuggestedEdit{}).Where("post_id = ? AND status = ?", p.ID, SuggestionPending).Count(&waiting).Error; err != nil {
			return err
		}
		if waiting > 0 {
			return errs.E(errs.Conflict, "suggestion.pending", "An edit of this post is already waiting for review; suggest yours once it has been reviewed.")
		}
		// The member's row, after the post's (the lock order), so that
		// suggestions of several posts at once keep to the limit; those
		// of deleted posts (no reviewer sees them) do not count.
		if err := lockUser(tx, actor.ID); err != nil {
			return err
		}
		var mine int64
		if err := tx.Table("suggested_edits").Joins("JOIN posts ON posts.id = suggested_edits.post_id").
			Where("suggested_edits.user_id = ? AND suggested_edits.status = ? AND posts.deleted_at IS NULL AND "+liveParent, actor.ID, SuggestionPending).
			Count(&mine).Error; err != nil {
			return err
		}
		if mine >= MaxPendingSuggestions {
			return errs.E(errs.RateLimited, "suggestion.too_many",
				"{{.Max}} of your suggested edits are waiting for review; suggest more once they have been reviewed.", "Max", MaxPendingSuggestions)
		}
		now := s.now()
		out = &store.SuggestedEdit{PostID: p.ID, UserID: actor.ID, BaseRevision: p.Revision,
			OldTitle: p.Title, OldBody: p.BodyMarkdown, OldTags: p.Tags,
			Title: next.Title, Body: next.BodyMarkdown, Tags: next.Tags,
			Comment: strings.TrimSpace(in.Comment), Status: SuggestionPending, CreatedAt: now}
		if err := tx.Create(out).Error; err != nil {
			return err
		}
		return notify.EditSuggested(tx, p, actor.ID, now)
	})
	if err != nil {
		return nil, wrap(err, "qa: suggest edit")
	}
	return out, nil
}

func canEditItself() error {
	return errs.E(errs.Conflict, "suggestion.can_edit", "You may edit this post yourself; it needs no review.")
}

// PendingSuggestion returns the suggested edit waiting for a post, or nil.
func (s *Service) PendingSuggestion(ctx context.Context, postID int64) (*store.SuggestedEdit, error) {
	var sug store.SuggestedEdit
	err := s.Store.DB.WithContext(ctx).Where("post_id = ? AND status = ?", postID, SuggestionPending).Take(&sug).Error
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: pending suggestion")
	}
	return &sug, nil
}

// Suggestion returns a suggested edit of a live post with what it changes.
func (s *Service) Suggestion(ctx context.Context, id int64) (*Suggestion, error) {
	var sug store.SuggestedEdit
	err := s.Store.DB.WithContext(ctx).Where("id = ?", id).Take(&sug).Error
	if store.IsNotFound(err) {
		return nil, suggestionNotFound()
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: suggestion")
	}
	out, err := s.describe(ctx, []store.SuggestedEdit{sug})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 { // its post is deleted
		return nil, suggestionNotFound()
	}
	v := &out[0]
	v.TitleDiff = diffWords(v.OldTitle, v.Title)
	budget := wordDiffMax
	v.BodyDiff = diffLines(v.OldBody, v.Body, &budget)
	v.TagsDiff = diffWords(v.OldTags, v.Tags)
	return v, nil
}

func suggestionNotFound() error {
	return errs.E(errs.NotFound, "suggestion.not_found", "No such suggested edit.")
}

// describe adds posts, question titles and people to suggested edits,
// dropping those whose post (or question) is deleted.
func (s *Service) describe(ctx context.Context, sugs []store.SuggestedEdit) ([]Suggestion, error) {
	if len(sugs) == 0 {
		return nil, nil
	}
	db := s.Store.DB.WithContext(ctx)
	ids := make([]int64, 0, len(sugs))
	var people []int64
	for _, sg := range sugs {
		ids = append(ids, sg.PostID)
		people = append(people, sg.UserID)
		if sg.ReviewedBy != nil {
			people = append(people, *sg.ReviewedBy)
		}
	}
	var posts []store.Post
	if err := db.Where("id IN ? AND deleted_at IS NULL AND "+liveParent, ids).Find(&posts).Error; err != nil {
		return nil, errs.Internalf(err, "qa: suggestion posts")
	}
	byID, titles, err := withQuestionTitles(db, posts)
	if err != nil {
		return nil, errs.Internalf(err, "qa: suggestion questions")
	}
	users, err := s.users(ctx, people)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, 0, len(sugs))
	for _, sg := range sugs {
		p := byID[sg.PostID]
		if p == nil {
			continue
		}
		v := Suggestion{SuggestedEdit: sg, Post: p, QuestionID: p.ID, QuestionTitle: p.Title, Author: users[sg.UserID]}
		if p.ParentID != nil {
			v.QuestionID, v.QuestionTitle = *p.ParentID, titles[*p.ParentID]
		}
		if sg.ReviewedBy != nil {
			v.Reviewer = users[*sg.ReviewedBy]
		}
		v.Outdated = sg.Status == SuggestionPending && p.Revision != sg.BaseRevision
		out = append(out, v)
	}
	return out, nil
}

// reviewable narrows suggested_edits (joined with their posts as "posts")
// to those waiting for actor to review: all but their own with the edit
// privilege, else those of their own posts.
func (s *Service) reviewable(db *gorm.DB, actor *store.User) *gorm.DB {
	q := db.Table("suggested_edits").Joins("JOIN posts ON posts.id = suggested_edits.post_id").
		Where("suggested_edits.status = ? AND posts.deleted_at IS NULL AND "+liveParent, SuggestionPending).
		Where("suggested_edits.user_id <> ?", actor.ID)
	if reputation.Require(s.Rep, actor, reputation.EditOthers) != nil {
		q = q.Where("posts.owner_id = ?", actor.ID)
	}
	return q
}

// ReviewQueue lists a page of the suggested edits actor may review, the
// longest waiting first, with the total.
func (s *Service) ReviewQueue(ctx context.Context, actor *store.User, page, size int) ([]Suggestion, int64, error) {
	if actor == nil {
		return nil, 0, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	page, size = max(page, 1), min(max(size, 1), 100)
	db := s.Store.DB.WithContext(ctx)
	var total int64
	if err := s.reviewable(db, actor).Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "qa: review queue")
	}
	var sugs []store.SuggestedEdit
	if err := s.reviewable(db, actor).Select("suggested_edits.*").
		Order("suggested_edits.created_at, suggested_edits.id").
		Limit(size).Offset((page - 1) * size).Find(&sugs).Error; err != nil {
		return nil, 0, errs.Internalf(err, "qa: review queue")
	}
	out, err := s.describe(ctx, sugs)
	return out, total, err
}

// PendingReviews counts the suggested edits waiting for actor to review.
func (s *Service) PendingReviews(ctx context.Context, actor *store.User) (int64, error) {
	if actor == nil {
		return 0, nil
	}
	var n int64
	if err := s.reviewable(s.Store.DB.WithContext(ctx), actor).Count(&n).Error; err != nil {
		return 0, errs.Internalf(err, "qa: pending reviews")
	}
	return n, nil
}

// lockSuggestion reads a suggested edit of the locked post for update and
// checks it still waits.
func lockSuggestion(tx *gorm.DB, id, postID int64) (*store.SuggestedEdit, error) {
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var sug store.SuggestedEdit
	if err := q.Where("id = ? AND post_id = ?", id, postID).Take(&sug).Error; err != nil {
		return nil, err
	}
	if err := stillWaiting(sug.Status); err != nil {
		return nil, err
	}
	return &sug, nil
}

// stillWaiting is nil for a waiting suggestion, else says why it is not.
func stillWaiting(status string) error {
	switch status {
	case SuggestionPending:
		return nil
	case SuggestionWithdrawn:
		return errs.E(errs.Conflict, "suggestion.withdrawn_already", "This suggested edit was withdrawn by whoever suggested it.")
	}
	return errs.E(errs.Conflict, "suggestion.reviewed", "This suggested edit has been reviewed already.")
}

// ApproveSuggestion saves a waiting suggested edit as the post's next
// revision, credited to whoever suggested it (who gains reputation and is
// told). A post edited after the suggestion was made is not overwritten:
// the approval is refused, and the reviewer may reject it instead.
func (s *Service) ApproveSuggestion(ctx context.Context, actor *store.User, id int64) (*store.Post, error) {
	sug, err := s.Suggestion(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.CanReview(actor, sug.Post, &sug.SuggestedEdit); err != nil {
		return nil, err
	}
	if err := stillWaiting(sug.Status); err != nil {
		return nil, err
	}
	// What the suggestion changes, so that a title or tags it leaves as
	// they were pass as they stand (an imported question's, say).
	in := EditInput{Body: &sug.Body, Comment: sug.Comment, Revision: sug.BaseRevision}
	if sug.Post.Type == store.PostQuestion && sug.Title != sug.OldTitle {
		in.Title = &sug.Title
	}
	if sug.Post.Type == store.PostQuestion && sug.Tags != sug.OldTags {
		in.Tags = TagList(sug.Tags)
	}
	plan, err := s.planEdit(ctx, sug.Post, &in)
	if err != nil {
		return nil, err
	}
	var out *store.Post
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		p, row, err := s.lockForReview(tx, actor, id, sug.PostID)
		if err != nil {
			return err
		}
		if p.Revision != row.BaseRevision {
			return errs.E(errs.Conflict, "suggestion.outdated",
				"The post was edited after this edit was suggested; approving it would undo that edit. Reject it, or edit the post yourself.")
		}
		now := s.now()
		var changed bool
		if out, changed, err = s.applyEdit(tx, p, plan, in, row.UserID, now); err != nil {
			return err
		}
		upd := map[string]any{"status": SuggestionApproved, "reviewed_at": now, "reviewed_by": actor.ID}
		if changed {
			upd["revision"] = out.Revision
			// Only a reviewer with the edit privilege rewards it: an
			// author's approval alone would let two new accounts trade
			// reputation.
			if reputation.Require(s.Rep, actor, reputation.EditOthers) == nil {
				if err := reputation.RewardSuggestedEdit(tx, s.Rep, row.UserID, p.ID, actor.ID, now); err != nil {
					return err
				}
			}
		}
		if err := tx.Model(&store.SuggestedEdit{}).Where("id = ?", row.ID).Updates(upd).Error; err != nil {
			return err
		}
		if err := notify.SuggestionSettled(tx, p, now); err != nil {
			return err
		}
		return notify.EditReviewed(tx, p, row, actor.ID, true, "", now)
	})
	if err != nil {
		return nil, wrap(err, "qa: approve suggestion")
	}
	return out, nil
}

// RejectSuggestion turns down a waiting suggested edit for a reason (one of
// RejectReasons), with an optional note; whoever suggested it is told why.
// A suggestion no longer waiting is a conflict, checked in the transaction
// before the reason and note are.
func (s *Service) RejectSuggestion(ctx context.Context, actor *store.User, id int64, reason, note string) error {
	sug, err := s.Suggestion(ctx, id)
	if err != nil {
		return err
	}
	if err := s.CanReview(actor, sug.Post, &sug.SuggestedEdit); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		// A suggestion reviewed already is a conflict whatever the reason.
		p, row, err := s.lockForReview(tx, actor, id, sug.PostID)
		if err != nil {
			return err
		}
		var f errs.Fields
		if !slices.Contains(RejectReasons, reason) {
			f.Add("reason", "field.reject_reason.invalid", "Choose why the edit is rejected.")
		}
		if note != "" {
			checkText(&f, "note", note, 1, RejectNoteMax, true)
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.now()
		if err := tx.Model(&store.SuggestedEdit{}).Where("id = ?", row.ID).Updates(map[string]any{
			"status": SuggestionRejected, "reviewed_at": now, "reviewed_by": actor.ID,
			"reject_reason": reason, "reject_note": note,
		}).Error; err != nil {
			return err
		}
		if err := notify.SuggestionSettled(tx, p, now); err != nil {
			return err
		}
		return notify.EditReviewed(tx, p, row, actor.ID, false, reason, now)
	})
	return wrap(err, "qa: reject suggestion")
}

// supersede closes the suggested edit waiting for a post that was just
// edited directly (inside that edit's transaction, the post locked): it
// could not be approved any more, and it would keep the post from others'
// suggestions. Its author is told.
func supersede(tx *gorm.DB, postID, editorID int64, now time.Time) error {
	var sug store.SuggestedEdit
	err := tx.Where("post_id = ? AND status = ?", postID, SuggestionPending).Take(&sug).Error
	if store.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := tx.Model(&store.SuggestedEdit{}).Where("id = ?", sug.ID).Updates(map[string]any{
		"status": SuggestionSuperseded, "reviewed_at": now, "reviewed_by": editorID,
	}).Error; err != nil {
		return err
	}
	var p store.Post
	if err := tx.Select("id", "parent_id").Where("id = ?", postID).Take(&p).Error; err != nil {
		return err
	}
	if err := notify.SuggestionSettled(tx, &p, now); err != nil {
		return err
	}
	return notify.EditSuperseded(tx, &p, &sug, editorID, now)
}

// rejectOnDelete rejects the suggested edits waiting for post p, being
// deleted by actorID, and for p's answers when it is a question (inside the
// deletion's transaction, p locked): nobody can review them any more, and
// they would wait unseen. The notices that asked the posts' authors to
// review them are settled as a review's are: read, and not mailed; and
// whoever suggested them is told, as after a review's rejection, that the
// post was deleted.
func rejectOnDelete(tx *gorm.DB, p *store.Post, actorID int64, now time.Time) error {
	of := []int64{p.ID}
	if p.Type == store.PostQuestion {
		var answers []int64
		if err := tx.Model(&store.Post{}).Where("parent_id = ? AND type = ?", p.ID, store.PostAnswer).Pluck("id", &answers).Error; err != nil {
			return err
		}
		of = append(of, answers...)
	}
	var sugs []store.SuggestedEdit
	if err := tx.Select("id", "post_id", "user_id").Where("post_id IN ? AND status = ?", of, SuggestionPending).Order("id").Find(&sugs).Error; err != nil {
		return err
	}
	if len(sugs) == 0 {
		return nil
	}
	ids := make([]int64, len(sugs))
	var posts []int64
	for i, sg := range sugs {
		ids[i] = sg.ID
		if !slices.Contains(posts, sg.PostID) {
			posts = append(posts, sg.PostID)
		}
	}
	if err := tx.Model(&store.SuggestedEdit{}).Where("id IN ? AND status = ?", ids, SuggestionPending).Updates(map[string]any{
		"status": SuggestionRejected, "reviewed_at": now, "reviewed_by": actorID, "reject_reason": RejectPostDeleted,
	}).Error; err != nil {
		return err
	}
	var ps []store.Post
	if err := tx.Select("id", "parent_id").Where("id IN ?", posts).Find(&ps).Error; err != nil {
		return err
	}
	for i := range ps {
		if err := notify.SuggestionSettled(tx, &ps[i], now); err != nil {
			return err
		}
	}
	return notify.SuggestionsRejectedOnDelete(tx, ps, sugs, actorID, now)
}

// lockUser locks a user's row on PostgreSQL (SQLite's immediate
// transactions already serialise writers).
func lockUser(tx *gorm.DB, id int64) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	var got int64
	return tx.Raw("SELECT id FROM users WHERE id = ? FOR UPDATE", id).Scan(&got).Error
}

// MySuggestions lists a member's latest suggested edits (of posts that
// still stand), newest first.
func (s *Service) MySuggestions(ctx context.Context, u *store.User, limit int) ([]Suggestion, error) {
	if u == nil {
		return nil, nil
	}
	var sugs []store.SuggestedEdit
	if err := s.Store.DB.WithContext(ctx).Where("user_id = ?", u.ID).Order("id DESC").Limit(limit).Find(&sugs).Error; err != nil {
		return nil, errs.Internalf(err, "qa: my suggestions")
	}
	return s.describe(ctx, sugs)
}

// LatestSuggestion returns a member's latest suggested edit of a post, or nil.
func (s *Service) LatestSuggestion(ctx context.Context, postID, userID int64) (*store.SuggestedEdit, error) {
	var sug store.SuggestedEdit
	err := s.Store.DB.WithContext(ctx).Where("post_id = ? AND user_id = ?", postID, userID).Order("id DESC").Take(&sug).Error
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: latest suggestion")
	}
	return &sug, nil
}

// withQuestionTitles indexes posts by id and reads the titles of the
// questions of those that are answers, by the questions' ids.
func withQuestionTitles(db *gorm.DB, posts []store.Post) (map[int64]*store.Post, map[int64]string, error) {
	byID := make(map[int64]*store.Post, len(posts))
	var parents []int64
	for i := range posts {
		byID[posts[i].ID] = &posts[i]
		if posts[i].ParentID != nil {
			parents = append(parents, *posts[i].ParentID)
		}
	}
	titles := map[int64]string{}
	if len(parents) == 0 {
		return byID, titles, nil
	}
	var qs []store.Post
	if err := db.Select("id", "title").Where("id IN ?", parents).Find(&qs).Error; err != nil {
		return nil, nil, err
	}
	for _, q := range qs {
		titles[q.ID] = q.Title
	}
	return byID, titles, nil
}

// lockForReview locks a suggested edit's post, then the suggestion (it must
// still wait), and checks that actor may review it.
func (s *Service) lockForReview(tx *gorm.DB, actor *store.User, id, postID int64) (*store.Post, *store.SuggestedEdit, error) {
	p, err := lockPost(tx, postID)
	if err != nil {
		return nil, nil, err
	}
	row, err := lockSuggestion(tx, id, p.ID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.CanReview(actor, p, row); err != nil {
		return nil, nil, err
	}
	return p, row, nil
}

// WithdrawSuggestion takes back a waiting suggested edit, by whoever made
// it; the post is free for other suggestions again.
func (s *Service) WithdrawSuggestion(ctx context.Context, actor *store.User, id int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	sug, err := s.Suggestion(ctx, id)
	if err != nil {
		return err
	}
	if sug.UserID != actor.ID {
		return errs.E(errs.Forbidden, "suggestion.not_yours", "Only whoever suggested an edit may withdraw it.")
	}
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		p, err := lockPost(tx, sug.PostID)
		if err != nil {
			return err
		}
		row, err := lockSuggestion(tx, id, p.ID)
		if err != nil {
			return err
		}
		now := s.now()
		if err := tx.Model(&store.SuggestedEdit{}).Where("id = ?", row.ID).Updates(map[string]any{
			"status": SuggestionWithdrawn, "reviewed_at": now, // nobody reviewed it
		}).Error; err != nil {
			return err
		}
		return notify.SuggestionSettled(tx, p, now)
	})
	return wrap(err, "qa: withdraw suggestion")
}

// ReviewedLately reports whether u approved or rejected (status) a
// suggested edit within the last while.
func (s *Service) ReviewedLately(ctx context.Context, u *store.User, status string, within time.Duration) (bool, error) {
	if u == nil {
		return false, nil
	}
	var n int64
	err := s.Store.DB.WithContext(ctx).Model(&store.SuggestedEdit{}).
		Where("reviewed_by = ? AND status = ? AND reviewed_at >= ?", u.ID, status, s.now().Add(-within)).Count(&n).Error
	if err != nil {
		return false, errs.Internalf(err, "qa: reviewed lately")
	}
	return n > 0, nil
}

// WaitingSuggestions gives, for the posts of a page, the suggested edit
// waiting for each that has one (post id → suggestion id); nothing for
// anonymous readers, who cannot act on them.
func (s *Service) WaitingSuggestions(ctx context.Context, u *store.User, postIDs []int64) (map[int64]int64, error) {
	if u == nil || len(postIDs) == 0 {
		return nil, nil
	}
	var rows []store.SuggestedEdit
	if err := s.Store.DB.WithContext(ctx).Select("id", "post_id").
		Where("post_id IN ? AND status = ?", postIDs, SuggestionPending).Find(&rows).Error; err != nil {
		return nil, errs.Internalf(err, "qa: waiting suggestions")
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.PostID] = r.ID
	}
	return out, nil
}
