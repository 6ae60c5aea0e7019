package web_test

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var resetLinkRE = regexp.MustCompile(`http://stackdesk\.test(/password/pwl_[A-Za-z0-9_-]+)`)

// TestForgotPasswordByEmail follows the "forgot your password?" link from
// the log-in page to a new password: the page answers alike for every
// name, only an account with an address gets a link, once per 15 minutes,
// and a link whose e-mail failed can be asked for again at once.
func TestForgotPasswordByEmail(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			srv := notifytest.Start(t)
			env := testkit.Boot(t, d, func(c *config.Config) {
				c.BaseURL = "http://stackdesk.test"
				c.Notify.SMTPAddr, c.Notify.EmailFrom, c.Notify.DefaultMode = srv.Addr, "desk@example.com", config.EmailOff
			})
			for _, name := range []string{"ada", "bob", "carol"} {
				env.SignUp(t, name)
			}
			b := newBrowser(env)
			contains(t, b.get(t, "/login"), `href="/password/forgot"`)
			contains(t, b.get(t, "/password/forgot"), "Forgot your password?", `action="/password/forgot"`)

			res := b.post(t, "/password/forgot", "/password/forgot", url.Values{"login": {"  "}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("empty: %d", res.Status)
			}
			contains(t, res, "Enter your username or e-mail address.")
			res = b.post(t, "/password/forgot", "/password/forgot", url.Values{"login": {strings.Repeat("x", 255)}})
			contains(t, res, "That is longer than any username or e-mail address.")

			ask := func(login string) {
				t.Helper()
				res := b.post(t, "/password/forgot", "/password/forgot", url.Values{"login": {login}})
				if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/password/forgot?sent=1" {
					t.Fatalf("ask %q: %d %s", login, res.Status, res.Header.Get("Location"))
				}
			}
			// Requests are handled in order, so once bob's e-mail is in, the
			// three before it have been handled: only ada's sent anything.
			ask("nobody")
			ask("ADA@example.com")
			ask("ada") // within 15 minutes of the last: nothing
			ask("bob")
			msgs := srv.Wait(t, 2, 30*time.Second)
			if len(msgs) != 2 || msgs[0].To[0] != "ada@example.com" || msgs[1].To[0] != "bob@example.com" {
				t.Fatalf("messages to %v", recipients(msgs))
			}
			contains(t, b.get(t, "/password/forgot?sent=1"), "is on its way")
			m := msgs[0]
			if m.Subject != "Your link to set a new password" || !strings.Contains(m.Body, "@ada") ||
				!strings.Contains(m.Body, "60 minutes") {
				t.Fatalf("e-mail %q:\n%s", m.Subject, m.Body)
			}
			link := resetLinkRE.FindStringSubmatch(m.Body)
			if link == nil {
				t.Fatalf("no link in:\n%s", m.Body)
			}

			// The link sets a new password once; the old one stops working.
			owner := newBrowser(env)
			contains(t, owner.get(t, link[1]), "@ada")
			res = owner.post(t, link[1], link[1], url.Values{"password": {"a brand new secret"}, "password_confirm": {"a brand new secret"}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("set: %d %s", res.Status, res.Body)
			}
			again := newBrowser(env).get(t, link[1])
			if again.Status != http.StatusNotFound {
				t.Fatalf("used link: %d", again.Status)
			}
			contains(t, again, `href="/password/forgot"`)
			login := func(password string) int {
				return newBrowser(env).post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {password}}).Status
			}
			if got := login("correct horse battery"); got != http.StatusUnauthorized {
				t.Fatalf("old password: %d", got)
			}
			if got := login("a brand new secret"); got != http.StatusSeeOther {
				t.Fatalf("new password: %d", got)
			}
			// Setting ada's password leaves bob's link alone.
			if res := newBrowser(env).get(t, resetLinkRE.FindStringSubmatch(msgs[1].Body)[1]); res.Status != http.StatusOK {
				t.Fatalf("bob's link: %d", res.Status)
			}

			// A failed send drops its link, so carol can ask again at once.
			srv.Fail(true)
			ask("carol")
			srv.WaitRefused(t, 1, 30*time.Second)
			srv.Fail(false)
			ask("bob") // handled after carol's failure; throttled, sends nothing
			ask("carol")
			msgs = srv.Wait(t, 1, 30*time.Second)
			if len(msgs) != 1 || msgs[0].To[0] != "carol@example.com" {
				t.Fatalf("messages to %v", recipients(msgs))
			}
		})
	}
}

