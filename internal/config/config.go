// Package config reads Stackdesk's settings from STACKDESK_* environment
// variables, validates them once at start, and reports the first bad value in
// one line.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Config holds every setting of a Stackdesk process.
type Config struct {
	DatabaseURL string // postgres://... or sqlite://PATH
	Addr        string // listen address of serve
	IndexDir    string // Bleve index directory
	UploadDir   string // where uploaded images are kept
	UploadMax   int64  // the largest image upload, in bytes
	// ImageHosts are the other sites whose images posts show; any other
	// site's image is a link to it (none: only uploads are shown).
	ImageHosts   []ImageHost
	BaseURL      string        // public URL; https makes cookies Secure
	RequireLogin bool          // every page and API call needs a logged-in user
	SignupClosed bool          // only administrators create accounts (STACKDESK_SIGNUP=closed)
	DevAssets    string        // serve templates and static files from this repo dir (development)
	BcryptCost   int           // password hashing cost
	SessionTTL   time.Duration // idle lifetime of a web session
	// SessionMaxAge is the absolute lifetime of a web session: past it
	// the session ends however active it was, and its user logs in again.
	SessionMaxAge time.Duration
	LogFormat     string  // text or json
	LogLevel      string  // debug, info, warn, error
	MaxBodyBytes  int64   // request body limit
	WriteRate     float64 // sustained writes per minute per user or address
	WriteBurst    int     // burst of writes allowed above the rate
	SearchRate    float64 // searches (pages and API) per minute per user or address; 0: no limit
	SearchBurst   int     // burst of searches allowed above the rate
	LoginRate     float64 // log-in attempts per minute per client address
	LoginBurst    int     // burst of log-in attempts
	FlagsPerDay   int     // flags one person raises in 24 hours
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; none: the client is the connection's peer, whatever
	// headers it sends (limits per address could be dodged otherwise).
	TrustedProxies []*net.IPNet

	Reputation Reputation
	NewMembers NewMembers
	Deflection Deflection
	Experts    Experts
	Notify     Notify
}

// Deflection holds the settings of the Get-help flow, the hotline hand-off and the dashboard.
type Deflection struct {
	IdleTimeout   time.Duration // a help session without an outcome is abandoned after this idle time
	Holdout       float64       // share of help sessions (0 to 0.5) shown no suggestions
	TicketCost    float64       // what one hotline ticket costs
	Currency      string        // shown after amounts (e.g. EUR); empty shows none
	CommunityCost float64       // a community-handled question's cost relative to a ticket (0 to 1)

	WebhookURL    string        // tickets are POSTed here as signed JSON; empty lists them on /tickets only
	WebhookSecret string        // HMAC-SHA256 key of the signature header
	MaxAttempts   int           // delivery attempts before a delivery is marked failed
	RetryBase     time.Duration // first retry delay; doubles with each attempt (capped at 6h)
	MessageGap    time.Duration // least time between the employee's messages on one ticket; 0: none

	SMTPAddr     string // host:port of the SMTP server for ticket e-mails; empty sends none
	SMTPUser     string
	SMTPPassword string
	EmailFrom    string
	EmailTo      string // the hotline's mailbox
}

// NewMembers holds the throttles on members new to the site: below a
// reputation, and not staff, they ask so many questions in a window and
// leave a gap between their answers and between their comments, so that a
// new account cannot flood the site. Established members, whose posts others
// have voted up, never meet them.
type NewMembers struct {
	Below          int           // a member with less reputation is new; 0: nobody is
	Questions      int           // questions a new member asks within QuestionWindow; 0: no limit
	QuestionWindow time.Duration // the rolling window Questions counts in
	AnswerGap      time.Duration // least time between a new member's answers; 0: none
	CommentGap     time.Duration // least time between a new member's comments; 0: none
}

