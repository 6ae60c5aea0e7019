package experts

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// PageCacheTTL is how long the expert lists that pages show on every visit
// (a tag page's top experts, the directory's front page) are reused. SME and
// profile changes made through this process clear them at once; the API,
// the directory's searches and routing always rank afresh.
const PageCacheTTL = time.Minute

type pageCache struct {
	mu sync.Mutex
	m  map[string]cached
}

type cached struct {
	at time.Time
	v  any
}

// remember returns the value under key when younger than PageCacheTTL, else fills it.
func (s *Service) remember(key string, fill func() (any, error)) (any, error) {
	now := s.now()
	s.cache.mu.Lock()
	c, ok := s.cache.m[key]
	s.cache.mu.Unlock()
	if ok && now.Sub(c.at) < PageCacheTTL && !now.Before(c.at) {
		return c.v, nil
	}
	v, err := fill()
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if s.cache.m == nil {
		s.cache.m = map[string]cached{}
	}
	s.cache.m[key] = cached{at: now, v: v}
	s.cache.mu.Unlock()
	return v, nil
}

// Forget clears the page cache after a change that shows on every page,
// such as an account's deactivation.
func (s *Service) Forget() { s.forget() }

// forget clears the page cache after a change that shows on every page.
func (s *Service) forget() {
	s.cache.mu.Lock()
	s.cache.m = nil
	s.cache.mu.Unlock()
}

// Top returns a tag's n best experts for its page; see PageCacheTTL.
func (s *Service) Top(ctx context.Context, tag string, n int) ([]Expert, error) {
	v, err := s.remember(fmt.Sprintf("top\x00%s\x00%d", tag, n), func() (any, error) {
		l, err := s.ForTag(ctx, tag, 1, n)
		if err != nil {
			return nil, err
		}
		return l.Items, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]Expert), nil
}
