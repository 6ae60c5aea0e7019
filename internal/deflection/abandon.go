package deflection

import "context"

// AbandonIdle ends every open session idle for longer than the idle timeout
// as abandoned, in one statement, and returns how many it ended.
func (s *Service) AbandonIdle(ctx context.Context) (int64, error) {
	now := s.now()
	res := s.Store.DB.WithContext(ctx).Model(&Session{}).
		Where("outcome IS NULL AND last_event_at < ?", now.Add(-s.Settings.IdleTimeout)).
		Updates(map[string]any{"outcome": OutcomeAbandoned, "outcome_at": now})
	if res.Error != nil {
		return 0, wrap(res.Error, "abandon idle sessions")
	}
	return res.RowsAffected, nil
}
