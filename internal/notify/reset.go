package notify

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// ResetIssuer issues the password links people ask for (auth.Service).
type ResetIssuer interface {
	// RequestPasswordReset returns a nil user when no link is to be sent.
	RequestPasswordReset(ctx context.Context, login string) (*store.User, string, time.Time, error)
	DropPasswordLink(ctx context.Context, secret string) error
}

// resetQueue is how many requests may wait; more are dropped (the person
// can ask again).
const resetQueue = 64

// Resets e-mails the password links people ask for on the "forgot your
// password?" page. A request waits in a short queue for the one goroutine
// that looks the account up, issues the link and sends it, so the page
// answers at once and alike whether or not the account exists.
type Resets struct {
	Mailer *Mailer
	Issuer ResetIssuer
	queue  chan string
	limit  *rate.Limiter // requests taken site-wide, so that nobody keeps the queue full
	moved  chan addressChange

	mu       sync.Mutex
	queued   map[string]bool          // logins waiting in the queue: one wait per login
	byClient map[string]*rate.Limiter // requests taken per client address
}

// Requests taken site-wide: resetRate a minute, resetBurst at once; and
// from one client address: clientBurst at once, then one each clientEvery,
// so that a few clients cannot use up the site's budget. (An account gets
// a link at most once in 15 minutes however often it is asked for: see
// auth.RequestPasswordReset.)
const (
	resetRate   = 300
	resetBurst  = 100
	clientBurst = 10
	clientEvery = 2 * time.Minute
	// clientKeys bounds the clients tracked; beyond it, those with their
	// whole budget back are dropped.
	clientKeys = 10000
)

// NewResets builds the queue; Run works it.
func NewResets(m *Mailer, issuer ResetIssuer) *Resets {
	return &Resets{Mailer: m, Issuer: issuer, queue: make(chan string, resetQueue),
		limit: rate.NewLimiter(rate.Limit(resetRate/60.0), resetBurst), queued: map[string]bool{},
		byClient: map[string]*rate.Limiter{}, moved: make(chan addressChange, resetQueue)}
}

// ResetWait is when a client refused by Ask may ask again (Retry-After).
const ResetWait = 3 * time.Minute

// client returns the budget of a client address (r.mu held).
func (r *Resets) client(addr string) *rate.Limiter {
	l := r.byClient[addr]
	if l == nil {
		if len(r.byClient) >= clientKeys {
			for k, old := range r.byClient {
				if old.Tokens() >= clientBurst {
					delete(r.byClient, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(clientEvery), clientBurst)
		r.byClient[addr] = l
	}
	return l
}

// addressChange is a user whose e-mail address changed, and the old address.
type addressChange struct {
	user store.User
	old  string
}

// EmailChanged tells the old address that the account's address changed,
// so that its owner learns of a change they did not make. It only queues
// the message (one attempt; a full queue drops it, with a warning).
func (r *Resets) EmailChanged(u *store.User, old string) {
	select {
	case r.moved <- addressChange{user: *u, old: old}:
	default:
		r.Mailer.log().Warn("address change notice dropped: queue full", "user", u.ID)
	}
}

// Ask queues a request, from the client address client, for the account
// with this username or e-mail address. A login already waiting is not
// queued twice. It refuses (errs.RateLimited) a client that asked too often
// (forgot.too_many), and everyone when the site takes no more requests just
// now (forgot.busy); neither says anything about any account.
func (r *Resets) Ask(login, client string) error {
	login = strings.ToLower(strings.TrimSpace(login))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.queued[login] {
		return nil
	}
	busy := errs.E(errs.RateLimited, "forgot.busy", "Many people are asking for password links just now. Please try again in a few minutes.")
	if r.limit.Tokens() < 1 {
		return busy
	}
	if !r.client(client).Allow() {
		return errs.E(errs.RateLimited, "forgot.too_many", "You have asked for many password links just now. Please try again in a few minutes.")
	}
	r.limit.Allow()
	select {
	case r.queue <- login:
		r.queued[login] = true
		return nil
	default:
		r.Mailer.log().Warn("password reset queue full: request refused")
		return busy
	}
}

// Run handles requests until ctx ends.
func (r *Resets) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case login := <-r.queue:
			r.mu.Lock()
			delete(r.queued, login)
			r.mu.Unlock()
			if err := r.handle(ctx, login); err != nil && ctx.Err() == nil {
				r.Mailer.log().Warn("password reset e-mail", "err", err)
			}
		case ch := <-r.moved:
			if err := r.Mailer.send(ch.old, r.Mailer.composeEmailChanged(&ch.user, ch.old)); err != nil {
				r.Mailer.log().Warn("address change e-mail", "user", ch.user.ID, "err", err)
			}
		}
	}
}

// handle issues and sends one link; a link whose e-mail fails is dropped.
func (r *Resets) handle(ctx context.Context, login string) error {
	u, secret, expires, err := r.Issuer.RequestPasswordReset(ctx, login)
	if err != nil || u == nil {
		return err
	}
	if err := r.Mailer.send(*u.Email, r.Mailer.composeReset(u, secret, expires)); err != nil {
		if derr := r.Issuer.DropPasswordLink(ctx, secret); derr != nil {
			return fmt.Errorf("send to user %d: %w (and the link stays: %v)", u.ID, err, derr)
		}
		return fmt.Errorf("send to user %d: %w", u.ID, err)
	}
	r.Mailer.log().Info("password reset e-mail sent", "user", u.ID)
	return nil
}

// composeReset writes the e-mail that carries a password link.
func (m *Mailer) composeReset(u *store.User, secret string, expires time.Time) []byte {
	lang, now := MailLang(u), m.Now().UTC()
	var body strings.Builder
	body.WriteString(m.T(lang, "email.greeting", "Name", u.DisplayName) + "\n\n")
	body.WriteString(m.T(lang, "email.reset_intro", "Username", u.Username) + "\n\n")
	body.WriteString("  " + m.link("/password/"+secret) + "\n\n")
	body.WriteString(m.T(lang, "email.reset_expires", "Minutes", int(expires.Sub(now).Round(time.Minute).Minutes())) + "\n\n")
	body.WriteString(m.T(lang, "email.reset_ignore") + "\n")
	return m.write(u, m.T(lang, "email.reset_subject"), fmt.Sprintf("reset-%d-%d", u.ID, now.UnixNano()), now, body.String())
}

// composeEmailChanged writes the e-mail that tells the old address of a
// change of address: to the old address, naming the new one only in part.
func (m *Mailer) composeEmailChanged(u *store.User, old string) []byte {
	lang, now := MailLang(u), m.Now().UTC()
	var body strings.Builder
	body.WriteString(m.T(lang, "email.greeting", "Name", u.DisplayName) + "\n\n")
	body.WriteString(m.T(lang, "email.moved_intro", "Username", u.Username, "Address", maskAddress(*u.Email)) + "\n\n")
	body.WriteString(m.T(lang, "email.moved_not_you") + "\n\n")
	body.WriteString("  " + m.link("/settings") + "\n")
	to := *u
	to.Email = &old
	return m.write(&to, m.T(lang, "email.moved_subject"), fmt.Sprintf("moved-%d-%d", u.ID, now.UnixNano()), now, body.String())
}

// maskAddress shows enough of an address to recognise it and not enough to
// learn it: "a***@example.com".
func maskAddress(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return "***"
	}
	r := []rune(addr[:at])
	return string(r[0]) + "***" + addr[at:]
}
