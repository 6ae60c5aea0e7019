package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite://./data/stackdesk.db" || c.Addr != "127.0.0.1:8080" || c.IndexDir != "./search-index" {
		t.Fatalf("defaults = %+v", c)
	}
	if c.Reputation.VoteUp != 15 || c.Reputation.VoteDown != 50 || c.Reputation.EditOthers != 500 || c.Reputation.DailyCap != 200 {
		t.Fatalf("reputation defaults = %+v", c.Reputation)
	}
}

func TestBadValuesGiveOneLineErrors(t *testing.T) {
	cases := map[string]string{
		"STACKDESK_DATABASE_URL":    "mysql://x",
		"STACKDESK_ADDR":            "8080",
		"STACKDESK_REQUIRE_LOGIN":   "maybe",
		"STACKDESK_BCRYPT_COST":     "99",
		"STACKDESK_SESSION_TTL":     "forever",
		"STACKDESK_SESSION_MAX_AGE": "forever",
		"STACKDESK_BASE_URL":        "ftp://x",
		"STACKDESK_LOG_FORMAT":      "xml",
		"STACKDESK_TAG_BADGE_SCORE": "3,2,1",
		"STACKDESK_TRUSTED_PROXIES": "10.0.0.0/8, proxy.local",
		"STACKDESK_DEV_ASSETS":      "/nonexistent",
		"STACKDESK_SIGNUP":          "invite-only",
		"STACKDESK_PRIV_VOTE_UP":    "-1",
	}
	for k, v := range cases {
		t.Run(k, func(t *testing.T) {
			_, err := Load(env(map[string]string{k: v}))
			if err == nil || !strings.Contains(err.Error(), k) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	c, err := Load(env(map[string]string{
		"STACKDESK_DATABASE_URL": "postgres://u@h/db", "STACKDESK_REQUIRE_LOGIN": "true",
		"STACKDESK_PRIV_VOTE_UP": "20", "STACKDESK_PRIV_VOTE_DOWN": "125", "STACKDESK_TAG_BADGE_SCORE": "10,40,100", "STACKDESK_BASE_URL": "https://help.example.com",
		"STACKDESK_TRUSTED_PROXIES": "10.1.0.0/16, 192.0.2.7,::1,", "STACKDESK_SIGNUP": "closed",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.SignupClosed {
		t.Fatal("STACKDESK_SIGNUP=closed left sign-up open")
	}
	if got := fmt.Sprint(c.TrustedProxies); got != "[10.1.0.0/16 192.0.2.7/32 ::1/128]" {
		t.Fatalf("trusted proxies = %s", got)
	}
	if !c.RequireLogin || c.Reputation.VoteUp != 20 || c.Reputation.VoteDown != 125 || c.Reputation.TagBadgeScore != [3]int{10, 40, 100} || !c.SecureCookies() {
		t.Fatalf("overrides = %+v", c)
	}
}

// TestWebhookSecretLength refuses to start with a hotline webhook secret
// shorter than 32 bytes, whether or not the URL is set yet, naming the
// variable but never the secret; 32 bytes and more start.
func TestWebhookSecretLength(t *testing.T) {
	short := strings.Repeat("k", 31)
	for _, hook := range []string{"", "https://hotline.example.com/tickets"} {
		_, err := Load(env(map[string]string{"STACKDESK_HOTLINE_WEBHOOK_URL": hook, "STACKDESK_HOTLINE_WEBHOOK_SECRET": short}))
		if err == nil || !strings.Contains(err.Error(), "STACKDESK_HOTLINE_WEBHOOK_SECRET") ||
			!strings.Contains(err.Error(), "at least 32") || strings.Contains(err.Error(), short) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("a 31-byte secret (URL %q): err = %v", hook, err)
		}
		for _, ok := range []string{strings.Repeat("k", 32), strings.Repeat("k", 64)} {
			c, err := Load(env(map[string]string{"STACKDESK_HOTLINE_WEBHOOK_URL": hook, "STACKDESK_HOTLINE_WEBHOOK_SECRET": ok}))
			if err != nil || c.Deflection.WebhookSecret != ok {
				t.Fatalf("a %d-byte secret (URL %q): %v", len(ok), hook, err)
			}
		}
	}
	// The URL without a secret is still refused, as before.
	if _, err := Load(env(map[string]string{"STACKDESK_HOTLINE_WEBHOOK_URL": "https://hotline.example.com/tickets"})); err == nil ||
		!strings.Contains(err.Error(), "STACKDESK_HOTLINE_WEBHOOK_SECRET") {
		t.Fatalf("a URL without a secret: %v", err)
	}
	// An address that is no URL is refused without being shown: its query
	// may hold the webhook's key, and start-up errors go to logs.
	for _, bad := range []string{"hotline.example.com/hook?key=K3Y-0F-TH3-H00K", "ftp://hotline.example.com/K3Y-0F-TH3-H00K", "https:///K3Y-0F-TH3-H00K"} {
		_, err := Load(env(map[string]string{"STACKDESK_HOTLINE_WEBHOOK_URL": bad, "STACKDESK_HOTLINE_WEBHOOK_SECRET": strings.Repeat("s", MinWebhookSecret)}))
		if err == nil || !strings.Contains(err.Error(), "STACKDESK_HOTLINE_WEBHOOK_URL") || strings.Contains(err.Error(), "K3Y-0F-TH3-H00K") {
			t.Errorf("the webhook address %q: %v", bad, err)
		}
	}
}

// TestSessionMaxAge: a session lives at most 30 days after log-in unless
// STACKDESK_SESSION_MAX_AGE says otherwise (or a longer idle lifetime is
// set alone); the session cookie is kept as long as the maximum age, since
// it is set at log-in only and each use moves the session's end on.
func TestSessionMaxAge(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.SessionMaxAge != 30*24*time.Hour || c.SessionCookieAge() != 30*24*time.Hour {
		t.Fatalf("default maximum age %v, cookie %v (%v)", c.SessionMaxAge, c.SessionCookieAge(), err)
	}
	c, err = Load(env(map[string]string{"STACKDESK_SESSION_MAX_AGE": "12h", "STACKDESK_SESSION_TTL": "30m"}))
	if err != nil || c.SessionMaxAge != 12*time.Hour || c.SessionCookieAge() != 12*time.Hour {
		t.Fatalf("12h: maximum age %v, cookie %v (%v)", c.SessionMaxAge, c.SessionCookieAge(), err)
	}
	c, err = Load(env(map[string]string{"STACKDESK_SESSION_MAX_AGE": "8h"}))
	if err != nil || c.SessionCookieAge() != 8*time.Hour {
		t.Fatalf("8h under the idle 720h: cookie %v (%v)", c.SessionCookieAge(), err)
	}
	// An idle lifetime longer than the default maximum age, set alone,
	// raises the maximum with it; set both, the maximum holds.
	c, err = Load(env(map[string]string{"STACKDESK_SESSION_TTL": "2160h"}))
	if err != nil || c.SessionMaxAge != 2160*time.Hour || c.SessionCookieAge() != 2160*time.Hour {
		t.Fatalf("idle 2160h alone: maximum age %v, cookie %v (%v)", c.SessionMaxAge, c.SessionCookieAge(), err)
	}
	c, err = Load(env(map[string]string{"STACKDESK_SESSION_TTL": "2160h", "STACKDESK_SESSION_MAX_AGE": "720h"}))
	if err != nil || c.SessionMaxAge != 720*time.Hour {
		t.Fatalf("idle 2160h, maximum 720h: maximum age %v (%v)", c.SessionMaxAge, err)
	}
	for _, bad := range []string{"30s", "-1h", "0"} {
		if _, err := Load(env(map[string]string{"STACKDESK_SESSION_MAX_AGE": bad})); err == nil ||
			!strings.Contains(err.Error(), "STACKDESK_SESSION_MAX_AGE") {
			t.Fatalf("%s: err = %v", bad, err)
		}
	}
}

// TestNewMembers: the throttles on new members are on by default, set
// one by one, turned off by 0, and a window or gap out of range stops the
// program naming the variable.
func TestNewMembers(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := NewMembers{Below: 10, Questions: 5, QuestionWindow: 24 * time.Hour, AnswerGap: time.Minute, CommentGap: 30 * time.Second}
	if c.NewMembers != want {
		t.Fatalf("defaults %+v, want %+v", c.NewMembers, want)
	}
	c, err = Load(env(map[string]string{"STACKDESK_NEW_MEMBER_REP": "15", "STACKDESK_NEW_MEMBER_QUESTIONS": "0",
		"STACKDESK_NEW_MEMBER_QUESTION_WINDOW": "1h", "STACKDESK_NEW_MEMBER_ANSWER_GAP": "0", "STACKDESK_NEW_MEMBER_COMMENT_GAP": "15s"}))
	if err != nil {
		t.Fatal(err)
	}
	want = NewMembers{Below: 15, QuestionWindow: time.Hour, CommentGap: 15 * time.Second}
	if c.NewMembers != want {
		t.Fatalf("set %+v, want %+v", c.NewMembers, want)
	}
	for k, v := range map[string]string{
		"STACKDESK_NEW_MEMBER_REP":             "-1",
		"STACKDESK_NEW_MEMBER_QUESTIONS":       "many",
		"STACKDESK_NEW_MEMBER_QUESTION_WINDOW": "0",
		"STACKDESK_NEW_MEMBER_ANSWER_GAP":      "500ms",
		"STACKDESK_NEW_MEMBER_COMMENT_GAP":     "200h",
	} {
		if _, err := Load(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%s: err = %v", k, v, err)
		}
	}
}
