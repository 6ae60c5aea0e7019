package deflection

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
)

// SiteSearch records a search made on the site's search page as a help
// session (source "search"), so that every search, not only the ones that
// end solved, counts: it continues the visitor's open search session id
// when there is one, else it opens a new one. results is how many questions
// the search found, shown the ids of those on the page shown (at most a
// page: its results open through the session, and only those). Showing the
// same query again (another page of results, another order) adds no
// search: its page joins what the search showed. Site-search sessions are
// never in the holdout: the search page always shows its results.
func (s *Service) SiteSearch(ctx context.Context, who Who, id int64, query string, results int, shown []int64) (*Session, error) {
	query = strings.TrimSpace(query)
	var f errs.Fields
	checkQuery(&f, "q", query)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if id > 0 {
		sess, err := loadSession(s.Store.DB.WithContext(ctx), who, id)
		switch {
		case err == nil && sess.OpenAt(s.now()) && sess.Source == SourceSearch:
			again, err := s.searchAgain(ctx, sess, query, results, shown)
			if !errs.Is(err, errs.Conflict) { // else it ended meanwhile
				return again, err
			}
		case err != nil && !errs.Is(err, errs.NotFound):
			return nil, wrap(err, "site search")
		}
		// Ended, foreign or a Get-help session: not that one.
	}
	// The searcher's latest open search session, else a new one.
	if recent, err := s.recentSearch(ctx, who); err != nil {
		return nil, wrap(err, "site search")
	} else if recent > 0 && recent != id {
		sess, err := loadSession(s.Store.DB.WithContext(ctx), who, recent)
		if err != nil {
			return nil, wrap(err, "site search")
		}
		again, err := s.searchAgain(ctx, sess, query, results, shown)
		if !errs.Is(err, errs.Conflict) { // else it ended meanwhile
			return again, err
		}
	}
	now := s.now()
	sess := &Session{Visitor: who.Visitor, UserID: who.userID(), SupportTeam: who.SupportTeam(), Source: SourceSearch, Query: query, LastQuery: query,
		Searches: 1, CreatedAt: now, LastEventAt: now}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(sess).Error; err != nil {
			return err
		}
		return tx.Create(&Event{SessionID: sess.ID, Type: EventSearch, Query: query, Norm: normalize(query),
			Results: &results, Shown: shownText(shown), CreatedAt: now}).Error
	})
	if err != nil {
		return nil, wrap(err, "site search")
	}
	return sess, nil
}

// recentSearch finds the caller's latest site-search session that is open
// and was active within the idle timeout (0 for none): a reload, a tag
// facet, the way back from a result or a new query in the header continue
// it rather than count another person needing help.
func (s *Service) recentSearch(ctx context.Context, who Who) (int64, error) {
	q := s.Store.DB.WithContext(ctx).Model(&Session{}).Select("id").
		Where("outcome IS NULL AND source = ? AND last_event_at >= ?", SourceSearch, s.now().Add(-s.Settings.IdleTimeout))
	switch {
	case who.User != nil:
		q = q.Where("user_id = ?", who.User.ID)
	case who.Visitor != "":
		q = q.Where("user_id IS NULL AND visitor = ?", who.Visitor)
	default:
		return 0, nil
	}
	var ids []int64
	err := q.Order("last_event_at DESC").Limit(1).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// searchAgain adds a search to an open site-search session, unless it is
// the query the session last showed: then the page shown joins what that
// search showed.
func (s *Service) searchAgain(ctx context.Context, sess *Session, query string, results int, shown []int64) (*Session, error) {
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		upd := map[string]any{"last_event_at": now}
		if collapse(query) != collapse(sess.LastQuery) {
			ev := &Event{SessionID: sess.ID, Type: EventSearch, Query: query, Norm: normalize(query), Results: &results,
				Shown: shownText(shown), CreatedAt: now}
			if err := addSearch(tx, ev, upd, sess.Source); err != nil {
				return err
			}
		} else if err := showAgain(tx, sess.ID, shown); err != nil {
			return err
		}
		if err := updateOpen(tx, sess.ID, upd, now); err != nil {
			return err
		}
		return tx.Where("id = ?", sess.ID).Take(sess).Error
	})
	if err != nil {
		return nil, wrap(err, "site search")
	}
	return sess, nil
}
