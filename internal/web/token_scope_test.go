package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var scopeCellRE = regexp.MustCompile(`<td class="token-scope"[^>]*>([^<]*)</td>`)

// newSettingsToken creates a token on the settings page with the form's
// fields (scope "" sends none) and returns the one the page shows.
func newSettingsToken(t *testing.T, b *browser, name, scope string) string {
	t.Helper()
	form := url.Values{"token_name": {name}, "token_password": {"correct horse battery"}}
	if scope != "" {
		form.Set("token_scope", scope)
	}
	if res := b.post(t, "/settings", "/settings/tokens", form); res.Status != http.StatusSeeOther {
		t.Fatalf("create %s (%q): %d %.300s", name, scope, res.Status, res.Body)
	}
	m := newTokenRE.FindSubmatch(b.get(t, "/settings").Body)
	if m == nil {
		t.Fatalf("no token shown for %s", name)
	}
	return string(m[1])
}

// scopeCells lists the scope column of the settings page's token table.
func scopeCells(t *testing.T, b *browser, header ...string) []string {
	t.Helper()
	var out []string
	for _, m := range scopeCellRE.FindAllSubmatch(b.get(t, "/settings", header...).Body, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// TestTokenScopeInSettings: the settings form offers read (picked) and
// write to a member, and staff too to a moderator; the table shows each
// token's scope in the reader's language; a token made there holds to its
// scope; a scope that is none of these, or staff asked for by a member, is
// refused beside the field, in the reader's language, and makes no token.
func TestTokenScopeInSettings(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
			Password: "correct horse battery"}, store.RoleModerator); err != nil {
			t.Fatal(err)
		}
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		page := ada.get(t, "/settings")
		contains(t, page, `<legend>Scope</legend>`, `value="read" checked> Read: GET and HEAD requests only`, `value="write"> Write: reads and writes`)
		if strings.Contains(string(page.Body), `value="staff"`) {
			t.Fatal("a member is offered the staff scope")
		}

		read := newSettingsToken(t, ada, "dashboard", "")
		write := newSettingsToken(t, ada, "bot", store.ScopeWrite)
		if got := scopeCells(t, ada); strings.Join(got, ",") != "Write,Read" {
			t.Fatalf("scope column %v, want newest first [Write Read]", got)
		}
		if got := scopeCells(t, ada, "Accept-Language", "de"); strings.Join(got, ",") != "Schreiben,Lesen" {
			t.Fatalf("German scope column %v", got)
		}
		if res := env.API(t, "GET", "/me", read, nil); res.Status != http.StatusOK {
			t.Fatalf("the read token reads: %d", res.Status)
		}
		res := env.API(t, "POST", "/questions", read, map[string]any{"title": "Wi-Fi drops in the meeting rooms", "body": "Since Monday the Wi-Fi drops every few minutes.", "tags": []string{"wifi"}})
		if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "a POST request needs a token with the write scope") {
			t.Fatalf("the read token asks: %d %s", res.Status, res.Body)
		}
		qid := env.Ask(t, write, "Wi-Fi drops in the meeting rooms")

		var before int64
		env.App.Store.DB.Model(&store.APIToken{}).Count(&before)
		for _, c := range []struct{ scope, lang, want string }{
			{"staff", "en", "Only staff (moderators, analysts, hotline agents and administrators) may create a token with the staff scope."},
			{"admin", "en", "Unknown scope: use read, write or staff."},
			{"admin", "de", "Unbekannter Bereich: Verwenden Sie read, write oder staff."},
		} {
			m := csrfRE.FindSubmatch(ada.get(t, "/settings", "Accept-Language", c.lang).Body)
			form := url.Values{"_csrf": {string(m[1])}, "token_name": {"deploy bot"}, "token_password": {"correct horse battery"}, "token_scope": {c.scope}}
			req, _ := http.NewRequest("POST", env.URL+"/settings/tokens", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", c.lang)
			res := ada.do(t, req)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("scope %q: %d", c.scope, res.Status)
			}
			contains(t, res, `<p class="field-error" id="token_scope-error"`, c.want, `aria-describedby="token_scope-error"`)
		}
		var after int64
		env.App.Store.DB.Model(&store.APIToken{}).Count(&after)
		if after != before {
			t.Fatalf("refused scopes made %d tokens", after-before)
		}

		mod := newBrowser(env)
		mod.logIn(t, "mod")
		contains(t, mod.get(t, "/settings"), `value="staff"> Staff: everything your role allows`)
		modWrite := newSettingsToken(t, mod, "triage", store.ScopeWrite)
		modStaff := newSettingsToken(t, mod, "moderation", store.ScopeStaff)
		if got := scopeCells(t, mod); strings.Join(got, ",") != "Staff,Write" {
			t.Fatalf("moderator's scope column %v", got)
		}
		closePath := "/questions/" + strconv.FormatInt(qid, 10) + "/close"
		res = env.API(t, "POST", closePath, modWrite, map[string]string{"reason": "off-topic"})
		if res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "only a token with the staff scope has") {
			t.Fatalf("the moderator's write token closes: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", closePath, modStaff, map[string]string{"reason": "off-topic"}); res.Status != http.StatusOK {
			t.Fatalf("the moderator's staff token closes: %d %s", res.Status, res.Body)
		}
	})
}