// Reputation holds the reputation rules and privilege thresholds.
type Reputation struct {
	QuestionUpvote  int // to the question's author
	AnswerUpvote    int // to the answer's author
	Accepted        int // to the accepted answer's author
	Accepter        int // to the question author who accepts (not for self-answers)
	Downvoted       int // to a downvoted post's author (negative)
	DownvoterAnswer int // to whoever downvotes an answer (negative)
	Solved          int // to an answer's author when a searcher marks it solved their problem
	EditApproved    int // to whoever suggested an edit that a reviewer approved
	DailyCap        int // most reputation a user gains from votes per UTC day

	VoteUp     int // reputation needed to vote up
	VoteDown   int // reputation needed to vote down
	EditOthers int // reputation needed to edit others' posts directly
	VoteClose  int // reputation needed to vote to close questions

	TagBadgeScore   [3]int // total answer score in a tag for bronze, silver, gold
	TagBadgeAnswers [3]int // answers in the tag needed alongside that score
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		DatabaseURL:   "sqlite://./data/stackdesk.db",
		Addr:          "127.0.0.1:8080",
		IndexDir:      "./search-index",
		UploadDir:     "./data/uploads",
		UploadMax:     4 << 20,
		BcryptCost:    10,
		SessionTTL:    30 * 24 * time.Hour,
		SessionMaxAge: 30 * 24 * time.Hour,
		LogFormat:     "text",
		LogLevel:      "info",
		MaxBodyBytes:  1 << 20,
		WriteRate:     60,
		WriteBurst:    30,
		SearchRate:    120,
		SearchBurst:   60,
		LoginRate:     10,
		LoginBurst:    10,
		FlagsPerDay:   10,
		Reputation: Reputation{
			QuestionUpvote: 10, AnswerUpvote: 10, Accepted: 15, Accepter: 2,
			Downvoted: -2, DownvoterAnswer: -1, Solved: 5, EditApproved: 2, DailyCap: 200,
			VoteUp: 15, VoteDown: 50, EditOthers: 500, VoteClose: 750,
			TagBadgeScore: [3]int{100, 400, 1000}, TagBadgeAnswers: [3]int{20, 80, 200},
		},
		NewMembers: NewMembers{Below: 10, Questions: 5, QuestionWindow: 24 * time.Hour,
			AnswerGap: time.Minute, CommentGap: 30 * time.Second},
		Experts: defaultExperts(),
		Notify:  defaultNotify(),
		Deflection: Deflection{
			IdleTimeout: 30 * time.Minute, Holdout: 0, TicketCost: 20, CommunityCost: 0.15,
			MaxAttempts: 12, RetryBase: 30 * time.Second, MessageGap: 30 * time.Second,
		},
	}
}

