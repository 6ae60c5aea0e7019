package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var nextRE = regexp.MustCompile(`name="next" value="([^"]*)"`)

var langNextRE = regexp.MustCompile(`(?s)<form method="post" action="/language" class="lang-form">.*?name="next" value="([^"]*)"`)

// langNext is the page the language switcher of r leads back to.
func langNext(t *testing.T, r *testkit.Response) string {
	t.Helper()
	m := langNextRE.FindSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no language form on the page (%d):\n%s", r.Status, r.Body)
	}
	return html.UnescapeString(string(m[1]))
}

// TestLanguageSwitchAfterARefusedForm: a page that answers a refused form
// (its address takes no GET: /tickets/15/resolve, /settings/password)
// switches the language back to a page that is there to read, the form's
// own, not to the form's address, which a GET refuses (405): tried as a
// new user would, a hotline agent's refused resolution, then German. Where
// the handler does not name the page (the error pages), the page the form
// was sent from (Referer, when it is one to read), else the nearest
// address up, else the first page.
func TestLanguageSwitchAfterARefusedForm(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	empID, empTok := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	env.SignUp(t, "root")
	setRole(t, env, "hot", store.RoleHotline)
	setRole(t, env, "root", store.RoleAdmin)
	ticket := "/tickets/" + openTicket(t, env, empTok)
	qid := env.Ask(t, empTok, "The printer on floor 3 prints blank pages", "printers")
	q := "/questions/" + itoa(qid)
	// A comment of theirs: its Delete form leads back to the page too.
	if res := env.API(t, "POST", "/posts/"+itoa(qid)+"/comments", empTok, map[string]any{"body": "It started after the update on Monday."}); res.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	who := map[string]*browser{}
	for _, name := range []string{"emp", "hot", "root"} {
		who[name] = newBrowser(env)
		who[name].logIn(t, name)
	}
	wrong := url.Values{"current_password": {"not my password"}, "password": {"a new password, long enough"}, "password_confirm": {"a new password, long enough"}}
	cases := []struct {
		name, as, from, action string
		form                   url.Values
		referer                string // sent as Referer (path on this site, or a full address)
		stale                  bool   // the form's token is stale: the "form expired" page
		want                   string // the language form's next; a prefix when it ends with "/"
	}{
		{"ticket resolution", "hot", ticket, ticket + "/resolve", url.Values{"answer": {""}}, "", false, ticket},
		{"ticket message", "hot", ticket, ticket + "/messages", url.Values{"body": {""}}, "", false, ticket},
		{"password change", "emp", "/settings", "/settings/password", wrong, "", false, "/settings"},
		{"account", "emp", "/settings", "/settings/account", url.Values{"display_name": {"Emp"}, "email_address": {"not an address"}}, "", false, "/settings"},
		{"API token", "emp", "/settings", "/settings/tokens", url.Values{"token_name": {""}}, "", false, "/settings"},
		{"answer", "emp", q, q + "/answers", url.Values{"body": {""}}, "", false, q + "/"},
		{"comment", "emp", q, "/posts/" + itoa(qid) + "/comments", url.Values{"body": {""}}, "", false, q + "/"},
		{"close", "root", q, q + "/close", url.Values{"reason": {"duplicate"}, "duplicate_of": {"no such question"}}, "", false, q + "/"},
		{"expert", "root", "/experts?tag=printers", "/tags/printers/smes", url.Values{"username": {"nobody"}, "sme": {"true"}}, "", false, "/experts?tag=printers"},
		{"image upload", "emp", "/uploads/new", "/uploads", url.Values{}, "", false, "/uploads/new"},
		{"role", "root", "/users/" + itoa(empID), "/users/" + itoa(empID) + "/role", url.Values{"role": {"emperor"}}, "", false, "/users/" + itoa(empID) + "/"},
		{"expired form", "hot", ticket, ticket + "/take", url.Values{}, "", true, ticket},
		{"expired form from a page", "hot", ticket, ticket + "/take", url.Values{}, "/tickets?status=open", true, "/tickets?status=open"},
		{"expired form from a refused form's page", "hot", ticket, ticket + "/take", url.Values{}, ticket + "/resolve", true, ticket},
		{"expired form from another site", "hot", ticket, ticket + "/take", url.Values{}, "https://elsewhere.example/tickets", true, ticket},
		{"expired comment form", "emp", q, "/posts/" + itoa(qid) + "/comments", url.Values{"body": {"Same here."}}, "", true, "/"},
		{"expired form, nothing to read up", "emp", "/", "/language", url.Values{"lang": {"de"}}, "", true, "/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := who[c.as]
			token := pageTokens(t, b.get(t, c.from))[0]
			if c.stale {
				token = "stale"
			}
			form := url.Values{"_csrf": {token}}
			for k, v := range c.form {
				form[k] = v
			}
			req, _ := http.NewRequest("POST", env.URL+c.action, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if c.referer != "" {
				ref := c.referer
				if strings.HasPrefix(ref, "/") {
					ref = env.URL + ref
				}
				req.Header.Set("Referer", ref)
			}
			res := b.do(t, req)
			if res.Status < 400 || res.Status >= 500 {
				t.Fatalf("the refused form: %d, want a 4xx page\n%s", res.Status, res.Body)
			}
			next := langNext(t, res)
			t.Logf("%d at %s: the language form leads to %s", res.Status, c.action, next)
			if next != c.want && !(strings.HasSuffix(c.want, "/") && strings.HasPrefix(next, c.want)) {
				t.Fatalf("after %d at %s the language form leads to %q, want %q", res.Status, c.action, next, c.want)
			}
			// No form of the page leads back to the refused form's address.
			for _, m := range nextRE.FindAllSubmatch(res.Body, -1) {
				if back := html.UnescapeString(string(m[1])); back == c.action {
					t.Fatalf("a form of the page leads on to %s, which takes no GET", back)
				}
			}
			// The switch as the page's form sends it, then the page it leads to.
			sw := b.postForm(t, "/language", url.Values{"_csrf": {pageTokens(t, res)[0]}, "lang": {"de"}, "next": {next}})
			if sw.Status != http.StatusSeeOther || sw.Header.Get("Location") != next {
				t.Fatalf("language switch: %d to %q, want 303 to %q", sw.Status, sw.Header.Get("Location"), next)
			}
			if got := b.get(t, next); got.Status != http.StatusOK || !strings.Contains(string(got.Body), `lang="de"`) {
				t.Fatalf("GET %s after the switch: %d", next, got.Status)
			}
			language(t, b, "en")
		})
	}
	// The switcher's next still leads nowhere but this site.
	for _, next := range []string{"//elsewhere.example/x", "https://elsewhere.example/", "/\\elsewhere.example"} {
		b := who["emp"]
		sw := b.post(t, "/", "/language", url.Values{"lang": {"en"}, "next": {next}})
		if sw.Status != http.StatusSeeOther || sw.Header.Get("Location") != "/" {
			t.Fatalf("language switch to %q: %d to %q, want 303 to /", next, sw.Status, sw.Header.Get("Location"))
		}
	}
}
