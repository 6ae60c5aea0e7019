package deflection

import (
	"context"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
)

// SessionView is a session and the suggestions for its latest search
// (none for a holdout session).
type SessionView struct {
	Session     *Session
	Suggestions []engine.Item
}

// Start opens a help session with the problem as its first search. The
// holdout is drawn here, once, and stored with the session.
func (s *Service) Start(ctx context.Context, who Who, query string) (*SessionView, error) {
	query = strings.TrimSpace(query)
	var f errs.Fields
	checkQuery(&f, "query", query)
	if err := f.Err(); err != nil {
		return nil, err
	}
	items, results := s.suggest(ctx, query)
	holdout := s.Settings.Holdout > 0 && s.Rand != nil && s.Rand() < s.Settings.Holdout
	now := s.now()
	sess := &Session{Visitor: who.Visitor, UserID: who.userID(), SupportTeam: who.SupportTeam(), Source: SourceHelp, Query: query, LastQuery: query,
		Holdout: holdout, Searches: 1, CreatedAt: now, LastEventAt: now}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		sess.ID = 0
		if err := tx.Create(sess).Error; err != nil {
			return err
		}
		return tx.Create(&Event{SessionID: sess.ID, Type: EventSearch, Query: query, Norm: normalizeProblem(query),
			Results: results, Shown: shownText(shownOf(holdout, items)), CreatedAt: now}).Error
	})
	if err != nil {
		return nil, wrap(err, "start session")
	}
	v := &SessionView{Session: sess}
	if !holdout {
		v.Suggestions = items
	}
	return v, nil
}

// SessionState returns a session the caller owns, without suggestions: for
// the pages that show none (asking, a ticket, the thanks), which so neither
// search nor add to what the session was shown.
func (s *Service) SessionState(ctx context.Context, who Who, id int64) (*Session, error) {
	sess, err := loadSession(s.Store.DB.WithContext(ctx), who, id)
	return sess, wrap(err, "session")
}

// Session returns a session the caller owns with the suggestions for its
// latest search, for a page or an answer that shows them. While the session
// is open, they join what that search showed (the index may find others
// now), so that each can be opened.
func (s *Service) Session(ctx context.Context, who Who, id int64) (*SessionView, error) {
	db := s.Store.DB.WithContext(ctx)
	sess, err := loadSession(db, who, id)
	if err != nil {
		return nil, wrap(err, "session")
	}
	v := &SessionView{Session: sess}
	if !sess.Holdout {
		v.Suggestions, _ = s.suggest(ctx, sess.LastQuery)
	}
	if len(v.Suggestions) > 0 && sess.OpenAt(s.now()) {
		if err := showAgain(db, id, ItemIDs(v.Suggestions)); err != nil {
			return nil, wrap(err, "session")
		}
	}
	return v, nil
}

// shownOf is what a search showed: its suggestions, none in the holdout.
func shownOf(holdout bool, items []engine.Item) []int64 {
	if holdout {
		return nil
	}
	return ItemIDs(items)
}

// Owned returns a session the caller owns, without suggestions; another's
// is not found. A question page opened from a help session (?help=ID) asks
// it, so that an address shared with a colleague offers them no choices
// that lead into someone else's session.
func (s *Service) Owned(ctx context.Context, who Who, id int64) (*Session, error) {
	sess, err := loadSession(s.Store.DB.WithContext(ctx), who, id)
	if err != nil {
		return nil, wrap(err, "session")
	}
	return sess, nil
}

// Viewed is a question a session looked at.
type Viewed struct {
	ID    int64
	Title string
}

// ViewedQuestions lists the distinct live questions a session viewed, in order.
func (s *Service) ViewedQuestions(ctx context.Context, who Who, id int64) ([]Viewed, error) {
	db := s.Store.DB.WithContext(ctx)
	if _, err := loadSession(db, who, id); err != nil {
		return nil, wrap(err, "viewed")
	}
	out, err := viewed(db, id)
	return out, wrap(err, "viewed")
}

func viewed(db *gorm.DB, sessionID int64) ([]Viewed, error) {
	var evs []Event
	if err := db.Where("session_id = ? AND type = ?", sessionID, EventView).Order("id").Find(&evs).Error; err != nil {
		return nil, err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, e := range evs {
		if e.QuestionID != nil && !seen[*e.QuestionID] && len(ids) < maxTicketViews {
			seen[*e.QuestionID] = true
			ids = append(ids, *e.QuestionID)
		}
	}
	if len(ids) == 0 {
		return []Viewed{}, nil
	}
	var ps []store.Post
	if err := db.Select("id", "title").Where("id IN ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL", ids).Find(&ps).Error; err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, p := range ps {
		titles[p.ID] = p.Title
	}
	out := make([]Viewed, 0, len(ids))
	for _, id := range ids {
		if t, ok := titles[id]; ok {
			out = append(out, Viewed{ID: id, Title: t})
		}
	}
	return out, nil
}

// tagSession links a session to a question's tags.
func tagSession(tx *gorm.DB, sessionID int64, tags string) error {
	names := strings.Fields(tags)
	if len(names) == 0 {
		return nil
	}
	rows := make([]SessionTag, len(names))
	for i, n := range names {
		rows[i] = SessionTag{SessionID: sessionID, Tag: n}
	}
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
}