// TestForgotPasswordWithoutEmail tells people whom to ask when the site
// sends no e-mail; a used or unknown password link says so at once, in
// English and German, rather than leading to "Forgot your password?".
func TestForgotPasswordWithoutEmail(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	page := b.get(t, "/password/forgot")
	contains(t, page, "Ask an administrator for a password link.")
	if strings.Contains(string(page.Body), `action="/password/forgot"`) {
		t.Fatal("a form that cannot send anything")
	}
	for lang, want := range map[string]string{
		"en": "This site does not send e-mail, so ask an administrator for a new link.",
		"de": "Diese Website versendet keine E-Mails: Bitten Sie einen Administrator um einen neuen Link.",
	} {
		page := b.get(t, "/password/pwl_bogus", "Accept-Language", lang)
		if page.Status != http.StatusNotFound {
			t.Errorf("%s: an unknown link: %d", lang, page.Status)
		}
		contains(t, page, want)
		if strings.Contains(string(page.Body), `href="/password/forgot"`) {
			t.Errorf("%s: an unknown link leads to the forgot page, which sends no link", lang)
		}
	}
}

func recipients(msgs []notifytest.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.To...)
	}
	return out
}

// TestOldAddressToldOfChange e-mails the old address when an account's
// address changes, naming the new one only in part, so that whoever owns
// the old one learns of a change they did not make; a name change alone
// sends nothing.
func TestOldAddressToldOfChange(t *testing.T) {
	srv := notifytest.Start(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.BaseURL = "http://stackdesk.test"
		c.Notify.SMTPAddr, c.Notify.EmailFrom, c.Notify.DefaultMode = srv.Addr, "desk@example.com", config.EmailOff
	})
	ada := newBrowser(env)
	ada.signUp(t, "ada")
	if res := ada.post(t, "/settings", "/settings/account", url.Values{"display_name": {"Ada L."}, "email_address": {"ada@example.com"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", res.Status, res.Body)
	}
	res := ada.post(t, "/settings", "/settings/account", url.Values{"display_name": {"Ada L."}, "email_address": {"lovelace@example.org"},
		"account_password": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("change: %d %s", res.Status, res.Body)
	}
	msgs := srv.Wait(t, 1, 30*time.Second)
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "ada@example.com" {
		t.Fatalf("messages to %v", recipients(msgs))
	}
	m := msgs[0]
	if m.Subject != "Your e-mail address was changed" || !strings.Contains(m.Body, "@ada") || !strings.Contains(m.Body, "l***@example.org") ||
		strings.Contains(m.Body, "lovelace@") || !strings.Contains(m.Body, "http://stackdesk.test/settings") {
		t.Fatalf("e-mail %q:\n%s", m.Subject, m.Body)
	}
}

// TestForgotPasswordPerClient: a few clients asking for links to made-up
// names use up only their own budgets, not the site's: another person still
// gets a link, and a client past its budget is told so on the page.
func TestForgotPasswordPerClient(t *testing.T) {
	srv := notifytest.Start(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.BaseURL = "http://stackdesk.test"
		c.Notify.SMTPAddr, c.Notify.EmailFrom, c.Notify.DefaultMode = srv.Addr, "desk@example.com", config.EmailOff
		c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
	})
	env.SignUp(t, "ada")
	b := newBrowser(env)
	token := string(csrfRE.FindSubmatch(b.get(t, "/password/forgot").Body)[1])
	ask := func(from, login string) *testkit.Response {
		req, _ := http.NewRequest("POST", env.URL+"/password/forgot", strings.NewReader(url.Values{"_csrf": {token}, "login": {login}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", from)
		return b.do(t, req)
	}
	for client := range 3 {
		for i := range 10 {
			if res := ask(fmt.Sprintf("10.0.5.%d", client), fmt.Sprintf("nobody-%d-%d", client, i)); res.Status != http.StatusSeeOther {
				t.Fatalf("client %d, request %d: %d", client, i, res.Status)
			}
		}
	}
	res := ask("10.0.5.0", "nobody-again")
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("a client past its budget: %d (Retry-After %q)", res.Status, res.Header.Get("Retry-After"))
	}
	contains(t, res, "You have asked for many password links just now.")
	if res := ask("10.0.6.1", "ada"); res.Status != http.StatusSeeOther {
		t.Fatalf("someone else after the three clients: %d %s", res.Status, res.Body)
	}
	if msgs := srv.Wait(t, 1, 30*time.Second); len(msgs) != 1 || msgs[0].To[0] != "ada@example.com" {
		t.Fatalf("messages to %v", recipients(msgs))
	}
}
