package seed

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// ErrNotEmpty is returned by Demo when the database already has questions.
var ErrNotEmpty = errors.New("seed: the database already has questions; the demo site is only seeded into an empty one")

// DemoDeps are the services Demo writes through.
type DemoDeps struct {
	Auth  *auth.Service
	QA    *qa.Service
	Store *store.Store
	Rep   *reputation.Service // accepts answers and casts the demo's votes
	Help  *deflection.Service // replays help sessions for the dashboard; nil skips them
	Now   func() time.Time    // the demo's "now"; time.Now when nil
}

// DemoResult counts what Demo created.
type DemoResult struct {
	Users     int
	Reused    []string // demo usernames that existed already and kept their password
	Questions int
	Answers   int
	Comments  int
	Accepted  int
	Edits     int
}

// IsEmpty reports whether the database has no questions (not even deleted ones).
func IsEmpty(ctx context.Context, st *store.Store) (bool, error) {
	var ids []int64
	err := st.DB.WithContext(ctx).Model(&store.Post{}).Where(store.TypeIs("type", store.PostQuestion)).Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	return len(ids) == 0, nil
}

// Demo seeds a living demo site: the DemoLogins accounts and about thirty
// support questions in English and German with answers, comments, accepted
// answers and an edit, dated over the past two months. Everything goes
// through the auth and qa services. It refuses (ErrNotEmpty) when the
// database already has questions.
func Demo(ctx context.Context, d DemoDeps) (*DemoResult, error) {
	empty, err := IsEmpty(ctx, d.Store)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, ErrNotEmpty
	}
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	run := &demoRun{d: d, now: now().UTC(), users: map[string]*store.User{}, posts: map[string]int64{}, res: &DemoResult{}}
	if err := run.createUsers(ctx); err != nil {
		return nil, err
	}
	events := run.events()
	for _, e := range events {
		if err := e.do(ctx, run.qaAt(e.at)); err != nil {
			return nil, fmt.Errorf("seed: demo: %s: %w", e.what, err)
		}
	}
	if err := run.helpSessions(ctx); err != nil {
		return nil, err
	}
	if err := run.views(ctx); err != nil {
		return nil, err
	}
	return run.res, nil
}

// views gives each demo question the views a month of colleagues would have
// left: more for older, answered and well-voted questions.
func (r *demoRun) views(ctx context.Context) error {
	var qs []store.Post
	err := r.d.Store.DB.WithContext(ctx).Select("id", "score", "answer_count", "created_at").
		Where(store.TypeIs("type", store.PostQuestion)).Find(&qs).Error
	if err != nil {
		return fmt.Errorf("seed: demo views: %w", err)
	}
	return r.d.Store.Tx(ctx, func(tx *gorm.DB) error {
		for _, q := range qs {
			days := int(r.now.Sub(q.CreatedAt).Hours() / 24)
			n := 3 + 2*days + 6*q.AnswerCount + 9*max(q.Score, 0) + int(q.ID%7)
			if err := tx.Exec("INSERT INTO view_counts (post_id, views) VALUES (?, ?)", q.ID, n).Error; err != nil {
				return fmt.Errorf("seed: demo views: %w", err)
			}
		}
		return nil
	})
}

// demoRun is one Demo call in progress.
type demoRun struct {
	d     DemoDeps
	now   time.Time
	users map[string]*store.User
	posts map[string]int64 // question key, or key/answer number, → post id
	res   *DemoResult
}

// qaAt returns a copy of the qa service whose clock reads at.
func (r *demoRun) qaAt(at time.Time) *qa.Service {
	s := *r.d.QA
	s.Now = func() time.Time { return at }
	s.NewMembers = config.NewMembers{} // the demo's people write a site's past, not a flood
	return &s
}

func (r *demoRun) createUsers(ctx context.Context) error {
	for i, u := range demoUsers {
		at := r.now.Add(-75*24*time.Hour + time.Duration(i)*37*time.Minute)
		as := &auth.Service{Store: r.d.Auth.Store, Now: func() time.Time { return at }, BcryptCost: r.d.Auth.BcryptCost,
			SessionTTL: r.d.Auth.SessionTTL} // the service with its clock at the user's sign-up
		user, err := as.CreateUser(ctx, auth.SignUp{Username: u.Username, Email: u.Email, Password: u.Password, DisplayName: u.Display}, u.Role)
		if e := errs.As(err); err != nil && e.Code == errs.Conflict {
			var existing store.User
			if err := r.d.Store.DB.WithContext(ctx).Where("username = ?", u.Username).Take(&existing).Error; err != nil {
				return fmt.Errorf("seed: demo user %s: %w", u.Username, err)
			}
			r.users[u.Username] = &existing
			r.res.Reused = append(r.res.Reused, u.Username)
			continue
		}
		if err != nil {
			return fmt.Errorf("seed: demo user %s: %w", u.Username, err)
		}
		if u.Language != "" {
			if err := as.SetLanguage(ctx, user.ID, u.Language); err != nil {
				return err
			}
			user.Language = u.Language
		}
		if u.About != "" {
			if err := r.d.Store.DB.WithContext(ctx).Model(user).Update("about", u.About).Error; err != nil {
				return fmt.Errorf("seed: demo user %s: %w", u.Username, err)
			}
		}
		r.users[u.Username] = user
		r.res.Users++
	}
	return nil
}

