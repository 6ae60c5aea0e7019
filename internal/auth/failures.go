package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// FailureWait is how long an account that took too many failed log-ins
// waits for its next try (Retry-After).
const FailureWait = failureEvery

// Failed log-ins an account takes: failureBurst at once, then one each
// failureEvery. Limits per client address do not stop guesses spread over
// many addresses; this does, per account, whatever the address.
const (
	failureBurst = 10
	failureEvery = 3 * time.Minute
	// failureKeys bounds the accounts tracked; beyond it, those with no
	// failure left to recover from are dropped.
	failureKeys = 10000
)

// failures counts failed log-ins per account (or per unknown login, so that
// the limit says nothing about which accounts exist). It lives in the
// process: several processes each keep their own count.
type failures struct {
	mu   sync.Mutex
	byID map[string]*rate.Limiter
}

// limiter returns key's bucket, creating it.
func (f *failures) limiter(key string) *rate.Limiter {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byID == nil {
		f.byID = map[string]*rate.Limiter{}
	}
	l := f.byID[key]
	if l == nil {
		if len(f.byID) >= failureKeys {
			for k, old := range f.byID {
				if old.Tokens() >= failureBurst {
					delete(f.byID, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(failureEvery), failureBurst)
		f.byID[key] = l
	}
	return l
}

// blocked reports whether key has no failed log-in left for now.
func (f *failures) blocked(key string) bool { return f.limiter(key).Tokens() < 1 }

// failed counts one failed log-in of key.
func (f *failures) failed(key string) { f.limiter(key).Allow() }