// Load returns the defaults overridden by the environment, as read by getenv.
func Load(getenv func(string) string) (Config, error) {
	c := Defaults()
	p := parser{getenv: getenv}
	p.str("STACKDESK_DATABASE_URL", &c.DatabaseURL)
	p.str("STACKDESK_ADDR", &c.Addr)
	p.str("STACKDESK_INDEX_DIR", &c.IndexDir)
	p.str("STACKDESK_UPLOAD_DIR", &c.UploadDir)
	p.int64("STACKDESK_UPLOAD_MAX_BYTES", &c.UploadMax, 64<<10, 32<<20)
	p.imageHosts("STACKDESK_IMAGE_HOSTS", &c.ImageHosts)
	p.str("STACKDESK_BASE_URL", &c.BaseURL)
	p.boolean("STACKDESK_REQUIRE_LOGIN", &c.RequireLogin)
	if v, ok := p.lookup("STACKDESK_SIGNUP"); ok {
		switch v {
		case "open", "closed":
			c.SignupClosed = v == "closed"
		default:
			p.fail("STACKDESK_SIGNUP", v, "open or closed")
		}
	}
	p.str("STACKDESK_DEV_ASSETS", &c.DevAssets)
	p.integer("STACKDESK_BCRYPT_COST", &c.BcryptCost, 4, 16)
	p.duration("STACKDESK_SESSION_TTL", &c.SessionTTL)
	p.duration("STACKDESK_SESSION_MAX_AGE", &c.SessionMaxAge)
	if _, set := p.lookup("STACKDESK_SESSION_MAX_AGE"); !set && c.SessionTTL > c.SessionMaxAge {
		// A site that keeps idle sessions longer than the default maximum
		// age (set before there was one) is not cut short by the default.
		c.SessionMaxAge = c.SessionTTL
	}
	p.str("STACKDESK_LOG_FORMAT", &c.LogFormat)
	p.str("STACKDESK_LOG_LEVEL", &c.LogLevel)
	p.int64("STACKDESK_MAX_BODY_BYTES", &c.MaxBodyBytes, 1024, 64<<20)
	p.float("STACKDESK_WRITE_RATE", &c.WriteRate)
	p.integer("STACKDESK_WRITE_BURST", &c.WriteBurst, 1, 100000)
	p.float("STACKDESK_SEARCH_RATE", &c.SearchRate)
	p.integer("STACKDESK_SEARCH_BURST", &c.SearchBurst, 1, 100000)
	p.float("STACKDESK_LOGIN_RATE", &c.LoginRate)
	p.integer("STACKDESK_LOGIN_BURST", &c.LoginBurst, 1, 100000)
	p.integer("STACKDESK_FLAGS_PER_DAY", &c.FlagsPerDay, 1, 100000)
	p.networks("STACKDESK_TRUSTED_PROXIES", &c.TrustedProxies)
	r := &c.Reputation
	p.integer("STACKDESK_REP_QUESTION_UPVOTE", &r.QuestionUpvote, 0, 1000)
	p.integer("STACKDESK_REP_ANSWER_UPVOTE", &r.AnswerUpvote, 0, 1000)
	p.integer("STACKDESK_REP_ACCEPTED", &r.Accepted, 0, 1000)
	p.integer("STACKDESK_REP_ACCEPTER", &r.Accepter, 0, 1000)
	p.integer("STACKDESK_REP_DOWNVOTED", &r.Downvoted, -1000, 0)
	p.integer("STACKDESK_REP_DOWNVOTER_ANSWER", &r.DownvoterAnswer, -1000, 0)
	p.integer("STACKDESK_REP_SOLVED", &r.Solved, 0, 1000)
	p.integer("STACKDESK_REP_EDIT_APPROVED", &r.EditApproved, 0, 1000)
	p.integer("STACKDESK_REP_DAILY_CAP", &r.DailyCap, 0, 1000000)
	p.integer("STACKDESK_PRIV_VOTE_UP", &r.VoteUp, 0, 1000000)
	p.integer("STACKDESK_PRIV_VOTE_DOWN", &r.VoteDown, 0, 1000000)
	p.integer("STACKDESK_PRIV_EDIT_OTHERS", &r.EditOthers, 0, 1000000)
	p.integer("STACKDESK_PRIV_VOTE_CLOSE", &r.VoteClose, 0, 1000000)
	p.triple("STACKDESK_TAG_BADGE_SCORE", &r.TagBadgeScore)
	p.triple("STACKDESK_TAG_BADGE_ANSWERS", &r.TagBadgeAnswers)
	n := &c.NewMembers
	p.integer("STACKDESK_NEW_MEMBER_REP", &n.Below, 0, 1000000)
	p.integer("STACKDESK_NEW_MEMBER_QUESTIONS", &n.Questions, 0, 10000)
	p.duration("STACKDESK_NEW_MEMBER_QUESTION_WINDOW", &n.QuestionWindow)
	p.duration("STACKDESK_NEW_MEMBER_ANSWER_GAP", &n.AnswerGap)
	p.duration("STACKDESK_NEW_MEMBER_COMMENT_GAP", &n.CommentGap)
	d := &c.Deflection
	p.duration("STACKDESK_HELP_IDLE_TIMEOUT", &d.IdleTimeout)
	p.float("STACKDESK_HELP_HOLDOUT", &d.Holdout)
	p.float("STACKDESK_TICKET_COST", &d.TicketCost)
	p.str("STACKDESK_CURRENCY", &d.Currency)
	p.float("STACKDESK_COMMUNITY_RELATIVE_COST", &d.CommunityCost)
	p.str("STACKDESK_HOTLINE_WEBHOOK_URL", &d.WebhookURL)
	p.str("STACKDESK_HOTLINE_WEBHOOK_SECRET", &d.WebhookSecret)
	p.integer("STACKDESK_HOTLINE_MAX_ATTEMPTS", &d.MaxAttempts, 1, 100)
	p.duration("STACKDESK_HOTLINE_RETRY_BASE", &d.RetryBase)
	p.duration("STACKDESK_TICKET_MESSAGE_GAP", &d.MessageGap)
	p.str("STACKDESK_HOTLINE_SMTP_ADDR", &d.SMTPAddr)
	p.str("STACKDESK_HOTLINE_SMTP_USER", &d.SMTPUser)
	p.str("STACKDESK_HOTLINE_SMTP_PASSWORD", &d.SMTPPassword)
	p.str("STACKDESK_HOTLINE_EMAIL_FROM", &d.EmailFrom)
	p.str("STACKDESK_HOTLINE_EMAIL_TO", &d.EmailTo)
	p.loadExperts(&c)
	if p.err != nil {
		return c, p.err
	}
	return c, c.Validate()
}