// demoEvent is one write of the demo, done with the clock at at.
type demoEvent struct {
	at   time.Time
	what string
	do   func(ctx context.Context, qs *qa.Service) error
}

// events lists every write of the demo in time order.
func (r *demoRun) events() []demoEvent {
	var evs []demoEvent
	latest := r.now.Add(-time.Minute)
	add := func(at time.Time, what string, do func(ctx context.Context, qs *qa.Service) error) {
		if at.After(latest) {
			at = latest
		}
		evs = append(evs, demoEvent{at: at, what: what, do: do})
	}
	for _, q := range demoQuestions {
		q := q
		qAt := r.now.Add(-time.Duration(q.DaysAgo * float64(24*time.Hour)))
		add(qAt, "ask "+q.Key, func(ctx context.Context, qs *qa.Service) error {
			p, err := qs.Ask(ctx, r.users[q.Author], qa.QuestionInput{Title: q.Title, Body: q.Body, Tags: q.Tags})
			if err == nil {
				r.posts[q.Key] = p.ID
				r.res.Questions++
			}
			return err
		})
		r.comments(add, q.Key, qAt, q.Comments)
		if q.Edit != nil {
			e := q.Edit
			add(qAt.Add(e.After), "edit "+q.Key, func(ctx context.Context, qs *qa.Service) error {
				in := qa.EditInput{Comment: e.Comment, Tags: e.Tags}
				if e.Body != "" {
					in.Body = &e.Body
				}
				if e.Title != "" {
					in.Title = &e.Title
				}
				_, err := qs.Edit(ctx, r.users[q.Author], r.posts[q.Key], in)
				if err == nil {
					r.res.Edits++
				}
				return err
			})
		}
		for i, a := range q.Answers {
			key := fmt.Sprintf("%s/%d", q.Key, i+1)
			a := a
			aAt := qAt.Add(a.After)
			add(aAt, "answer "+key, func(ctx context.Context, qs *qa.Service) error {
				p, err := qs.Answer(ctx, r.users[a.Author], r.posts[q.Key], a.Body)
				if err == nil {
					r.posts[key] = p.ID
					r.res.Answers++
				}
				return err
			})
			r.comments(add, key, aAt, a.Comments)
			if a.Accepted {
				add(aAt.Add(3*time.Hour+17*time.Minute), "accept "+key, func(ctx context.Context, qs *qa.Service) error {
					err := r.accept(ctx, qs, r.users[q.Author], r.posts[q.Key], r.posts[key])
					if err == nil {
						r.res.Accepted++
					}
					return err
				})
			}
		}
	}
	slices.SortStableFunc(evs, func(a, b demoEvent) int { return a.at.Compare(b.at) })
	return evs
}

func (r *demoRun) comments(add func(time.Time, string, func(context.Context, *qa.Service) error), key string, parentAt time.Time, cs []demoComment) {
	for i, c := range cs {
		c := c
		add(parentAt.Add(c.After), fmt.Sprintf("comment %d on %s", i+1, key), func(ctx context.Context, qs *qa.Service) error {
			_, err := qs.AddComment(ctx, r.users[c.Author], r.posts[key], c.Body)
			if err == nil {
				r.res.Comments++
			}
			return err
		})
	}
}

// accept marks an answer accepted through the reputation rules, at the
// event's time, and has a few colleagues vote the answer and the question up,
// so that scores, reputation and badges come alive.
func (r *demoRun) accept(ctx context.Context, qs *qa.Service, actor *store.User, questionID, answerID int64) error {
	rep := *r.d.Rep
	rep.Now = qs.Now
	// The demo's colleagues stand for an established site: their votes
	// need no reputation, however new the demo's accounts are.
	rep.Rules.VoteUp = 0
	if _, err := rep.Accept(ctx, actor, answerID); err != nil {
		return err
	}
	voters := 0
	for _, l := range DemoLogins {
		u := r.users[l.Username]
		if u == nil || u.ID == actor.ID || voters >= 1+int(answerID%3) {
			continue
		}
		if _, err := rep.Vote(ctx, u, answerID, 1); errs.Is(err, errs.Forbidden) {
			continue // the answer's author: no self-votes
		} else if err != nil {
			return err
		}
		if voters%2 == 0 {
			if _, err := rep.Vote(ctx, u, questionID, 1); err != nil {
				return err
			}
		}
		voters++
	}
	return nil
}
