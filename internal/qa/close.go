package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// CloseDuplicate is the close reason of a question closed as a duplicate.
const CloseDuplicate = "duplicate"

// CloseReasons are the reasons a question can be closed for here (imports
// bring Stack Exchange's older ones too).
var CloseReasons = []string{CloseDuplicate, "off-topic", "unclear", "needs-focus", "opinion-based"}

// CloseInput says why a question is closed: a reason of CloseReasons, and
// for a duplicate the question it duplicates.
type CloseInput struct {
	Reason      string
	DuplicateOf int64
}

// maxDuplicateChain is how many links of "duplicate of" Close follows to
// find the original and refuse a cycle.
const maxDuplicateChain = 50

// Close closes a question: it takes no new answers, and when it duplicates
// another, its page and search results send readers to that one. Moderators
// close for any reason; askers may close their own question as a duplicate
// (they found their answer elsewhere).
func (s *Service) Close(ctx context.Context, actor *store.User, id int64, in CloseInput) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	if err := in.validate(id); err != nil {
		return err
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q, target, err := lockQuestions(tx, id, in.DuplicateOf)
		if err != nil {
			return err
		}
		if !actor.IsStaff() && !(actor.Owns(q.OwnerID) && in.Reason == CloseDuplicate) {
			if actor.Owns(q.OwnerID) {
				return errs.E(errs.Forbidden, "question.close_own_duplicate", "You can close your own question as a duplicate only; a moderator can close it for other reasons.")
			}
			return errs.E(errs.Forbidden, "question.close_forbidden", "Only a moderator or the asker can close this question.")
		}
		if q.ClosedAt != nil {
			return errs.E(errs.Conflict, "question.already_closed", "This question is already closed.")
		}
		return s.closeLocked(tx, actor, q, target, in, nil, now)
	})
	return wrap(err, "qa: close")
}

// validate checks a closing's reason, and that a duplicate names another
// question (and only a duplicate does), for question id.
func (in CloseInput) validate(id int64) error {
	var f errs.Fields
	switch {
	case !slices.Contains(CloseReasons, in.Reason):
		f.Add("reason", "field.close_reason.invalid", "Choose why the question is closed: {{.Reasons}}.", "Reasons", strings.Join(CloseReasons, ", "))
	case in.Reason == CloseDuplicate && in.DuplicateOf <= 0:
		f.Add("duplicate_of", "field.duplicate_of.required", "Give the question this one duplicates.")
	case in.Reason == CloseDuplicate && in.DuplicateOf == id:
		f.Add("duplicate_of", "field.duplicate_of.self", "A question cannot duplicate itself.")
	case in.Reason != CloseDuplicate && in.DuplicateOf != 0:
		f.Add("duplicate_of", "field.duplicate_of.not_duplicate", "Only a duplicate names another question.")
	}
	return f.Err()
}

