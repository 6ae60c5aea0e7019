package auth

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"stackdesk/internal/errs"
)

// FailureWait is how long a client that took too many failed log-ins of an
// account waits for its next try (Retry-After).
const FailureWait = failureEvery

// Failed log-ins are counted twice. Per account and client address: a
// client takes failureBurst at once, then one each failureEvery, and past
// that is refused for the account, even the right password, while the
// account's owner elsewhere still logs in. Per account, whatever the
// address: accountBurst at once, then one each accountEvery; past that the
// account is not locked, but every log-in to it (the right password too)
// waits SlowLogIn, one at a time, so guesses spread over many addresses
// stay few and the owner still gets in.
const (
	failureBurst = 10
	failureEvery = 3 * time.Minute
	accountBurst = 10 * failureBurst
	accountEvery = failureEvery / 10
	// failureKeys bounds the keys tracked; beyond it, those with no
	// failure left to recover from are dropped.
	failureKeys = 20000
)

// SlowLogIn is how long each log-in to an account that took more failed
// log-ins than its budget allows waits, when the Service sets no other.
const SlowLogIn = 2 * time.Second

type clientKey struct{}

// WithClient returns ctx naming the client address a request comes from,
// by which failed log-ins are counted.
func WithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

func client(ctx context.Context) string {
	addr, _ := ctx.Value(clientKey{}).(string)
	return addr
}

// bucket is the failures of one key; turn lets one log-in at a time through
// to an account over its budget.
type bucket struct {
	lim  *rate.Limiter
	turn chan struct{}
}

// failures counts failed log-ins per account and client address, and per
// account (or per unknown login, so that the limit says nothing about
// which accounts exist). It lives in the process: several processes each
// keep their own count.
type failures struct {
	mu    sync.Mutex
	byKey map[string]*bucket
}

// get returns key's bucket, creating it with the given budget.
func (f *failures) get(key string, every time.Duration, burst int) *bucket {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byKey == nil {
		f.byKey = map[string]*bucket{}
	}
	b := f.byKey[key]
	if b == nil {
		if len(f.byKey) >= failureKeys {
			for k, old := range f.byKey {
				if old.lim.Tokens() >= float64(old.lim.Burst()) {
					delete(f.byKey, k)
				}
			}
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(every), burst), turn: make(chan struct{}, 1)}
		f.byKey[key] = b
	}
	return b
}

func (f *failures) pair(account, addr string) *bucket {
	return f.get("pair:"+account+"\x00"+addr, failureEvery, failureBurst)
}

func (f *failures) account(account string) *bucket {
	return f.get("account:"+account, accountEvery, accountBurst)
}

func errTooManyFailures() error {
	return errs.E(errs.RateLimited, "auth.too_many_failures",
		"Too many failed log-ins for this account from here: try again in a few minutes.")
}

// enter is called before a password of account is checked for the client
// of ctx. It refuses a client with no failed log-in of the account left;
// for an account over its budget it waits its turn and then slow. The
// caller calls done with whether the password was wrong.
func (f *failures) enter(ctx context.Context, account string, slow time.Duration) (done func(failed bool), err error) {
	addr := client(ctx)
	pair, acct := f.pair(account, addr), f.account(account)
	if pair.lim.Tokens() < 1 {
		return nil, errTooManyFailures()
	}
	count := func(failed bool) {
		if failed {
			pair.lim.Allow()
			acct.lim.Allow()
		}
	}
	if acct.lim.Tokens() >= 1 {
		return count, nil
	}
	if slow <= 0 {
		slow = SlowLogIn
	}
	select {
	case acct.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, errTooManyFailures()
	}
	t := time.NewTimer(slow)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		<-acct.turn
		return nil, errTooManyFailures()
	}
	return func(failed bool) {
		count(failed)
		<-acct.turn
	}, nil
}
