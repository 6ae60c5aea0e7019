package config

import (
	"strings"
	"testing"
	"time"
)

func TestExpertAndEmailSettings(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Experts != (Experts{HalfLifeDays: 180, RouteCount: 3, RouteAfter: 24 * time.Hour}) || c.Notify.Enabled() || c.Notify.DefaultMode != EmailDaily {
		t.Fatalf("defaults %+v %+v", c.Experts, c.Notify)
	}
	ok := map[string]string{"STACKDESK_SMTP_ADDR": "mail.example.com:587", "STACKDESK_EMAIL_FROM": "desk@example.com",
		"STACKDESK_BASE_URL": "https://desk.example.com", "STACKDESK_ROUTE_AFTER": "0", "STACKDESK_EMAIL_DEFAULT": "off",
		"STACKDESK_EXPERT_HALF_LIFE_DAYS": "90", "STACKDESK_ROUTE_EXPERTS": "5", "STACKDESK_EMAIL_DIGEST_HOUR": "23"}
	c, err = Load(env(ok))
	if err != nil || !c.Notify.Enabled() || c.Experts.RouteAfter != 0 || c.Experts.HalfLifeDays != 90 || c.Notify.DigestHour != 23 {
		t.Fatalf("%+v %+v %v", c.Experts, c.Notify, err)
	}
	for k, v := range map[string]string{
		"STACKDESK_EXPERT_HALF_LIFE_DAYS": "0",
		"STACKDESK_ROUTE_EXPERTS":         "-1",
		"STACKDESK_ROUTE_AFTER":           "10s",
		"STACKDESK_EMAIL_DEFAULT":         "weekly",
		"STACKDESK_EMAIL_DIGEST_HOUR":     "24",
		"STACKDESK_EMAIL_INTERVAL":        "1ms",
		"STACKDESK_SMTP_ADDR":             "mail.example.com",
		"STACKDESK_EMAIL_FROM":            "nobody",
		"STACKDESK_BASE_URL":              "",
	} {
		bad := map[string]string{}
		for kk, vv := range ok {
			bad[kk] = vv
		}
		bad[k] = v
		_, err := Load(env(bad))
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: %v", k, v, err)
		}
	}
}
