package config

import (
	"fmt"
	"net"
	"strings"
	"time"
)

// Experts holds the settings of the expert directory and question routing.
type Experts struct {
	HalfLifeDays int           // recency weighting: an answer this many days old counts half
	RouteCount   int           // top experts a new question is routed to, besides its tags' SMEs
	RouteAfter   time.Duration // a question still unanswered after this goes to the next experts; 0 never
}

// Notify holds the settings of notification e-mail.
type Notify struct {
	SMTPAddr     string // host:port of the SMTP server; empty sends no notification e-mail
	SMTPUser     string // optional; PLAIN auth needs TLS (STARTTLS) or a localhost server
	SMTPPassword string
	EmailFrom    string        // sender address
	DefaultMode  string        // off, immediate or daily for users who chose nothing
	DigestHour   int           // UTC hour of the day at which daily digests go out
	Interval     time.Duration // how often the mailer looks for due e-mail
}

// Notification e-mail modes a user can choose.
const (
	EmailOff       = "off"
	EmailImmediate = "immediate"
	EmailDaily     = "daily"
)

// EmailModes lists the e-mail modes in the order settings show them.
var EmailModes = []string{EmailImmediate, EmailDaily, EmailOff}

// Enabled reports whether notification e-mail is configured.
func (n Notify) Enabled() bool { return n.SMTPAddr != "" }

func defaultExperts() Experts {
	return Experts{HalfLifeDays: 180, RouteCount: 3, RouteAfter: 24 * time.Hour}
}

func defaultNotify() Notify {
	return Notify{DefaultMode: EmailDaily, DigestHour: 7, Interval: time.Minute}
}

// loadExperts reads the expert and notification settings.
func (p *parser) loadExperts(c *Config) {
	e := &c.Experts
	p.integer("STACKDESK_EXPERT_HALF_LIFE_DAYS", &e.HalfLifeDays, 1, 3650)
	p.integer("STACKDESK_ROUTE_EXPERTS", &e.RouteCount, 0, 50)
	p.duration("STACKDESK_ROUTE_AFTER", &e.RouteAfter)
	n := &c.Notify
	p.str("STACKDESK_SMTP_ADDR", &n.SMTPAddr)
	p.str("STACKDESK_SMTP_USER", &n.SMTPUser)
	p.str("STACKDESK_SMTP_PASSWORD", &n.SMTPPassword)
	p.str("STACKDESK_EMAIL_FROM", &n.EmailFrom)
	p.str("STACKDESK_EMAIL_DEFAULT", &n.DefaultMode)
	p.integer("STACKDESK_EMAIL_DIGEST_HOUR", &n.DigestHour, 0, 23)
	p.duration("STACKDESK_EMAIL_INTERVAL", &n.Interval)
}

// validateExperts checks the expert and notification settings.
func (c Config) validateExperts() error {
	if c.Experts.RouteAfter != 0 && c.Experts.RouteAfter < time.Minute {
		return fmt.Errorf("STACKDESK_ROUTE_AFTER=%s: want 0 (never) or at least 1m", c.Experts.RouteAfter)
	}
	n := c.Notify
	switch n.DefaultMode {
	case EmailOff, EmailImmediate, EmailDaily:
	default:
		return fmt.Errorf("STACKDESK_EMAIL_DEFAULT=%q: want off, immediate or daily", n.DefaultMode)
	}
	if n.Interval < time.Second {
		return fmt.Errorf("STACKDESK_EMAIL_INTERVAL=%s: want at least 1s", n.Interval)
	}
	if n.SMTPAddr == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(n.SMTPAddr); err != nil {
		return fmt.Errorf("STACKDESK_SMTP_ADDR=%q: want host:port", n.SMTPAddr)
	}
	if !strings.Contains(n.EmailFrom, "@") {
		return fmt.Errorf("STACKDESK_EMAIL_FROM=%q: want an e-mail address when STACKDESK_SMTP_ADDR is set", n.EmailFrom)
	}
	if c.BaseURL == "" {
		return fmt.Errorf("STACKDESK_BASE_URL is empty: e-mails need it for their links when STACKDESK_SMTP_ADDR is set")
	}
	return nil
}
