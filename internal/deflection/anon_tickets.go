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
// AnonymousTicketsPerDay at once, then one every day's share of them. A
// ticket takes its place before it is written (so requests sent at once
// cannot all pass) and gives it back when it is not filed after all.
type anonTickets struct {
	mu     sync.Mutex
	byAddr map[string]*anonBudget
}

// anonBudget is what an address may still file: tokens, as of at.
type anonBudget struct {
	tokens float64
	at     time.Time
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

// reserve takes a ticket's place for a caller who is not logged in, or
// refuses them when their address filed its day's tickets. The returned
// func gives the place back (for a ticket that was not filed after all); it
// does nothing for a caller not counted: logged in, or naming no address
// (the demo seed).
func (a *anonTickets) reserve(who Who, now time.Time) (release func(), err error) {
	if who.User != nil || who.Client == "" {
		return func() {}, nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	b := a.budget(who.Client, now)
	if b.tokens < 1 {
		return nil, errs.E(errs.RateLimited, "help.ticket_too_many",
			"{{.Max}} tickets were sent from here today without logging in: log in to send yours, or call the hotline.",
			"Max", AnonymousTicketsPerDay)
	}
	b.tokens--
	var once sync.Once
	return func() {
		once.Do(func() {
			a.mu.Lock()
			defer a.mu.Unlock()
			if b := a.byAddr[who.Client]; b != nil {
				b.tokens = min(AnonymousTicketsPerDay, b.tokens+1)
			}
		})
	}, nil
}