// Validate checks values that depend on each other or on their format.
func (c Config) Validate() error {
	if _, _, err := SplitDatabaseURL(c.DatabaseURL); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("STACKDESK_ADDR=%q: want host:port", c.Addr)
	}
	if strings.TrimSpace(c.IndexDir) == "" {
		return fmt.Errorf("STACKDESK_INDEX_DIR is empty")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("STACKDESK_BASE_URL=%q: want an http or https URL", c.BaseURL)
		}
	}
	if c.DevAssets != "" {
		for _, sub := range []string{"templates", "static"} {
			if fi, err := os.Stat(filepath.Join(c.DevAssets, sub)); err != nil || !fi.IsDir() {
				return fmt.Errorf("STACKDESK_DEV_ASSETS=%q: want a checkout of Stackdesk (with templates/ and static/)", c.DevAssets)
			}
		}
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("STACKDESK_LOG_FORMAT=%q: want text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("STACKDESK_LOG_LEVEL=%q: want debug, info, warn or error", c.LogLevel)
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("STACKDESK_SESSION_TTL=%s: want at least 1m", c.SessionTTL)
	}
	if c.SessionMaxAge < time.Minute {
		return fmt.Errorf("STACKDESK_SESSION_MAX_AGE=%s: want at least 1m", c.SessionMaxAge)
	}
	if c.SearchRate < 0 {
		return fmt.Errorf("STACKDESK_SEARCH_RATE=%v: want 0 (no limit) or a positive number", c.SearchRate)
	}
	if c.WriteRate <= 0 {
		return fmt.Errorf("STACKDESK_WRITE_RATE=%v: want a positive number", c.WriteRate)
	}
	if c.LoginRate <= 0 {
		return fmt.Errorf("STACKDESK_LOGIN_RATE=%v: want a positive number", c.LoginRate)
	}
	if err := c.validateExperts(); err != nil {
		return err
	}
	if err := c.NewMembers.validate(); err != nil {
		return err
	}
	return c.Deflection.validate()
}

