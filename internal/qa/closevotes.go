package qa

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// CloseVotesNeeded is how many members' votes close a question.
const CloseVotesNeeded = 3

// CloseVotes is where the votes to close a question stand.
type CloseVotes struct {
	Count     int              // open votes that stand (count towards Needed)
	Needed    int              // CloseVotesNeeded
	Mine      *store.CloseVote // the reader's open vote, if any
	MineStale bool             // Mine names a duplicate's original that can no longer be one: it does not count
}

// CastCloseVote records actor's vote to close the open question id for a
// reason (a duplicate names the question it duplicates, checked as closing
// checks it). Voting needs the vote_close privilege; a moderator's vote
// closes the question at once. Each member votes once while the question
// is open; once CloseVotesNeeded votes stand, the vote closes it in the
// same transaction, for the reason most of them give (a duplicate: of the
// question most of those votes name), the earliest vote deciding a tie.
// A duplicate vote whose question can no longer be the original (deleted
// meanwhile, say) does not stand: it stays open without counting (it
// counts again should that question come back, and closes the question
// then if that makes enough: see recountCloseVotes) and ends, not as a
// closer's, when the question closes.
func (s *Service) CastCloseVote(ctx context.Context, actor *store.User, id int64, in CloseInput) error {
	if err := reputation.Require(s.Rep, actor, reputation.VoteClose); err != nil {
		return err
	}
	if actor.IsStaff() {
		return s.Close(ctx, actor, id, in)
	}
	if err := in.validate(id); err != nil {
		// A second vote (a form left open in another tab, say) is told
		// that it is one, whatever reason it gives.
		if mine, verr := s.HasCloseVote(ctx, actor, id); verr == nil && mine {
			return ErrCloseVoteTwice()
		}
		return err
	}
	now := s.now()
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		// The question's row lock orders the votes on it: the count read
		// below is the one the next vote sees.
		q, target, err := lockQuestions(tx, id, in.DuplicateOf)
		if err != nil {
			return err
		}
		if q.ClosedAt != nil {
			return errs.E(errs.Conflict, "question.already_closed", "This question is already closed.")
		}
		var n int64
		if err := openCloseVotes(tx, id).Where("user_id = ?", actor.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrCloseVoteTwice()
		}
		var dup *int64
		if in.Reason == CloseDuplicate {
			o, err := duplicateTarget(tx, q, target, in.DuplicateOf)
			if err != nil {
				return err
			}
			dup = &o.ID
		}
		v := store.CloseVote{QuestionID: id, UserID: actor.ID, Reason: in.Reason, DuplicateOfID: dup, CreatedAt: now}
		if err := tx.Create(&v).Error; err != nil {
			return err
		}
		var votes []store.CloseVote
		if err := openCloseVotes(tx, id).Order("id").Find(&votes).Error; err != nil {
			return err
		}
		return s.closeByVotes(tx, actor, q, votes, now)
	})
	return wrap(err, "qa: close vote")
}

// ErrCloseVoteTwice is the conflict of a second vote to close a question
// while the voter's first is open.
func ErrCloseVoteTwice() error {
	return errs.E(errs.Conflict, "close_vote.twice", "You have voted to close this question already; retract your vote to vote again.")
}

// closeByVotes closes the open question q, locked, when CloseVotesNeeded
// of its open votes (all of them, in the order cast) stand, for their
// verdict, as by (the member whose vote or act made them enough; nil for
// the last standing voter): the standing votes end as its closers, and
// closeLocked ends the rest as votes that did not count. With too few
// standing (a duplicate's original gone), they wait on.
func (s *Service) closeByVotes(tx *gorm.DB, by *store.User, q *store.Post, votes []store.CloseVote, now time.Time) error {
	if len(votes) < CloseVotesNeeded {
		return nil
	}
	win, target, standing, err := closeVerdict(tx, q, votes, true)
	if err != nil || len(standing) < CloseVotesNeeded {
		return err
	}
	voters := make([]int64, len(standing))
	ids := make([]int64, len(standing))
	for i, v := range standing {
		voters[i], ids[i] = v.UserID, v.ID
	}
	if by == nil {
		// A member's vote: closing by votes treats its closer as a member.
		by = &store.User{ID: voters[len(voters)-1], Role: store.RoleUser}
	}
	if err := tx.Model(&store.CloseVote{}).Where("id IN ?", ids).
		Updates(map[string]any{"ended_at": now, "closed": true}).Error; err != nil {
		return err
	}
	closing := CloseInput{Reason: win}
	if target != nil {
		closing.DuplicateOf = target.ID
	}
	return s.closeLocked(tx, by, q, target, closing, voters, now)
}

