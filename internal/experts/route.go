package experts

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// Routing rounds: when asked, and once more if still unanswered after Config.RouteAfter.
const (
	firstRound = 1
	lastRound  = 2
)

// Route runs inside a new question's transaction (as qa.Service.Route): it
// routes the question to its tags' SMEs and top experts, never the asker,
// tells them, and schedules the next round. All of it is dated when the
// question was asked, as the transaction's other rows are (a seed or an
// import writes questions with clocks of their own).
func (s *Service) Route(tx *gorm.DB, q *store.Post) error {
	now := q.CreatedAt.UTC()
	if q.CreatedAt.IsZero() {
		now = s.now()
	}
	if _, err := s.routeRound(tx, q, firstRound, now); err != nil {
		return err
	}
	if s.Config.RouteAfter <= 0 {
		return nil
	}
	return tx.Create(&due{QuestionID: q.ID, Round: firstRound + 1, DueAt: now.Add(s.Config.RouteAfter)}).Error
}

// routeRound picks and tells the people for one round and returns their ids.
// The first round takes every SME of the question's tags plus the top
// Config.RouteCount others; later rounds take the next Config.RouteCount
// people in line. Nobody is routed the same question twice, nor their own.
func (s *Service) routeRound(tx *gorm.DB, q *store.Post, round int, now time.Time) ([]int64, error) {
	var tagIDs []int64
	if err := tx.Table("post_tags").Where("post_id = ?", q.ID).Order("tag_id").Pluck("tag_id", &tagIDs).Error; err != nil {
		return nil, err
	}
	if len(tagIDs) == 0 {
		return nil, nil
	}
	ranked, err := s.rank(tx, scope{evidenceTags: tagIDs, markTags: tagIDs}, now)
	if err != nil {
		return nil, err
	}
	var before []int64
	if err := tx.Model(&route{}).Where("question_id = ?", q.ID).Pluck("user_id", &before).Error; err != nil {
		return nil, err
	}
	skip := map[int64]bool{}
	for _, id := range before {
		skip[id] = true
	}
	if q.OwnerID != nil {
		skip[*q.OwnerID] = true
	}
	var chosen []int64
	others := 0
	for _, r := range ranked {
		if skip[r.UserID] || !r.SME && !r.Picked && r.Score == 0 {
			// Nor anyone whose answers in the tags have decayed to nothing
			// (years old, on an imported site): the directory lists them,
			// but a new question goes to people active now.
			continue
		}
		if r.SME && round == firstRound {
			chosen = append(chosen, r.UserID)
			continue
		}
		if others >= s.Config.RouteCount {
			break // SMEs rank first, so none is left after this
		}
		chosen = append(chosen, r.UserID)
		others++
	}
	if len(chosen) == 0 {
		return nil, nil
	}
	rows := make([]route, len(chosen))
	for i, id := range chosen {
		rows[i] = route{QuestionID: q.ID, UserID: id, Round: round, CreatedAt: now}
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
		return nil, err
	}
	return chosen, notify.Routed(tx, q, chosen, now)
}

// RerouteDue routes every question whose next round is due and that is
// still unanswered, open and live, to the next experts in line, and returns
// how many questions it routed. Each due row is taken in its own
// transaction, so that several processes can run it at once.
func (s *Service) RerouteDue(ctx context.Context) (int, error) {
	now := s.now()
	routed := 0
	for {
		var batch []due
		if err := s.Store.DB.WithContext(ctx).Where("due_at <= ?", now).Order("due_at, question_id").Limit(100).Find(&batch).Error; err != nil {
			return routed, errs.Internalf(err, "experts: due questions")
		}
		for _, d := range batch {
			var n int
			err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
				n = 0
				res := tx.Where("question_id = ? AND due_at <= ?", d.QuestionID, now).Delete(&due{})
				if res.Error != nil || res.RowsAffected == 0 {
					return res.Error // another process took it
				}
				var q store.Post
				err := tx.Select("id", "owner_id", "title", "answer_count", "closed_at", "deleted_at").
					Where("id = ? AND "+store.TypeIs("type", store.PostQuestion), d.QuestionID).Take(&q).Error
				if store.IsNotFound(err) {
					return nil
				}
				if err != nil {
					return err
				}
				if q.AnswerCount > 0 || q.ClosedAt != nil || q.DeletedAt != nil {
					return nil
				}
				ids, err := s.routeRound(tx, &q, d.Round, now)
				if err != nil {
					return err
				}
				if len(ids) > 0 {
					n = 1
				}
				if d.Round < lastRound {
					return tx.Create(&due{QuestionID: q.ID, Round: d.Round + 1, DueAt: now.Add(s.Config.RouteAfter)}).Error
				}
				return nil
			})
			if err != nil {
				return routed, errs.Internalf(err, "experts: reroute question %d", d.QuestionID)
			}
			routed += n
		}
		if len(batch) < 100 {
			return routed, nil
		}
	}
}

// Run re-routes due questions every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration, log *slog.Logger) {
	if s.Config.RouteAfter <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := s.RerouteDue(ctx); err != nil && ctx.Err() == nil {
			log.Warn("re-route unanswered questions", "err", err)
		} else if n > 0 {
			log.Info("re-routed unanswered questions", "count", n)
		}
	}
}