// validate checks the throttles on new members: windows and gaps of a
// second to a week (0 turns a gap off; the number of questions, 0 too).
func (n NewMembers) validate() error {
	for _, d := range []struct {
		key  string
		v    time.Duration
		zero bool
	}{
		{"STACKDESK_NEW_MEMBER_QUESTION_WINDOW", n.QuestionWindow, false},
		{"STACKDESK_NEW_MEMBER_ANSWER_GAP", n.AnswerGap, true},
		{"STACKDESK_NEW_MEMBER_COMMENT_GAP", n.CommentGap, true},
	} {
		if d.zero && d.v == 0 {
			continue
		}
		if d.v < time.Second || d.v > 7*24*time.Hour {
			want := "a duration from 1s to 168h, e.g. 24h"
			if d.zero {
				want = "0 (no gap) or a duration from 1s to 168h, e.g. 1m"
			}
			return fmt.Errorf("%s=%s: want %s", d.key, d.v, want)
		}
	}
	return nil
}

// MinWebhookSecret is the shortest hotline webhook secret accepted, in
// bytes: as long as the HMAC-SHA256 key it signs with should be.
const MinWebhookSecret = 32

// validate checks the deflection settings.
func (d Deflection) validate() error {
	if d.IdleTimeout < time.Minute {
		return fmt.Errorf("STACKDESK_HELP_IDLE_TIMEOUT=%s: want at least 1m", d.IdleTimeout)
	}
	if d.Holdout < 0 || d.Holdout > 0.5 {
		return fmt.Errorf("STACKDESK_HELP_HOLDOUT=%v: want a share from 0 to 0.5, e.g. 0.05", d.Holdout)
	}
	if utf8.RuneCountInString(d.Currency) > 5 {
		return fmt.Errorf("STACKDESK_CURRENCY=%q: want a short unit such as EUR or €", d.Currency)
	}
	if d.TicketCost < 0 {
		return fmt.Errorf("STACKDESK_TICKET_COST=%v: want a number of at least 0", d.TicketCost)
	}
	if d.CommunityCost < 0 || d.CommunityCost > 1 {
		return fmt.Errorf("STACKDESK_COMMUNITY_RELATIVE_COST=%v: want a share from 0 to 1, e.g. 0.15", d.CommunityCost)
	}
	if d.WebhookSecret != "" && len(d.WebhookSecret) < MinWebhookSecret {
		// A short key can be guessed offline from one signed request, and
		// then anyone can send the hotline tickets it believes are ours.
		return fmt.Errorf("STACKDESK_HOTLINE_WEBHOOK_SECRET is %d bytes long: want at least %d (e.g. the output of openssl rand -hex 32)",
			len(d.WebhookSecret), MinWebhookSecret)
	}
	if d.WebhookURL != "" {
		u, err := url.Parse(d.WebhookURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// Not the value itself: its path or query commonly holds the
			// webhook's key, and start-up errors go to logs.
			return fmt.Errorf("STACKDESK_HOTLINE_WEBHOOK_URL is not an http or https URL with a host (its value is not shown: it may hold the webhook's key)")
		}
		if d.WebhookSecret == "" {
			return fmt.Errorf("STACKDESK_HOTLINE_WEBHOOK_SECRET is empty: the webhook's requests must be signed")
		}
	}
	if d.RetryBase < time.Second {
		return fmt.Errorf("STACKDESK_HOTLINE_RETRY_BASE=%s: want at least 1s", d.RetryBase)
	}
	if d.MessageGap != 0 && (d.MessageGap < time.Second || d.MessageGap > 7*24*time.Hour) {
		return fmt.Errorf("STACKDESK_TICKET_MESSAGE_GAP=%s: want 0 (no gap) or a duration from 1s to 168h, e.g. 30s", d.MessageGap)
	}
	if d.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(d.SMTPAddr); err != nil {
			return fmt.Errorf("STACKDESK_HOTLINE_SMTP_ADDR=%q: want host:port", d.SMTPAddr)
		}
		if !strings.Contains(d.EmailFrom, "@") || !strings.Contains(d.EmailTo, "@") {
			return fmt.Errorf("STACKDESK_HOTLINE_EMAIL_FROM and STACKDESK_HOTLINE_EMAIL_TO: want e-mail addresses when STACKDESK_HOTLINE_SMTP_ADDR is set")
		}
	}
	return nil
}

