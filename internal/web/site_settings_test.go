package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// siteSecrets are the secret settings siteConfig gives a site, none of
// which its settings page or API may show.
var siteSecrets = []string{"mail.internal.example:2525", "notify-mailer", "smtp-pass-7f3a9c1e", "hooks.example.com", "whsec_9d1c0e7a5b3f4a2e8c6d0b1a9f7e5c3d",
	"hotline-mailer", "hotline-pass-2b8e4d6f"}

// siteConfig sets mail, the hotline webhook and e-mail, closed sign-up, a
// holdout and session lifetimes, for the site settings page and API.
func siteConfig(c *config.Config) {
	c.SignupClosed = true
	c.SessionTTL, c.SessionMaxAge = 8*time.Hour, 14*24*time.Hour
	c.Notify.SMTPAddr, c.Notify.SMTPUser, c.Notify.SMTPPassword = siteSecrets[0], siteSecrets[1], siteSecrets[2]
	c.Notify.EmailFrom = "stackdesk@example.com"
	c.Deflection.Holdout = 0.05
	c.Deflection.WebhookURL, c.Deflection.WebhookSecret = "https://"+siteSecrets[3]+"/t/3c9f", siteSecrets[4]
	c.Deflection.SMTPUser, c.Deflection.SMTPPassword = siteSecrets[5], siteSecrets[6]
	c.SearchRate = 0
	c.NewMembers = config.NewMembers{Below: 15, Questions: 0, QuestionWindow: 72 * time.Hour, AnswerGap: 2 * time.Minute}
}

// TestSiteSettingsPage: an administrator reads the site's effective
// settings on /admin/settings (linked from the staff menu), each with its
// environment variable, in the reader's language; secrets say only whether
// they are set, and the database's address is not shown. Moderators and
// members are refused, visitors sent to log in.
func TestSiteSettingsPage(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, siteConfig)
			for name, role := range map[string]string{"root": store.RoleAdmin, "mod": store.RoleModerator, "ada": store.RoleUser} {
				if _, err := env.App.Auth.CreateUser(t.Context(), authSignUp(name), role); err != nil {
					t.Fatal(err)
				}
			}
			adm := newBrowser(env)
			adm.logIn(t, "root")
			contains(t, adm.get(t, "/admin/audit"), `<a href="/admin/settings">Site settings</a>`)
			res := adm.get(t, "/admin/settings")
			if res.Status != http.StatusOK {
				t.Fatalf("settings page: %d", res.Status)
			}
			contains(t, res, "<h1>Site settings</h1>", `<a href="/admin/settings" aria-current="page">`,
				`<div id="setting-site.signup">`, "closed: administrators add people</span> <code class=\"setting-env\">STACKDESK_SIGNUP</code>",
				`<div id="setting-site.database">`, ">"+string(d)+"</span> <code class=\"setting-env\">STACKDESK_DATABASE_URL</code>",
				">8h</span> <code class=\"setting-env\">STACKDESK_SESSION_TTL</code>",
				">336h</span> <code class=\"setting-env\">STACKDESK_SESSION_MAX_AGE</code>",
				">set</span> <code class=\"setting-env\">STACKDESK_SMTP_PASSWORD</code>",
				">stackdesk@example.com</span> <code class=\"setting-env\">STACKDESK_EMAIL_FROM</code>",
				">set</span> <code class=\"setting-env\">STACKDESK_HOTLINE_WEBHOOK_URL</code>",
				">set</span> <code class=\"setting-env\">STACKDESK_HOTLINE_WEBHOOK_SECRET</code>",
				">not set</span> <code class=\"setting-env\">STACKDESK_HOTLINE_SMTP_ADDR</code>",
				">5 %</span> <code class=\"setting-env\">STACKDESK_HELP_HOLDOUT</code>",
				">100,000 a minute</span> <code class=\"setting-env\">STACKDESK_WRITE_RATE</code>",
				">no limit</span> <code class=\"setting-env\">STACKDESK_SEARCH_RATE</code>",
				">4 MiB</span> <code class=\"setting-env\">STACKDESK_UPLOAD_MAX_BYTES</code>",
				"<code class=\"setting-env\">STACKDESK_INDEX_DIR</code>", `<div id="setting-site.version">`,
				"New members&#39; limits", `<div id="setting-new_members.rep">`, ">15</span> <code class=\"setting-env\">STACKDESK_NEW_MEMBER_REP</code>",
				">no limit</span> <code class=\"setting-env\">STACKDESK_NEW_MEMBER_QUESTIONS</code>",
				">72h</span> <code class=\"setting-env\">STACKDESK_NEW_MEMBER_QUESTION_WINDOW</code>",
				">2m</span> <code class=\"setting-env\">STACKDESK_NEW_MEMBER_ANSWER_GAP</code>",
				">off</span> <code class=\"setting-env\">STACKDESK_NEW_MEMBER_COMMENT_GAP</code>",
				"<code class=\"setting-env\">STACKDESK_REP_DAILY_CAP</code>", "<code class=\"setting-env\">STACKDESK_ROUTE_EXPERTS</code>",
				">20</span> <code class=\"setting-env\">STACKDESK_TICKET_COST</code>")
			for _, s := range append(siteSecrets, env.App.Config.DatabaseURL) {
				if strings.Contains(string(res.Body), s) {
					t.Errorf("the settings page shows the secret %q", s)
				}
			}
			contains(t, adm.get(t, "/admin/settings", "Accept-Language", "de"), "<h1>Website-Einstellungen</h1>",
				">gesetzt</span> <code class=\"setting-env\">STACKDESK_SMTP_PASSWORD</code>", ">nicht gesetzt</span>",
				"Grenzen für neue Mitglieder", ">aus</span> <code class=\"setting-env\">STACKDESK_NEW_MEMBER_COMMENT_GAP</code>")

			for _, name := range []string{"mod", "ada"} {
				b := newBrowser(env)
				b.logIn(t, name)
				if res := b.get(t, "/admin/settings"); res.Status != http.StatusForbidden {
					t.Errorf("%s opens the site settings: %d", name, res.Status)
				}
				if strings.Contains(string(b.get(t, "/").Body), "/admin/settings") {
					t.Errorf("%s's menu links the site settings", name)
				}
			}
			if res := newBrowser(env).get(t, "/admin/settings"); res.Status != http.StatusSeeOther {
				t.Errorf("a visitor opens the site settings: %d", res.Status)
			}
		})
	}
}