// recountCloseVotes counts again, as a question is restored (undeleted)
// in tx, the open votes that may stand again: those on the open questions
// whose votes name it as the one they duplicate, and its own (whose
// duplicates' originals may have come back while it was deleted). A
// question whose standing votes now make CloseVotesNeeded closes as a vote
// closes it, with the last standing voter as the one who closed it. The
// questions are found, locked and their votes read in one statement each.
func (s *Service) recountCloseVotes(tx *gorm.DB, restored int64, now time.Time) error {
	var ids []int64
	if err := tx.Model(&store.CloseVote{}).
		Where("ended_at IS NULL AND (question_id = ? OR question_id IN (?))", restored, tx.Model(&store.CloseVote{}).Select("question_id").
			Where("ended_at IS NULL AND duplicate_of_id = ?", restored)).
		Group("question_id").Having("COUNT(*) >= ?", CloseVotesNeeded).Pluck("question_id", &ids).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	db := tx
	if tx.Dialector.Name() == "postgres" {
		db = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var qs []store.Post
	if err := db.Where("id IN ? AND closed_at IS NULL AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), ids).
		Order("id").Find(&qs).Error; err != nil {
		return err
	}
	if len(qs) == 0 {
		return nil
	}
	open := make([]int64, len(qs))
	for i := range qs {
		open[i] = qs[i].ID
	}
	var votes []store.CloseVote
	if err := tx.Where("ended_at IS NULL AND question_id IN ?", open).Order("id").Find(&votes).Error; err != nil {
		return err
	}
	byQuestion := map[int64][]store.CloseVote{}
	for _, v := range votes {
		byQuestion[v.QuestionID] = append(byQuestion[v.QuestionID], v)
	}
	for i := range qs {
		if err := s.closeByVotes(tx, nil, &qs[i], byQuestion[qs[i].ID], now); err != nil {
			return err
		}
	}
	return nil
}

// RetractCloseVote takes back actor's vote to close the open question id.
// With no vote to take back it does nothing (a second click).
func (s *Service) RetractCloseVote(ctx context.Context, actor *store.User, id int64) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q, _, err := lockQuestions(tx, id, 0)
		if err != nil {
			return err
		}
		if q.ClosedAt != nil {
			return errs.E(errs.Conflict, "close_vote.closed", "This question is closed: the votes to close it have ended.")
		}
		return tx.Where("question_id = ? AND user_id = ? AND ended_at IS NULL", id, actor.ID).Delete(&store.CloseVote{}).Error
	})
	return wrap(err, "qa: retract close vote")
}

// CloseVotesOf reads where the votes to close question id stand, with u's
// own vote (u may be nil).
func (s *Service) CloseVotesOf(ctx context.Context, u *store.User, id int64) (CloseVotes, error) {
	out := CloseVotes{Needed: CloseVotesNeeded}
	db := s.Store.DB.WithContext(ctx)
	var votes []store.CloseVote
	if err := openCloseVotes(db, id).Order("id").Find(&votes).Error; err != nil {
		return out, errs.Internalf(err, "qa: close votes")
	}
	_, _, standing, err := closeVerdict(db, &store.Post{ID: id}, votes, false)
	if err != nil {
		return out, errs.Internalf(err, "qa: close votes")
	}
	out.Count = len(standing)
	for i := range votes {
		if u != nil && votes[i].UserID == u.ID {
			out.Mine = &votes[i]
			out.MineStale = !slices.ContainsFunc(standing, func(v store.CloseVote) bool { return v.ID == votes[i].ID })
		}
	}
	return out, nil
}

// MayVoteClose reports whether u votes to close q (rather than closing it
// outright as a moderator does): a member with the privilege, q open and live.
func (s *Service) MayVoteClose(u *store.User, q *store.Post) bool {
	return u != nil && !u.IsStaff() && q.ClosedAt == nil && q.DeletedAt == nil &&
		reputation.Require(s.Rep, u, reputation.VoteClose) == nil
}

// HasCloseVote reports whether actor has an open vote to close question id.
func (s *Service) HasCloseVote(ctx context.Context, actor *store.User, id int64) (bool, error) {
	var n int64
	err := openCloseVotes(s.Store.DB.WithContext(ctx), id).Where("user_id = ?", actor.ID).Limit(1).Count(&n).Error
	return n > 0, wrap(err, "qa: close vote")
}

// openCloseVotes selects the open votes to close question id.
func openCloseVotes(tx *gorm.DB, id int64) *gorm.DB {
	return tx.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NULL", id)
}

