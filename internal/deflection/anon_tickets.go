package deflection

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"stackdesk/internal/errs"
)

// AnonymousTicketsPerDay is how many tickets one client address files a
// day without logging in: a visitor id is a cookie anyone can drop, so the
// address counts. Logged-in employees are not limited by it. Each process
// keeps its own count.
const AnonymousTicketsPerDay = 10

// anonKeys bounds the addresses tracked; beyond it, those with their whole
// budget back are dropped.
const anonKeys = 10000

// anonInit guards making a Service's anonTickets, which copies of the
// Service (as the demo seed makes) then share.
var anonInit sync.Mutex

func (s *Service) anon() *anonTickets {
	anonInit.Lock()
	defer anonInit.Unlock()
	if s.anonTickets == nil {
		s.anonTickets = &anonTickets{}
	}
	return s.anonTickets
}

// anonTickets counts tickets filed without logging in, per client address:
// AnonymousTicketsPerDay at once, then one every day's share of them. One
// address files one ticket at a time (see lock), so tickets sent at once
// cannot all pass the count, and a ticket sent twice at once is filed once.
type anonTickets struct {
	mu     sync.Mutex
	byAddr map[string]*rate.Limiter
	locks  map[string]*anonLock
}

// anonLock is an address's turn to file a ticket, with the number of
// requests holding or awaiting it.
type anonLock struct {
	mu      sync.Mutex
	holders int
}

// counted reports whether who's tickets count: not logged in, and naming
// an address (the demo seed names none).
func counted(who Who) bool { return who.User == nil && who.Client != "" }

// lock waits for the address's turn to file a ticket and returns the func
// that ends it.
func (a *anonTickets) lock(addr string) (unlock func()) {
	a.mu.Lock()
	if a.locks == nil {
		a.locks = map[string]*anonLock{}
	}
	l := a.locks[addr]
	if l == nil {
		l = &anonLock{}
		a.locks[addr] = l
	}
	l.holders++
	a.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		a.mu.Lock()
		defer a.mu.Unlock()
		if l.holders--; l.holders == 0 {
			delete(a.locks, addr)
		}
	}
}

// limiter is the address's budget, full when it has none yet.
func (a *anonTickets) limiter(addr string, now time.Time) *rate.Limiter {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byAddr == nil {
		a.byAddr = map[string]*rate.Limiter{}
	}
	l := a.byAddr[addr]
	if l == nil {
		if len(a.byAddr) >= anonKeys {
			for k, old := range a.byAddr {
				if old.TokensAt(now) >= AnonymousTicketsPerDay {
					delete(a.byAddr, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(24*time.Hour/AnonymousTicketsPerDay), AnonymousTicketsPerDay)
		a.byAddr[addr] = l
	}
	return l
}

// check refuses an address that filed its day's tickets; the caller holds
// the address's turn.
func (a *anonTickets) check(addr string, now time.Time) error {
	if a.limiter(addr, now).TokensAt(now) >= 1 {
		return nil
	}
	return errs.E(errs.RateLimited, "help.ticket_too_many",
		"{{.Max}} tickets were sent from here today without logging in: log in to send yours, or call the hotline.",
		"Max", AnonymousTicketsPerDay)
}

// filed counts a ticket the address filed; the caller holds its turn.
func (a *anonTickets) filed(addr string, now time.Time) {
	a.limiter(addr, now).AllowN(now, 1)
}
