package reputation

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// VoteResult is a post's score after a vote and the voter's vote on it.
type VoteResult struct {
	Score  int `json:"score"`
	MyVote int `json:"my_vote"`
}

// Vote sets the actor's vote on a post: 1 up, -1 down, 0 retracts. Changing or
// retracting a vote first reverses exactly what the old vote gave; repeating
// the same vote changes nothing, so a double click never counts twice.
func (s *Service) Vote(ctx context.Context, actor *store.User, postID int64, value int) (*VoteResult, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in to vote.")
	}
	if value < -1 || value > 1 {
		var f errs.Fields
		f.Add("value", "field.vote_value", "A vote is 1 (up), -1 (down) or 0 (retract).")
		return nil, f.Err()
	}
	var out VoteResult
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		posts, err := lockPosts(tx, postID)
		if err != nil {
			return err
		}
		p := posts[postID]
		if p == nil || !questionLive(tx, p) {
			return errs.E(errs.NotFound, "post.not_found", "No such post.")
		}
		if p.OwnerID != nil && *p.OwnerID == actor.ID {
			return errs.E(errs.Forbidden, "vote.own_post", "You cannot vote on your own post.")
		}
		ids := []int64{actor.ID}
		if p.OwnerID != nil {
			ids = append(ids, *p.OwnerID)
		}
		users, err := lockUsers(tx, ids...)
		if err != nil {
			return err
		}
		voter := users[actor.ID]
		if voter == nil {
			return errs.E(errs.Unauthorized, "auth.login_required", "Please log in to vote.")
		}
		var existing store.Vote
		found := true
		if err := tx.Where("post_id = ? AND user_id = ?", postID, actor.ID).Take(&existing).Error; store.IsNotFound(err) {
			found = false
		} else if err != nil {
			return err
		}
		old := 0
		if found {
			old = existing.Value
		}
		if old == value {
			out = VoteResult{Score: p.Score, MyVote: value}
			return nil
		}
		if value != 0 {
			// Voting up or down needs its privilege (taking a vote back
			// never does), by the fresh reputation and the role the
			// request acts with: a token whose scope acts as a member
			// votes as one, whatever the account's role.
			as := *voter
			if !actor.IsStaff() {
				as.Role = actor.Role
			}
			need := VoteDown
			if value == 1 {
				need = VoteUp
			}
			if err := Require(s.Rules, &as, need); err != nil {
				return err
			}
		}
		if old != 0 {
			if err := s.undoVote(tx, p, actor.ID, old, now); err != nil {
				return err
			}
		}
		switch {
		case value == 0:
			if err := tx.Delete(&existing).Error; err != nil {
				return err
			}
		case found:
			if err := tx.Model(&existing).Updates(map[string]any{"value": value, "updated_at": now}).Error; err != nil {
				return err
			}
		default:
			if err := tx.Create(&store.Vote{PostID: postID, UserID: &actor.ID, Value: value, CreatedAt: now, UpdatedAt: now}).Error; err != nil {
				return err
			}
		}
		if value != 0 {
			if err := s.doVote(tx, p, actor.ID, value, now); err != nil {
				return err
			}
		}
		var scores []int
		if err := tx.Raw("UPDATE posts SET score = score + ? WHERE id = ? RETURNING score", value-old, postID).Scan(&scores).Error; err != nil {
			return err
		}
		p.Score = scores[0]
		out = VoteResult{Score: p.Score, MyVote: value}
		if err := awardAfterVote(tx, s.Rules, p, actor.ID, value, value > old, now); err != nil {
			return err
		}
		return store.EnqueueIndex(tx, questionID(p), now)
	})
	if err != nil {
		return nil, wrap(err, "reputation: vote")
	}
	return &out, nil
}

// doVote records what a new vote gives: the author's gain (capped) or loss,
// and the voter's cost of voting an answer down.
func (s *Service) doVote(tx *gorm.DB, p *store.Post, voterID int64, value int, now time.Time) error {
	if p.OwnerID == nil {
		return nil
	}
	ev := store.ReputationEvent{UserID: *p.OwnerID, PostID: &p.ID, ActorID: &voterID, CreatedAt: now}
	if value == 1 {
		ev.Kind, ev.Delta = KindQuestionUpvoted, s.Rules.QuestionUpvote
		if p.Type == store.PostAnswer {
			ev.Kind, ev.Delta = KindAnswerUpvoted, s.Rules.AnswerUpvote
		}
		return grantCapped(tx, s.Rules.DailyCap, ev)
	}
	ev.Kind, ev.Delta = KindDownvoted, s.Rules.Downvoted
	if err := record(tx, ev); err != nil {
		return err
	}
	if p.Type == store.PostAnswer {
		return record(tx, store.ReputationEvent{UserID: voterID, PostID: &p.ID, ActorID: &voterID,
			Kind: KindDownvoter, Delta: s.Rules.DownvoterAnswer, CreatedAt: now})
	}
	return nil
}

// undoVote reverses exactly what an earlier vote gave.
func (s *Service) undoVote(tx *gorm.DB, p *store.Post, voterID int64, old int, now time.Time) error {
	if p.OwnerID == nil {
		return nil
	}
	if old == 1 {
		kind := KindQuestionUpvoted
		if p.Type == store.PostAnswer {
			kind = KindAnswerUpvoted
		}
		return reverse(tx, *p.OwnerID, p.ID, &voterID, kind, now)
	}
	if err := reverse(tx, *p.OwnerID, p.ID, &voterID, KindDownvoted, now); err != nil {
		return err
	}
	return reverse(tx, voterID, p.ID, &voterID, KindDownvoter, now)
}

// questionLive reports whether a post's question (itself, for questions) is live.
func questionLive(tx *gorm.DB, p *store.Post) bool {
	if p.Type == store.PostQuestion {
		return p.DeletedAt == nil
	}
	if p.ParentID == nil {
		return false
	}
	var n int64
	tx.Model(&store.Post{}).Where("id = ? AND deleted_at IS NULL", *p.ParentID).Count(&n)
	return n == 1
}

func questionID(p *store.Post) int64 {
	if p.Type == store.PostAnswer && p.ParentID != nil {
		return *p.ParentID
	}
	return p.ID
}

// wrap passes domain errors through and wraps the rest as internal.
func wrap(err error, op string) error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Internalf(err, "%s", op)
}
