package deflection

import (
	"sync"
	"time"

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
	byAddr map[string]*anonBudget
	locks  map[string]*anonLock
}

// anonBudget is what an address may still file: tokens, as of at.
type anonBudget struct {
	tokens float64
	at     time.Time
}

// anonLock is an address's turn to file a ticket, with the number of
// requests holding or awaiting it.
type anonLock struct {
	mu      sync.Mutex
	holders int
}

// anonEvery is how long an address waits for one more ticket.
const anonEvery = 24 * time.Hour / AnonymousTicketsPerDay

// refill brings the budget up to now.
func (b *anonBudget) refill(now time.Time) {
	if now.After(b.at) {
		b.tokens = min(AnonymousTicketsPerDay, b.tokens+float64(now.Sub(b.at))/float64(anonEvery))
		b.at = now
	}
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

// budget is the address's budget, made full when it has none; a.mu held.
func (a *anonTickets) budget(addr string, now time.Time) *anonBudget {
	if a.byAddr == nil {
		a.byAddr = map[string]*anonBudget{}
	}
	b := a.byAddr[addr]
	if b == nil {
		if len(a.byAddr) >= anonKeys {
			for k, old := range a.byAddr {
				if old.refill(now); old.tokens >= AnonymousTicketsPerDay {
					delete(a.byAddr, k)
				}
			}
		}
		b = &anonBudget{tokens: AnonymousTicketsPerDay, at: now}
		a.byAddr[addr] = b
	}
	b.refill(now)
	return b
}

// check refuses an address that filed its day's tickets.
func (a *anonTickets) check(addr string, now time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.budget(addr, now).tokens >= 1 {
		return nil
	}
	return errs.E(errs.RateLimited, "help.ticket_too_many",
		"{{.Max}} tickets were sent from here today without logging in: log in to send yours, or call the hotline.",
		"Max", AnonymousTicketsPerDay)
}

// filed counts a ticket the address filed.
func (a *anonTickets) filed(addr string, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.budget(addr, now).tokens--
}