// SessionCookieAge is how long a browser keeps the session cookie: the
// absolute lifetime, the longest a session can live. The cookie is set once,
// at log-in, so it must outlive a session that each use moves on (the idle
// lifetime is the server's to enforce); a cookie kept past its session's
// end only leads to the log-in page.
func (c Config) SessionCookieAge() time.Duration { return c.SessionMaxAge }

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// SplitDatabaseURL returns the driver ("postgres" or "sqlite") and the DSN to open.
func SplitDatabaseURL(raw string) (driver, dsn string, err error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return "", "", fmt.Errorf("STACKDESK_DATABASE_URL: %v", err)
		}
		return "postgres", raw, nil
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		if path == "" {
			return "", "", fmt.Errorf("STACKDESK_DATABASE_URL=%q: sqlite:// needs a file path", raw)
		}
		return "sqlite", path, nil
	}
	return "", "", fmt.Errorf("STACKDESK_DATABASE_URL=%q: want postgres://... or sqlite://PATH", raw)
}

type parser struct {
	getenv func(string) string
	err    error
}

func (p *parser) lookup(key string) (string, bool) {
	if p.err != nil {
		return "", false
	}
	v := strings.TrimSpace(p.getenv(key))
	return v, v != ""
}

func (p *parser) fail(key, v, want string) {
	p.err = fmt.Errorf("%s=%q: want %s", key, v, want)
}

func (p *parser) str(key string, dst *string) {
	if v, ok := p.lookup(key); ok {
		*dst = v
	}
}

// networks reads a comma-separated list of addresses and CIDR ranges.
func (p *parser) networks(key string, dst *[]*net.IPNet) {
	v, ok := p.lookup(key)
	if !ok {
		return
	}
	var out []*net.IPNet
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue // a trailing comma
		}
		if !strings.Contains(f, "/") {
			if ip := net.ParseIP(f); ip != nil {
				bits := 8 * len(ip)
				if ip.To4() != nil {
					ip, bits = ip.To4(), 32
				}
				out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
				continue
			}
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			p.fail(key, f, "IP addresses or CIDR ranges, separated by commas")
			return
		}
		out = append(out, n)
	}
	*dst = out
}

func (p *parser) boolean(key string, dst *bool) {
	if v, ok := p.lookup(key); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			p.fail(key, v, "true or false")
			return
		}
		*dst = b
	}
}

func (p *parser) integer(key string, dst *int, lo, hi int) {
	if v, ok := p.lookup(key); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			p.fail(key, v, fmt.Sprintf("a whole number from %d to %d", lo, hi))
			return
		}
		*dst = n
	}
}

func (p *parser) int64(key string, dst *int64, lo, hi int64) {
	if v, ok := p.lookup(key); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			p.fail(key, v, fmt.Sprintf("a whole number from %d to %d", lo, hi))
			return
		}
		*dst = n
	}
}

// triple reads three ascending whole numbers such as "100,400,1000".
func (p *parser) triple(key string, dst *[3]int) {
	v, ok := p.lookup(key)
	if !ok {
		return
	}
	parts := strings.Split(v, ",")
	var out [3]int
	if len(parts) != 3 {
		p.fail(key, v, "three ascending numbers such as 100,400,1000")
		return
	}
	for i, s := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || (i > 0 && n < out[i-1]) {
			p.fail(key, v, "three ascending numbers such as 100,400,1000")
			return
		}
		out[i] = n
	}
	*dst = out
}

func (p *parser) float(key string, dst *float64) {
	if v, ok := p.lookup(key); ok {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			p.fail(key, v, "a number")
			return
		}
		*dst = f
	}
}

func (p *parser) duration(key string, dst *time.Duration) {
	if v, ok := p.lookup(key); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			p.fail(key, v, "a duration such as 30m or 720h")
			return
		}
		*dst = d
	}
}
