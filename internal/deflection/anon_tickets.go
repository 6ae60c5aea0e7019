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
// AnonymousTicketsPerDay at once, then one every day's share of them.
type anonTickets struct {
	mu   sync.Mutex
	byIP map[string]*rate.Limiter
}

func (a *anonTickets) limiter(addr string) *rate.Limiter {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byIP == nil {
		a.byIP = map[string]*rate.Limiter{}
	}
	l := a.byIP[addr]
	if l == nil {
		if len(a.byIP) >= anonKeys {
			for k, old := range a.byIP {
				if old.Tokens() >= AnonymousTicketsPerDay {
					delete(a.byIP, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(24*time.Hour/AnonymousTicketsPerDay), AnonymousTicketsPerDay)
		a.byIP[addr] = l
	}
	return l
}

// check refuses a caller who is not logged in and whose address filed its
// day's tickets. A caller that names no address (the demo seed) is not
// counted.
func (a *anonTickets) check(who Who) error {
	if who.User != nil || who.Client == "" || a.limiter(who.Client).Tokens() >= 1 {
		return nil
	}
	return errs.E(errs.RateLimited, "help.ticket_too_many",
		"{{.Max}} tickets were sent from here today without logging in: log in to send yours, or call the hotline.",
		"Max", AnonymousTicketsPerDay)
}

// filed counts a ticket filed by who.
func (a *anonTickets) filed(who Who) {
	if who.User == nil && who.Client != "" {
		a.limiter(who.Client).Allow()
	}
}