// closeLocked closes the open question q, locked by lockQuestions with its
// duplicate target (nil when none or no live question), as actor, for a
// checked input: the columns, the repointed duplicates, the unanswered
// counter, the audit log (each of voters when votes closed it), the asker's
// notification and the search index. The votes to close it still open end
// as votes that did not close it (when voters closed it, the caller has
// ended theirs as its closers already).
func (s *Service) closeLocked(tx *gorm.DB, actor *store.User, q, target *store.Post, in CloseInput, voters []int64, now time.Time) error {
	var dup any
	if in.Reason == CloseDuplicate {
		if target == nil {
			return noTarget(tx, actor, in.DuplicateOf)
		}
		// A duplicate of a duplicate points to the original itself.
		var err error
		if target, err = original(tx, q.ID, target); err != nil {
			return err
		}
		if target.AnswerCount == 0 {
			var fe errs.Fields
			fe.Add("duplicate_of", "field.duplicate_of.unanswered", "Question {{.ID}} has no answer yet: a duplicate sends readers to answers.", "ID", target.ID)
			return fe.Err()
		}
		dup = target.ID
	}
	if err := tx.Model(&store.Post{}).Where("id = ?", q.ID).Updates(map[string]any{
		"closed_at": now, "closed_by": actor.ID, "closed_reason": in.Reason, "duplicate_of_id": dup}).Error; err != nil {
		return err
	}
	if target != nil {
		// Questions closed as duplicates of this one lead on to its
		// original, so that no duplicate points to another duplicate:
		// all of them when a moderator closes it, and only those they
		// closed themselves when its asker does, who must not re-point
		// other people's closings (a moderator's "duplicate of 4"
		// turned into a link to a question of the asker's choosing).
		by := int64(0)
		if !actor.IsStaff() {
			by = actor.ID
		}
		if err := repointDuplicates(tx, q.ID, target.ID, by, now); err != nil {
			return err
		}
	}
	if q.WaitsForAnswer() { // it no longer does
		if err := store.AddCounter(tx, "unanswered", -1); err != nil {
			return err
		}
	}
	detail := in.Reason
	if target != nil {
		detail = fmt.Sprintf("%s of %d", in.Reason, target.ID)
	}
	if len(voters) > 0 {
		// Closed by votes: every voter is on record as one of its closers.
		detail = fmt.Sprintf("%s (by %d close votes)", detail, len(voters))
		for _, v := range voters {
			if err := tx.Create(&store.AuditEntry{ActorID: &v, Action: "close", TargetType: "post",
				TargetID: &q.ID, Detail: detail, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
	} else if !actor.Owns(q.OwnerID) { // a moderator's closing of another's question is on record
		if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "close", TargetType: "post",
			TargetID: &q.ID, Detail: detail, CreatedAt: now}).Error; err != nil {
			return err
		}
	}
	q.ClosedReason = in.Reason
	by := actor.ID
	if len(voters) > 0 {
		by = 0 // members' votes: the asker is told so, not the last voter's name
	}
	if err := notify.ClosedOrReopened(tx, q, by, true, now); err != nil {
		return err
	}
	if err := endCloseVotes(tx, q.ID, false, now); err != nil {
		return err
	}
	return store.EnqueueIndex(tx, q.ID, now)
}

// Reopen opens a closed question again: moderators reopen any, askers what
// they closed themselves (alone: see MayReopen). An open question is left as it is.
func (s *Service) Reopen(ctx context.Context, actor *store.User, id int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q, _, err := lockQuestions(tx, id, 0)
		if err != nil {
			return err
		}
		if q.ClosedAt == nil {
			if !actor.IsStaff() && !actor.Owns(q.OwnerID) {
				return errs.E(errs.Forbidden, "question.reopen_forbidden", "Only a moderator can reopen this question.")
			}
			return nil // open already (a second click)
		}
		ok, err := mayReopen(tx, actor, q)
		if err != nil {
			return err
		}
		if !ok {
			if !actor.Owns(q.OwnerID) {
				return errs.E(errs.Forbidden, "question.reopen_forbidden", "Only a moderator can reopen this question.")
			}
			// Members' votes or a moderator: closed_by alone does not tell
			// (it names the last voter), the closers do.
			byVotes, err := closers(tx, q)
			if err != nil {
				return err
			}
			if len(byVotes) > 0 {
				return errs.E(errs.Forbidden, "question.reopen_votes", "Members' votes closed this question, so only a moderator can reopen it.")
			}
			return errs.E(errs.Forbidden, "question.reopen_moderator", "A moderator closed this question, so only a moderator can reopen it.")
		}
		if err := tx.Model(&store.Post{}).Where("id = ?", id).Updates(map[string]any{
			"closed_at": nil, "closed_by": nil, "closed_reason": "", "duplicate_of_id": nil}).Error; err != nil {
			return err
		}
		if q.AnswerCount == 0 { // it waits for an answer again
			if err := store.AddCounter(tx, "unanswered", 1); err != nil {
				return err
			}
		}
		if !actor.Owns(q.OwnerID) { // as closing
			if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "reopen", TargetType: "post",
				TargetID: &id, CreatedAt: now}).Error; err != nil {
				return err
			}
		}
		if err := notify.ClosedOrReopened(tx, q, actor.ID, false, now); err != nil {
			return err
		}
		if err := endCloseVotes(tx, id, false, now); err != nil {
			return err
		}
		return store.EnqueueIndex(tx, id, now)
	})
	return wrap(err, "qa: reopen")
}

// MayClose reports whether the user may close the question: moderators, and
// its asker (as a duplicate).
func (s *Service) MayClose(u *store.User, q *store.Post) bool {
	return u.IsStaff() || u.Owns(q.OwnerID)
}