// endCloseVotes ends the open votes to close question id as it closes or
// reopens: closed marks them as the votes that closed it.
func endCloseVotes(tx *gorm.DB, id int64, closed bool, now time.Time) error {
	return openCloseVotes(tx, id).Updates(map[string]any{"ended_at": now, "closed": closed}).Error
}

// duplicateTarget checks the question a vote (or a flag) says q duplicates,
// as closing does: a live question (target, locked, nil when there is
// none), not q, not leading back to q, whose original has an answer. It
// returns that original.
func duplicateTarget(tx *gorm.DB, q, target *store.Post, dup int64) (*store.Post, error) {
	if target == nil {
		var fe errs.Fields
		fe.Add("duplicate_of", "field.duplicate_of.not_found", "There is no question {{.ID}}.", "ID", dup)
		return nil, fe.Err()
	}
	o, err := original(tx, q.ID, target)
	if err != nil {
		return nil, err
	}
	if o.AnswerCount == 0 {
		var fe errs.Fields
		fe.Add("duplicate_of", "field.duplicate_of.unanswered", "Question {{.ID}} has no answer yet: a duplicate sends readers to answers.", "ID", o.ID)
		return nil, fe.Err()
	}
	return o, nil
}

// closeVerdict picks what the open votes close q for: the reason most of
// them give, and for a duplicate the question most of its votes name (the
// earliest vote breaks a tie). A duplicate vote stands while the question
// it names can still be the original; standing are the votes that do, in
// the order of votes, and win is "" when none does. With lock, the
// questions the votes name are locked as closing locks them (in a
// transaction that holds q's lock: should another closing wait for q while
// holding one of them, PostgreSQL ends one in a deadlock, which store.Tx
// retries); without, they are only read.
func closeVerdict(tx *gorm.DB, q *store.Post, votes []store.CloseVote, lock bool) (win string, target *store.Post, standing []store.CloseVote, err error) {
	reasons := map[string]int{}
	var order []string // reasons in the order of their first vote
	targets := map[int64]int{}
	var targetOrder []int64
	viable := map[int64]*store.Post{}
	for _, v := range votes {
		if v.Reason == CloseDuplicate {
			tid := *v.DuplicateOfID
			p, seen := viable[tid]
			if !seen {
				var t *store.Post
				if lock {
					_, t, err = lockQuestions(tx, q.ID, tid)
				} else {
					t, err = liveQuestion(tx, tid)
				}
				if err != nil {
					return "", nil, nil, err
				}
				if p, err = duplicateTarget(tx, q, t, tid); err != nil {
					if errs.As(err).Code != errs.Invalid {
						return "", nil, nil, err
					}
					p = nil
				}
				viable[tid] = p
			}
			if p == nil {
				continue
			}
			if targets[p.ID] == 0 {
				targetOrder = append(targetOrder, p.ID)
			}
			targets[p.ID]++
			if _, seen := viable[p.ID]; !seen {
				viable[p.ID] = p
			}
		}
		standing = append(standing, v)
		if reasons[v.Reason] == 0 {
			order = append(order, v.Reason)
		}
		reasons[v.Reason]++
	}
	for _, r := range order {
		if win == "" || reasons[r] > reasons[win] {
			win = r
		}
	}
	if win != CloseDuplicate {
		return win, nil, standing, nil
	}
	best := slices.MaxFunc(targetOrder, func(a, b int64) int {
		// MaxFunc keeps the first of equals: the earliest named.
		return targets[a] - targets[b]
	})
	return win, viable[best], standing, nil
}

// liveQuestion reads the live question id, without locking it: nil when
// there is none.
func liveQuestion(db *gorm.DB, id int64) (*store.Post, error) {
	var p store.Post
	err := db.Where("id = ? AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), id).Take(&p).Error
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Closers lists who closed the closed question q by their votes, in the
// order they voted: none when a moderator or its asker closed it (votes
// of an earlier closing, ended before this one, are left out).
func (s *Service) Closers(ctx context.Context, q *store.Post) ([]int64, error) {
	ids, err := closers(s.Store.DB.WithContext(ctx), q)
	if err != nil {
		return nil, errs.Internalf(err, "qa: closers")
	}
	return ids, nil
}

func closers(db *gorm.DB, q *store.Post) ([]int64, error) {
	var ids []int64
	if q.ClosedAt == nil {
		return nil, nil
	}
	err := db.Model(&store.CloseVote{}).
		Where("question_id = ? AND closed AND ended_at >= ?", q.ID, *q.ClosedAt).Order("id").Pluck("user_id", &ids).Error
	return ids, err
}
