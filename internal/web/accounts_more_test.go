package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// logIn logs the browser in through the log-in page.
func (b *browser) logIn(t *testing.T, login string) *testkit.Response {
	t.Helper()
	res := b.post(t, "/login", "/login", url.Values{"login": {login}, "password": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("log in %s: %d %s", login, res.Status, res.Body)
	}
	return res
}

// setCookie returns the cookie named name that res sets, or fails.
func setCookie(t *testing.T, res *testkit.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie set: %v", name, res.Header["Set-Cookie"])
	return nil
}

// checkSessionCookie checks the flags of a freshly set session cookie.
func checkSessionCookie(t *testing.T, what string, c *http.Cookie, secure bool) {
	t.Helper()
	if c.Value == "" || c.MaxAge <= 0 || c.Path != "/" {
		t.Errorf("%s: session cookie %q", what, c.String())
	}
	if !c.HttpOnly {
		t.Errorf("%s: session cookie not HttpOnly: %q", what, c.String())
	}
	if c.SameSite != http.SameSiteLaxMode {
		t.Errorf("%s: session cookie SameSite=%v, want Lax: %q", what, c.SameSite, c.String())
	}
	if c.Secure != secure {
		t.Errorf("%s: session cookie Secure=%v, want %v: %q", what, c.Secure, secure, c.String())
	}
}

func TestUserPageShowsEmailToTheUserAndAdminsOnly(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		adaID, _ := env.SignUp(t, "ada")
		for name, role := range map[string]string{"root": store.RoleAdmin, "mod": store.RoleModerator} {
			if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: name, Email: name + "@example.com", Password: "correct horse battery"}, role); err != nil {
				t.Fatal(err)
			}
		}
		path := "/users/" + itoa(adaID)
		view := func(b *browser) string {
			t.Helper()
			res := b.get(t, path)
			if res.Status != http.StatusOK {
				t.Fatalf("%s: %d", path, res.Status)
			}
			contains(t, res, "<h1 dir=\"auto\">ada</h1>") // the profile itself is there
			return string(res.Body)
		}
		ada := newBrowser(env)
		ada.logIn(t, "ada")
		if page := view(ada); !strings.Contains(page, "ada@example.com") || !strings.Contains(page, "E-mail (only you and admins see this)") {
			t.Errorf("ada does not see her own e-mail")
		}
		admin := newBrowser(env)
		admin.logIn(t, "root")
		if page := view(admin); !strings.Contains(page, "ada@example.com") {
			t.Errorf("an admin does not see ada's e-mail")
		} else if strings.Contains(page, "only you and admins see this") {
			t.Errorf("an admin is told only they see ada's e-mail")
		}
		bob := newBrowser(env)
		bob.signUp(t, "bob")
		mod := newBrowser(env)
		mod.logIn(t, "mod")
		for who, b := range map[string]*browser{"bob": bob, "a moderator": mod, "an anonymous visitor": newBrowser(env)} {
			if page := view(b); strings.Contains(page, "ada@example.com") {
				t.Errorf("%s sees ada's e-mail", who)
			}
		}
	})
}

// TestSessionCookieFlags logs in through the page: the session cookie is
// HttpOnly and SameSite=Lax, and Secure exactly when the site is https
// (STACKDESK_BASE_URL) or the request came through TLS.
func TestSessionCookieFlags(t *testing.T) {
	t.Run("http", func(t *testing.T) {
		env := testkit.Boot(t, store.SQLite)
		env.SignUp(t, "ada")
		b := newBrowser(env)
		checkSessionCookie(t, "log-in", setCookie(t, b.logIn(t, "ada"), "stackdesk_session"), false)
		if res := b.get(t, "/questions/ask"); res.Status != http.StatusOK {
			t.Fatalf("the session does not log in: %d", res.Status)
		}
		res := newBrowser(env).post(t, "/signup", "/signup", url.Values{"username": {"bob"}, "email": {"bob@example.com"}, "password": {"correct horse battery"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("sign up: %d", res.Status)
		}
		checkSessionCookie(t, "sign-up", setCookie(t, res, "stackdesk_session"), false)
		// Behind a TLS-terminating proxy the cookie is Secure too.
		c := newBrowser(env)
		page := c.get(t, "/login")
		m := csrfRE.FindSubmatch(page.Body)
		if m == nil {
			t.Fatal("no CSRF token")
		}
		form := url.Values{"login": {"ada"}, "password": {"correct horse battery"}, "_csrf": {string(m[1])}}
		req, _ := http.NewRequest("POST", env.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", "https")
		res = c.do(t, req)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("log in through proxy: %d", res.Status)
		}
		checkSessionCookie(t, "log-in through TLS proxy", setCookie(t, res, "stackdesk_session"), true)
	})
	t.Run("https base URL", func(t *testing.T) {
		env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
			loaded, err := config.Load(func(k string) string {
				if k == "STACKDESK_BASE_URL" {
					return "https://stackdesk.example.com"
				}
				return ""
			})
			if err != nil {
				t.Fatal(err)
			}
			c.BaseURL = loaded.BaseURL
		})
		env.SignUp(t, "ada")
		// A cookie jar keeps Secure cookies off plain HTTP, so this client
		// carries the CSRF cookie by hand.
		client := testkit.NewClient()
		client.Jar = nil
		page, err := client.Get(env.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(page.Body)
		page.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		m := csrfRE.FindSubmatch(body)
		if m == nil {
			t.Fatal("no CSRF token")
		}
		pageRes := &testkit.Response{Status: page.StatusCode, Header: page.Header}
		csrf := setCookie(t, pageRes, "stackdesk_csrf")
		if !csrf.Secure || !csrf.HttpOnly {
			t.Errorf("CSRF cookie %q is not Secure and HttpOnly", csrf.String())
		}
		form := url.Values{"login": {"ada"}, "password": {"correct horse battery"}, "_csrf": {string(m[1])}}
		req, _ := http.NewRequest("POST", env.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: csrf.Name, Value: csrf.Value})
		hr, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		hr.Body.Close()
		if hr.StatusCode != http.StatusSeeOther {
			t.Fatalf("log in: %d", hr.StatusCode)
		}
		checkSessionCookie(t, "log-in on https site", setCookie(t, &testkit.Response{Header: hr.Header}, "stackdesk_session"), true)
	})
}
