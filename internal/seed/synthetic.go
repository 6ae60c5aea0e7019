package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm/clause"

	"stackdesk/internal/consistency"
	"stackdesk/internal/store"
)

// MaxSyntheticPosts bounds one Synthetic run; the plan is held in memory.
const MaxSyntheticPosts = 5_000_000

// SyntheticOptions tune SyntheticWith.
type SyntheticOptions struct {
	Posts     int                   // questions and answers to add
	Progress  func(done, total int) // called after each committed batch; may be nil
	Now       func() time.Time      // the clock; time.Now when nil
	Seed      uint64                // random seed; 0 draws one
	BatchSize int                   // posts per transaction; 0 means 2500
}

// SyntheticResult counts what a Synthetic run added.
type SyntheticResult struct {
	Posts     int
	Questions int
	Answers   int
	Accepted  int
	Comments  int
	Users     int
	NewTags   int
	Elapsed   time.Duration
}

// Synthetic adds n generated posts (about 27% questions, the rest answers),
// comments, about n/20 users and tags from a vocabulary of some 180 tags with
// Zipf-like popularity, dated over the past two years. It appends to whatever
// the database holds. Each batch transaction writes its rows together with
// every number derived from them, so the database is exact after each commit.
// progress, if not nil, is told how many posts are written.
func Synthetic(ctx context.Context, st *store.Store, n int, progress func(done, total int)) (*SyntheticResult, error) {
	return SyntheticWith(ctx, st, SyntheticOptions{Posts: n, Progress: progress})
}

// SyntheticWith is Synthetic with a chosen clock, seed and batch size.
func SyntheticWith(ctx context.Context, st *store.Store, opt SyntheticOptions) (*SyntheticResult, error) {
	if opt.Posts < 1 || opt.Posts > MaxSyntheticPosts {
		return nil, fmt.Errorf("seed: synthetic: want 1 to %d posts, not %d", MaxSyntheticPosts, opt.Posts)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Seed == 0 {
		opt.Seed = rand.Uint64()
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 2500
	}
	began := time.Now()
	taken, err := takenNames(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("seed: synthetic: %w", err)
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	p := newPlan(r, opt.Posts, opt.BatchSize, opt.Now().UTC(), taken)
	tagIDs, created, err := ensureTags(ctx, st, p)
	if err != nil {
		return nil, fmt.Errorf("seed: synthetic: tags: %w", err)
	}
	w := newWriter(p, tagIDs, st.Dialect == store.Postgres, opt.Now)
	err = withSink(ctx, st, func(s sink) error {
		if err := w.writeUsers(ctx, s); err != nil {
			return fmt.Errorf("users: %w", err)
		}
		if err := w.writePosts(ctx, s, opt.Progress); err != nil {
			return err
		}
		if err := w.writeVotes(ctx, s, r); err != nil {
			return fmt.Errorf("votes: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seed: synthetic: %w", err)
	}
	// Award the badges the votes earned, as the rules would have.
	if _, err := consistency.Run(ctx, st, true, opt.Now()); err != nil {
		return nil, fmt.Errorf("seed: synthetic: badges: %w", err)
	}
	res := &SyntheticResult{Posts: len(p.posts), Comments: len(p.comments), Users: len(p.users),
		NewTags: created, Elapsed: time.Since(began)}
	for _, pp := range p.posts {
		if pp.isQuestion() {
			res.Questions++
			if pp.accepted >= 0 {
				res.Accepted++
			}
		} else {
			res.Answers++
		}
	}
	return res, nil
}

// takenNames returns every username and e-mail address in use.
func takenNames(ctx context.Context, st *store.Store) (map[string]bool, error) {
	var rows []struct {
		Username string
		Email    *string
	}
	if err := st.DB.WithContext(ctx).Model(&store.User{}).Select("username", "email").Find(&rows).Error; err != nil {
		return nil, err
	}
	taken := make(map[string]bool, 2*len(rows))
	for _, u := range rows {
		taken[u.Username] = true
		if u.Email != nil {
			taken[*u.Email] = true
		}
	}
	return taken, nil
}

// ensureTags creates the plan's tags that do not exist yet and returns the id
// of every vocabulary tag the plan uses, and how many it created.
func ensureTags(ctx context.Context, st *store.Store, p *plan) (map[int16]int64, int, error) {
	names := make([]string, 0, len(p.tagFirst))
	rows := make([]store.Tag, 0, len(p.tagFirst))
	for vi, first := range p.tagFirst {
		names = append(names, vocab[vi].Name)
		rows = append(rows, store.Tag{Name: vocab[vi].Name, CreatedAt: time.UnixMicro(first).UTC()})
	}
	db := st.DB.WithContext(ctx)
	var before int64
	if err := db.Model(&store.Tag{}).Where("name IN ?", names).Count(&before).Error; err != nil {
		return nil, 0, err
	}
	if len(rows) > 0 {
		if err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}}, DoNothing: true}).
			Create(&rows).Error; err != nil {
			return nil, 0, err
		}
	}
	var got []store.Tag
	if err := db.Select("id", "name").Where("name IN ?", names).Find(&got).Error; err != nil {
		return nil, 0, err
	}
	ids := make(map[int16]int64, len(got))
	for _, t := range got {
		ids[vocabIndex[t.Name]] = t.ID
	}
	if len(ids) != len(names) {
		return nil, 0, errors.New("some tags were not created")
	}
	return ids, len(names) - int(before), nil
}