// MayReopen reports whether the user may reopen the closed question:
// moderators, and its asker when the asker closed it alone (not when
// members' votes closed it, though the asker's was the closing vote: the
// asker would end everyone's votes by reopening it).
func (s *Service) MayReopen(ctx context.Context, u *store.User, q *store.Post) (bool, error) {
	ok, err := mayReopen(s.Store.DB.WithContext(ctx), u, q)
	if err != nil {
		return false, errs.Internalf(err, "qa: may reopen")
	}
	return ok, nil
}

func mayReopen(db *gorm.DB, u *store.User, q *store.Post) (bool, error) {
	if u.IsStaff() {
		return true, nil
	}
	if !u.Owns(q.OwnerID) || !u.Owns(q.ClosedBy) {
		return false, nil
	}
	ids, err := closers(db, q)
	return len(ids) == 0, err
}

// noTarget is the error of a duplicate target that is no live question:
// a moderator, who can open a deleted question, is told that it is
// deleted; others that there is no such question.
func noTarget(tx *gorm.DB, actor *store.User, id int64) error {
	var fe errs.Fields
	var n int64
	if actor != nil && actor.IsStaff() {
		if err := tx.Model(&store.Post{}).Where("id = ? AND deleted_at IS NOT NULL AND "+store.TypeIs("type", store.PostQuestion), id).Count(&n).Error; err != nil {
			return errs.Internalf(err, "qa: duplicate target")
		}
	}
	if n > 0 {
		fe.Add("duplicate_of", "field.duplicate_of.deleted", "Question {{.ID}} is deleted.", "ID", id)
	} else {
		fe.Add("duplicate_of", "field.duplicate_of.not_found", "There is no question {{.ID}}.", "ID", id)
	}
	return fe.Err()
}

// lockQuestions locks the live question id and, when dup is not 0, the
// live question dup, in id order so that two closings cannot deadlock.
// target is nil when dup names no live question.
func lockQuestions(tx *gorm.DB, id, dup int64) (q, target *store.Post, err error) {
	ids := []int64{id}
	if dup > 0 {
		ids = append(ids, dup)
	}
	db := tx
	if tx.Dialector.Name() == "postgres" {
		db = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var rows []*store.Post
	if err := db.Where("id IN ? AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), ids).
		Order("id").Find(&rows).Error; err != nil {
		return nil, nil, err
	}
	for _, p := range rows {
		switch p.ID {
		case id:
			q = p
		case dup:
			target = p
		}
	}
	if q == nil {
		return nil, nil, errs.E(errs.NotFound, "question.not_found", "No such question.")
	}
	return q, target, nil
}

// repointDuplicates makes the questions closed as duplicates of id
// duplicates of original instead (with by, only those by closed), and has
// them indexed again.
func repointDuplicates(tx *gorm.DB, id, original, by int64, now time.Time) error {
	// One statement, so that a duplicate reopened meanwhile is left open.
	var ids []int64
	if err := tx.Raw("UPDATE posts SET duplicate_of_id = ? WHERE duplicate_of_id = ? AND closed_at IS NOT NULL AND (? = 0 OR closed_by = ?) RETURNING id",
		original, id, by, by).Scan(&ids).Error; err != nil {
		return err
	}
	for _, d := range ids {
		if err := store.EnqueueIndex(tx, d, now); err != nil {
			return err
		}
	}
	return nil
}

// original follows target through the questions it duplicates to the one
// it leads to in the end: the last live question of the chain. A chain that
// leads back to question id is refused. On PostgreSQL the chain is read
// under share locks, so that two closings that would make a cycle together
// wait for each other (a deadlock, retried, after which the second sees the
// first).
func original(tx *gorm.DB, id int64, target *store.Post) (*store.Post, error) {
	db := tx
	if tx.Dialector.Name() == "postgres" {
		db = db.Clauses(clause.Locking{Strength: "SHARE"})
	}
	last := target
	for range maxDuplicateChain {
		next := last.DuplicateOfID
		if next == nil {
			break
		}
		if *next == id {
			var f errs.Fields
			f.Add("duplicate_of", "field.duplicate_of.cycle", "Question {{.ID}} is itself closed as a duplicate of this one (directly or through other duplicates), so this one cannot be closed as a duplicate of it.", "ID", target.ID)
			return nil, f.Err()
		}
		var p store.Post
		err := db.Where("id = ? AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), *next).Take(&p).Error
		if store.IsNotFound(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		last = &p
	}
	return last, nil
}
