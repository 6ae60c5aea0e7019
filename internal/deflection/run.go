package deflection

import (
	"context"
	"time"
)

// Run does the background work of one serving process until ctx ends:
// sending due deliveries every few seconds and abandoning idle sessions
// every minute.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	lastAbandon := time.Time{}
	for {
		if _, err := s.RunDeliveries(ctx); err != nil && ctx.Err() == nil {
			s.log().Warn("hotline deliveries", "err", err)
		}
		if time.Since(lastAbandon) >= time.Minute {
			lastAbandon = time.Now()
			if n, err := s.AbandonIdle(ctx); err != nil && ctx.Err() == nil {
				s.log().Warn("abandon idle help sessions", "err", err)
			} else if n > 0 {
				s.log().Info("abandoned idle help sessions", "count", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
