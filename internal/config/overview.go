package config

import (
	"net"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Version names the build: set at link time (-ldflags "-X
// stackdesk/internal/config.Version=v1.2.0"), else the commit Go recorded,
// else "dev".
var Version = ""

// BuildVersion is Version, or what the build says of itself.
func BuildVersion() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			return rev + "-dirty"
		}
		if rev != "" {
			return rev
		}
	}
	return "dev"
}

// Setting is one effective setting as administrators read it on the site
// settings page and in the API.
type Setting struct {
	Key   string `json:"key"`   // stable name within its group, e.g. "signup"
	Env   string `json:"env"`   // the environment variable that changes it; "" for what none does
	Value string `json:"value"` // the effective value; a secret's is SecretSet or SecretNotSet
	// Secret: the value is only whether one is set, never the secret (a
	// password, a signing key, an address that may hold credentials).
	Secret bool `json:"secret,omitempty"`
}

// SettingGroup is a group of settings, such as the rate limits.
type SettingGroup struct {
	Key      string    `json:"key"`
	Settings []Setting `json:"settings"`
}

// What a secret setting shows.
const (
	SecretSet    = "set"
	SecretNotSet = "not set"
)

// Overview lists the effective settings administrators need to read:
// the site and build, sessions, mail, the hotline hand-off and its costs,
// limits, new members' throttles, reputation, expert routing, uploads and
// search. Secrets (SMTP passwords, the webhook's address and key,
// the database URL) are shown only as set or not set.
func (c Config) Overview() []SettingGroup {
	dialect, _, _ := SplitDatabaseURL(c.DatabaseURL)
	d, n, r, nm, e := c.Deflection, c.Notify, c.Reputation, c.NewMembers, c.Experts
	signup := "open"
	if c.SignupClosed {
		signup = "closed"
	}
	return []SettingGroup{
		{Key: "site", Settings: []Setting{
			{Key: "version", Value: BuildVersion()},
			{Key: "database", Env: "STACKDESK_DATABASE_URL", Value: dialect},
			{Key: "base_url", Env: "STACKDESK_BASE_URL", Value: c.BaseURL},
			{Key: "signup", Env: "STACKDESK_SIGNUP", Value: signup},
			{Key: "require_login", Env: "STACKDESK_REQUIRE_LOGIN", Value: strconv.FormatBool(c.RequireLogin)},
			{Key: "addr", Env: "STACKDESK_ADDR", Value: c.Addr},
			{Key: "log_format", Env: "STACKDESK_LOG_FORMAT", Value: c.LogFormat},
			{Key: "log_level", Env: "STACKDESK_LOG_LEVEL", Value: c.LogLevel},
			{Key: "bcrypt_cost", Env: "STACKDESK_BCRYPT_COST", Value: strconv.Itoa(c.BcryptCost)},
		}},
		{Key: "sessions", Settings: []Setting{
			{Key: "idle", Env: "STACKDESK_SESSION_TTL", Value: duration(c.SessionTTL)},
			{Key: "max_age", Env: "STACKDESK_SESSION_MAX_AGE", Value: duration(c.SessionMaxAge)},
		}},
		{Key: "mail", Settings: []Setting{
			secret("smtp", "STACKDESK_SMTP_ADDR", n.SMTPAddr),
			secret("smtp_user", "STACKDESK_SMTP_USER", n.SMTPUser),
			secret("smtp_password", "STACKDESK_SMTP_PASSWORD", n.SMTPPassword),
			{Key: "from", Env: "STACKDESK_EMAIL_FROM", Value: n.EmailFrom},
			{Key: "default_mode", Env: "STACKDESK_EMAIL_DEFAULT", Value: n.DefaultMode},
			{Key: "digest_hour", Env: "STACKDESK_EMAIL_DIGEST_HOUR", Value: strconv.Itoa(n.DigestHour)},
			{Key: "interval", Env: "STACKDESK_EMAIL_INTERVAL", Value: duration(n.Interval)},
		}},
		{Key: "hotline", Settings: []Setting{
			{Key: "holdout", Env: "STACKDESK_HELP_HOLDOUT", Value: strconv.FormatFloat(d.Holdout, 'f', -1, 64)},
			{Key: "idle_timeout", Env: "STACKDESK_HELP_IDLE_TIMEOUT", Value: duration(d.IdleTimeout)},
			{Key: "ticket_cost", Env: "STACKDESK_TICKET_COST", Value: number(d.TicketCost)},
			{Key: "currency", Env: "STACKDESK_CURRENCY", Value: d.Currency},
			{Key: "community_cost", Env: "STACKDESK_COMMUNITY_RELATIVE_COST", Value: number(d.CommunityCost)},
			secret("webhook", "STACKDESK_HOTLINE_WEBHOOK_URL", d.WebhookURL),
			secret("webhook_secret", "STACKDESK_HOTLINE_WEBHOOK_SECRET", d.WebhookSecret),
			{Key: "max_attempts", Env: "STACKDESK_HOTLINE_MAX_ATTEMPTS", Value: strconv.Itoa(d.MaxAttempts)},
			{Key: "retry_base", Env: "STACKDESK_HOTLINE_RETRY_BASE", Value: duration(d.RetryBase)},
			{Key: "message_gap", Env: "STACKDESK_TICKET_MESSAGE_GAP", Value: duration(d.MessageGap)},
			secret("smtp", "STACKDESK_HOTLINE_SMTP_ADDR", d.SMTPAddr),
			secret("smtp_user", "STACKDESK_HOTLINE_SMTP_USER", d.SMTPUser),
			secret("smtp_password", "STACKDESK_HOTLINE_SMTP_PASSWORD", d.SMTPPassword),
			{Key: "from", Env: "STACKDESK_HOTLINE_EMAIL_FROM", Value: d.EmailFrom},
			{Key: "to", Env: "STACKDESK_HOTLINE_EMAIL_TO", Value: d.EmailTo},
		}},
		{Key: "limits", Settings: []Setting{
			{Key: "write_rate", Env: "STACKDESK_WRITE_RATE", Value: number(c.WriteRate)},
			{Key: "write_burst", Env: "STACKDESK_WRITE_BURST", Value: strconv.Itoa(c.WriteBurst)},
			{Key: "search_rate", Env: "STACKDESK_SEARCH_RATE", Value: number(c.SearchRate)},
			{Key: "search_burst", Env: "STACKDESK_SEARCH_BURST", Value: strconv.Itoa(c.SearchBurst)},
			{Key: "login_rate", Env: "STACKDESK_LOGIN_RATE", Value: number(c.LoginRate)},
			{Key: "login_burst", Env: "STACKDESK_LOGIN_BURST", Value: strconv.Itoa(c.LoginBurst)},
			{Key: "flags_per_day", Env: "STACKDESK_FLAGS_PER_DAY", Value: strconv.Itoa(c.FlagsPerDay)},
			{Key: "max_body", Env: "STACKDESK_MAX_BODY_BYTES", Value: strconv.FormatInt(c.MaxBodyBytes, 10)},
			{Key: "trusted_proxies", Env: "STACKDESK_TRUSTED_PROXIES", Value: networks(c.TrustedProxies)},
		}},
		{Key: "new_members", Settings: []Setting{
			{Key: "rep", Env: "STACKDESK_NEW_MEMBER_REP", Value: strconv.Itoa(nm.Below)},
			{Key: "questions", Env: "STACKDESK_NEW_MEMBER_QUESTIONS", Value: strconv.Itoa(nm.Questions)},
			{Key: "question_window", Env: "STACKDESK_NEW_MEMBER_QUESTION_WINDOW", Value: duration(nm.QuestionWindow)},
			{Key: "answer_gap", Env: "STACKDESK_NEW_MEMBER_ANSWER_GAP", Value: duration(nm.AnswerGap)},
			{Key: "comment_gap", Env: "STACKDESK_NEW_MEMBER_COMMENT_GAP", Value: duration(nm.CommentGap)},
		}},
		{Key: "reputation", Settings: []Setting{
			{Key: "question_upvote", Env: "STACKDESK_REP_QUESTION_UPVOTE", Value: strconv.Itoa(r.QuestionUpvote)},
			{Key: "answer_upvote", Env: "STACKDESK_REP_ANSWER_UPVOTE", Value: strconv.Itoa(r.AnswerUpvote)},
			{Key: "accepted", Env: "STACKDESK_REP_ACCEPTED", Value: strconv.Itoa(r.Accepted)},
			{Key: "accepter", Env: "STACKDESK_REP_ACCEPTER", Value: strconv.Itoa(r.Accepter)},
			{Key: "downvoted", Env: "STACKDESK_REP_DOWNVOTED", Value: strconv.Itoa(r.Downvoted)},
			{Key: "downvoter_answer", Env: "STACKDESK_REP_DOWNVOTER_ANSWER", Value: strconv.Itoa(r.DownvoterAnswer)},
			{Key: "solved", Env: "STACKDESK_REP_SOLVED", Value: strconv.Itoa(r.Solved)},
			{Key: "edit_approved", Env: "STACKDESK_REP_EDIT_APPROVED", Value: strconv.Itoa(r.EditApproved)},
			{Key: "daily_cap", Env: "STACKDESK_REP_DAILY_CAP", Value: strconv.Itoa(r.DailyCap)},
			{Key: "vote_up", Env: "STACKDESK_PRIV_VOTE_UP", Value: strconv.Itoa(r.VoteUp)},
			{Key: "vote_down", Env: "STACKDESK_PRIV_VOTE_DOWN", Value: strconv.Itoa(r.VoteDown)},
			{Key: "edit_others", Env: "STACKDESK_PRIV_EDIT_OTHERS", Value: strconv.Itoa(r.EditOthers)},
			{Key: "vote_close", Env: "STACKDESK_PRIV_VOTE_CLOSE", Value: strconv.Itoa(r.VoteClose)},
			{Key: "tag_badge_score", Env: "STACKDESK_TAG_BADGE_SCORE", Value: triple(r.TagBadgeScore)},
			{Key: "tag_badge_answers", Env: "STACKDESK_TAG_BADGE_ANSWERS", Value: triple(r.TagBadgeAnswers)},
		}},
		{Key: "experts", Settings: []Setting{
			{Key: "half_life_days", Env: "STACKDESK_EXPERT_HALF_LIFE_DAYS", Value: strconv.Itoa(e.HalfLifeDays)},
			{Key: "route_count", Env: "STACKDESK_ROUTE_EXPERTS", Value: strconv.Itoa(e.RouteCount)},
			{Key: "route_after", Env: "STACKDESK_ROUTE_AFTER", Value: duration(e.RouteAfter)},
		}},
		{Key: "uploads", Settings: []Setting{
			{Key: "max", Env: "STACKDESK_UPLOAD_MAX_BYTES", Value: strconv.FormatInt(c.UploadMax, 10)},
			{Key: "dir", Env: "STACKDESK_UPLOAD_DIR", Value: c.UploadDir},
			{Key: "image_hosts", Env: "STACKDESK_IMAGE_HOSTS", Value: imageHostList(c.ImageHosts)},
		}},
		{Key: "search", Settings: []Setting{
			{Key: "index_dir", Env: "STACKDESK_INDEX_DIR", Value: c.IndexDir},
		}},
	}
}

// secret is a setting shown only as set or not set.
func secret(key, env, v string) Setting {
	s := Setting{Key: key, Env: env, Value: SecretNotSet, Secret: true}
	if v != "" {
		s.Value = SecretSet
	}
	return s
}

// duration writes 720h0m0s as 720h and 30m0s as 30m.
func duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// triple writes bronze, silver and gold thresholds as "100,400,1000", as
// the environment variable takes them.
func triple(t [3]int) string {
	return strconv.Itoa(t[0]) + "," + strconv.Itoa(t[1]) + "," + strconv.Itoa(t[2])
}

// networks writes trusted proxies as the environment variable takes them;
// "" for none.
func networks(ns []*net.IPNet) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.String()
	}
	return strings.Join(out, ",")
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
