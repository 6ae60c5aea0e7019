package api_test

import (
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/api"
	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSiteSettingsThroughAPI checks GET /admin/settings: an administrator's
// staff token reads the effective settings, grouped, each with its
// environment variable, secrets only as "set" or "not set"; an
// administrator's read token (which acts as a member), a moderator and a
// member are refused, and a caller without a token must log in.
func TestSiteSettingsThroughAPI(t *testing.T) {
	secrets := []string{"mail.internal.example:2525", "smtp-pass-7f3a9c1e", "hooks.example.com", "whsec_9d1c0e7a5b3f4a2e8c6d0b1a9f7e5c3d", "hotline-pass-2b8e4d6f"}
	dialects(t, func(t *testing.T, d store.Dialect) {
		env := testkit.Boot(t, d, func(c *config.Config) {
			c.SignupClosed = true
			c.Notify.SMTPAddr, c.Notify.SMTPPassword, c.Notify.EmailFrom = secrets[0], secrets[1], "stackdesk@example.com"
			c.Deflection.WebhookURL, c.Deflection.WebhookSecret = "https://"+secrets[2]+"/t/3c9f", secrets[3]
			c.Deflection.SMTPPassword = secrets[4]
		})
		token := func(name, role, scope string) string {
			t.Helper()
			if _, err := env.App.Auth.CreateUser(t.Context(), auth.SignUp{Username: name, Email: name + "@example.com",
				Password: "correct horse battery"}, role); err != nil && !strings.Contains(err.Error(), "taken") {
				t.Fatal(err)
			}
			res := env.API(t, "POST", "/tokens", "", map[string]string{"username": name, "password": "correct horse battery", "scope": scope})
			if res.Status != http.StatusCreated {
				t.Fatalf("token of %s: %d %s", name, res.Status, res.Body)
			}
			return res.Map(t)["token"].(string)
		}
		root := token("root", store.RoleAdmin, "staff")
		res := env.API(t, "GET", "/admin/settings", root, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("settings: %d %s", res.Status, res.Body)
		}
		for _, s := range append(secrets, env.App.Config.DatabaseURL) {
			if strings.Contains(string(res.Body), s) {
				t.Errorf("the settings show the secret %q:\n%s", s, res.Body)
			}
		}
		var got api.SiteSettingsJSON
		res.JSON(t, &got)
		byEnv := map[string]config.Setting{}
		for _, g := range got.Groups {
			for _, s := range g.Settings {
				byEnv[s.Env] = s
			}
		}
		for env, want := range map[string]string{"STACKDESK_SIGNUP": "closed", "STACKDESK_DATABASE_URL": string(d),
			"STACKDESK_SMTP_ADDR": "set", "STACKDESK_SMTP_PASSWORD": "set", "STACKDESK_EMAIL_FROM": "stackdesk@example.com",
			"STACKDESK_HOTLINE_WEBHOOK_URL": "set", "STACKDESK_HOTLINE_WEBHOOK_SECRET": "set", "STACKDESK_HOTLINE_SMTP_PASSWORD": "set",
			"STACKDESK_HOTLINE_SMTP_ADDR": "not set", "STACKDESK_SESSION_TTL": "720h", "STACKDESK_UPLOAD_MAX_BYTES": "4194304"} {
			if byEnv[env].Value != want {
				t.Errorf("%s = %+v, want %q", env, byEnv[env], want)
			}
		}
		if !byEnv["STACKDESK_SMTP_PASSWORD"].Secret || byEnv["STACKDESK_EMAIL_FROM"].Secret {
			t.Errorf("secret marks: %+v %+v", byEnv["STACKDESK_SMTP_PASSWORD"], byEnv["STACKDESK_EMAIL_FROM"])
		}

		refused(t, "an administrator's read token", env.API(t, "GET", "/admin/settings", token("root", store.RoleAdmin, "read"), nil), http.StatusForbidden, "forbidden")
		refused(t, "a moderator", env.API(t, "GET", "/admin/settings", token("mod", store.RoleModerator, "staff"), nil), http.StatusForbidden, "forbidden")
		refused(t, "a member", env.API(t, "GET", "/admin/settings", token("ada", store.RoleUser, "write"), nil), http.StatusForbidden, "forbidden")
		refused(t, "no token", env.API(t, "GET", "/admin/settings", "", nil), http.StatusUnauthorized, "unauthorized")
	})
}
