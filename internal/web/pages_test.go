package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func each(t *testing.T, fn func(t *testing.T, env *testkit.Env)) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) { fn(t, testkit.Boot(t, d)) })
	}
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// browser is a cookie-keeping client that posts forms like a browser without JavaScript.
type browser struct {
	env *testkit.Env
	c   *http.Client
	// fetchSite, when set, is sent as Sec-Fetch-Site on every request that
	// sets none, as browsers of today do.
	fetchSite string
}

func newBrowser(env *testkit.Env) *browser { return &browser{env: env, c: testkit.NewClient()} }

func (b *browser) get(t *testing.T, path string, header ...string) *testkit.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", b.env.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(t, req)
}

func (b *browser) do(t *testing.T, req *http.Request) *testkit.Response {
	t.Helper()
	if b.fetchSite != "" && req.Header.Get("Sec-Fetch-Site") == "" {
		req.Header.Set("Sec-Fetch-Site", b.fetchSite)
	}
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return &testkit.Response{Status: res.StatusCode, Header: res.Header, Body: []byte(sb.String())}
}

// post submits a form from the page at from, with the CSRF token that page carries.
func (b *browser) post(t *testing.T, from, action string, form url.Values) *testkit.Response {
	t.Helper()
	page := b.get(t, from)
	m := csrfRE.FindSubmatch(page.Body)
	if m == nil {
		t.Fatalf("no CSRF token on %s (%d)", from, page.Status)
	}
	form.Set("_csrf", string(m[1]))
	req, _ := http.NewRequest("POST", b.env.URL+action, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(t, req)
}

// postForm sends a form as it stands, CSRF token included.
func (b *browser) postForm(t *testing.T, action string, form url.Values) *testkit.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", b.env.URL+action, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(t, req)
}

func (b *browser) signUp(t *testing.T, name string) {
	t.Helper()
	res := b.post(t, "/signup", "/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("sign up: %d %s", res.Status, res.Body)
	}
}

func contains(t *testing.T, r *testkit.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(string(r.Body), p) {
			t.Fatalf("page (%d) lacks %q:\n%s", r.Status, p, r.Body)
		}
	}
}

func TestAskAnswerCommentEditDeleteThroughPages(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		home := ada.get(t, "/")
		contains(t, home, "Ask a question", "ada")

		// A validation error keeps what was typed and says what is wrong, next to the field.
		res := ada.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"VPN?"}, "body": {"It is broken <b>badly</b> and I need help with it."}, "tags": {"vpn"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid ask: %d", res.Status)
		}
		contains(t, res, `id="title-error"`, "Use at least 15 characters", "It is broken &lt;b&gt;badly&lt;/b&gt;", `value="vpn"`)

		res = ada.post(t, "/questions/ask", "/questions/ask", url.Values{
			"title": {"VPN disconnects every ten minutes"},
			"body":  {"Since the update my VPN drops.\n\n```bash\nping vpn.example.com\n```\n\n<script>alert(1)</script>"},
			"tags":  {"vpn, windows"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		qpath := res.Header.Get("Location")
		if !strings.HasPrefix(qpath, "/questions/") || !strings.HasSuffix(qpath, "/vpn-disconnects-every-ten-minutes") {
			t.Fatalf("redirect to %q", qpath)
		}
		page := ada.get(t, qpath)
		contains(t, page, "<h1 id=\"q-title\" dir=\"auto\">VPN disconnects every ten minutes</h1>", "<pre", "ping vpn.example.com", `href="/tags/vpn"`)
		if strings.Contains(string(page.Body), "<script>alert(1)") {
			t.Fatal("script survived rendering")
		}
		qid := strings.Split(qpath, "/")[2]

		bob := newBrowser(env)
		bob.signUp(t, "bob")
		res = bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Update the client to version 5 and reconnect."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", res.Status, res.Body)
		}
		res = bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"short"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short answer: %d", res.Status)
		}
		contains(t, res, "Use at least 30 characters", ">short</textarea>")
		res = ada.post(t, qpath, "/posts/"+qid+"/comments", url.Values{"body": {"Which OS?"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short comment: %d", res.Status)
		}
		contains(t, res, "Use at least 15 characters", ">Which OS?</textarea>", `class="add-comment" open`)
		res = ada.post(t, qpath, "/posts/"+qid+"/comments", url.Values{"body": {"Which version of Windows is this?"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("comment: %d %s", res.Status, res.Body)
		}
		page = ada.get(t, qpath)
		contains(t, page, "Update the client to version 5", "Which version of Windows is this?", "1 answer")

		// Edit, then see the history with a diff.
		res = ada.post(t, "/posts/"+qid+"/edit", "/posts/"+qid+"/edit", url.Values{
			"title": {"VPN disconnects every ten minutes on Windows 11"}, "body": {"Since the update my VPN drops every ten minutes."},
			"tags": {"vpn windows-11"}, "comment": {"added the Windows version"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", res.Status, res.Body)
		}
		// The new title moved the page to a new slug; the old one redirects there.
		if res := ada.get(t, qpath); res.Status != http.StatusMovedPermanently {
			t.Fatalf("old slug: %d", res.Status)
		}
		qpath = "/questions/" + qid + "/vpn-disconnects-every-ten-minutes-on-windows-11"
		hist := ada.get(t, "/posts/"+qid+"/revisions")
		contains(t, hist, "Revision 2", "added the Windows version", "<ins>", "<del>")
		// Bob may not edit Ada's question (reputation 1 < 500), so he is
		// offered to suggest an edit for review instead; Ada edits.
		editLink := `href="/posts/` + qid + `/edit">Edit</a>`
		contains(t, ada.get(t, qpath), editLink)
		if strings.Contains(string(bob.get(t, qpath).Body), editLink) {
			t.Fatal("bob is offered an edit he may not make")
		}
		contains(t, bob.get(t, qpath), `href="/posts/`+qid+`/edit" title="Your edit is shown once someone approves it">Suggest edit</a>`)
		if res := bob.get(t, "/posts/"+qid+"/edit"); res.Status != http.StatusOK {
			t.Fatalf("bob edit form: %d", res.Status)
		} else {
			contains(t, res, "<h1>Suggest an edit</h1>", "500 reputation", ">Suggest edit</button>")
		}

		// Lists, tags, users.
		// The Active order shows when each question was last active.
		contains(t, ada.get(t, "/questions?sort=active"), "VPN disconnects every ten minutes on Windows 11", "· active <time")
		contains(t, ada.get(t, "/tags"), `href="/tags/windows-11"`)
		contains(t, ada.get(t, "/tags/windows-11?sort=active"), "VPN disconnects", "· active <time")
		if strings.Contains(string(ada.get(t, "/questions").Body), "· active <time") {
			t.Error("the Newest order shows the last activity, not when questions were asked")
		}
		contains(t, ada.get(t, "/users"), "ada", "bob")

		// Delete: gone from the list and a 404 page for others; its author
		// still finds it, marked, to restore.
		res = ada.post(t, qpath, "/posts/"+qid+"/delete", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d", res.Status)
		}
		if strings.Contains(string(ada.get(t, "/questions").Body), "VPN disconnects") {
			t.Fatal("the deleted question is still listed")
		}
		if res := bob.get(t, qpath); res.Status != http.StatusNotFound {
			t.Fatalf("deleted question page: %d", res.Status)
		} else {
			contains(t, res, "Page not found")
		}
		contains(t, ada.get(t, qpath), "Only you and moderators see it.", `action="/posts/`+qid+`/undelete"`)
	})
}

func TestAccountsThroughPages(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	res := b.post(t, "/signup", "/signup", url.Values{"username": {"x"}, "email": {"bad"}, "password": {"short"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad sign-up: %d", res.Status)
	}
	contains(t, res, `id="username-error"`, `id="email-error"`, `id="password-error"`, `value="bad"`)
	b.signUp(t, "ada")
	// The session cookie is HttpOnly and SameSite=Lax.
	found := false
	u, _ := url.Parse(env.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		found = found || c.Name == "stackdesk_session"
	}
	if !found {
		t.Fatal("no session cookie")
	}
	res = b.post(t, "/", "/logout", url.Values{})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.Status)
	}
	if res := b.get(t, "/questions/ask"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("ask while logged out: %d %s", res.Status, res.Header.Get("Location"))
	}
	// Someone sent to log in who has no account yet signs up and lands
	// where they were going.
	contains(t, b.get(t, "/login?next=/questions/ask"), `href="/signup?next=%2fquestions%2fask"`)
	newcomer := newBrowser(env)
	contains(t, newcomer.get(t, "/signup?next=/questions/ask"), `name="next" value="/questions/ask"`, `href="/login?next=%2fquestions%2fask"`)
	res = newcomer.post(t, "/signup?next=/questions/ask", "/signup", url.Values{"username": {"carl"}, "email": {"carl@example.com"},
		"password": {"correct horse battery"}, "next": {"/questions/ask"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/questions/ask?welcome=1" {
		t.Fatalf("sign-up with next: %d %s", res.Status, res.Header.Get("Location"))
	}
	res = b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"wrong password"}})
	if res.Status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.Status)
	}
	contains(t, res, "Wrong username or password", `value="ada"`)
	res = b.post(t, "/login?next=/tags", "/login", url.Values{"login": {"ada@example.com"}, "password": {"correct horse battery"}, "next": {"/tags"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/tags" {
		t.Fatalf("login: %d %s", res.Status, res.Header.Get("Location"))
	}
	// Addresses a browser would read as another site (it drops tabs and
	// newlines and reads a backslash as a slash) go home instead.
	for _, next := range []string{"//evil.example.com", "/\t/evil.example.com", "/\\evil.example.com", "/\n/evil.example.com",
		"https://evil.example.com", "/%09/evil.example.com/../x"} {
		res = b.post(t, "/", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != "/" && !strings.HasPrefix(loc, "/%") {
			t.Fatalf("next %q: open redirect to %q", next, loc)
		}
	}
	// Logged in, the log-in and sign-up pages lead on to where their link pointed.
	for _, page := range []string{"/login?next=/tags", "/signup?next=/tags"} {
		if res := b.get(t, page); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/tags" {
			t.Fatalf("%s logged in: %d %s", page, res.Status, res.Header.Get("Location"))
		}
	}
	if res := b.get(t, "/login?next=//evil.example.com"); res.Header.Get("Location") != "/" {
		t.Fatalf("logged in, an outside next: %s", res.Header.Get("Location"))
	}
}

func TestFormsNeedCSRFToken(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	b.signUp(t, "ada")
	form := url.Values{"title": {"A question without a CSRF token"}, "body": {"This must be refused, the token is missing."}, "tags": {"x"}}
	req, _ := http.NewRequest("POST", env.URL+"/questions/ask", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", env.URL+"/questions/ask")
	// Refused in the person's words, with what was typed, to copy, and the
	// way back to the form.
	res := b.do(t, req)
	if res.Status != http.StatusForbidden {
		t.Fatalf("no token: %d", res.Status)
	}
	contains(t, res, "The form expired", "Your text was not saved", ">A question without a CSRF token</textarea>",
		">This must be refused, the token is missing.</textarea>", `href="/questions/ask"`)
	if strings.Contains(string(res.Body), "csrf token") {
		t.Fatalf("the framework's words on the page:\n%s", res.Body)
	}
	// Text that is not UTF-8 is refused, not repaired.
	page := b.get(t, "/questions/ask")
	bad := url.Values{"_csrf": {string(csrfRE.FindSubmatch(page.Body)[1])}, "title": {"A question with a broken byte \xff"},
		"body": {"This must be refused: the title is not valid UTF-8."}, "tags": {"x"}}
	if res := b.postForm(t, "/questions/ask", bad); res.Status != http.StatusBadRequest {
		t.Fatalf("invalid UTF-8: %d", res.Status)
	}
	form.Set("_csrf", "forged")
	req, _ = http.NewRequest("POST", env.URL+"/questions/ask", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := b.do(t, req); res.Status != http.StatusForbidden {
		t.Fatalf("forged token: %d", res.Status)
	}
	req, _ = http.NewRequest("POST", env.URL+"/questions/ask", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := b.do(t, req); res.Status != http.StatusForbidden {
		t.Fatalf("cross-site post: %d", res.Status)
	}
	if l := env.API(t, "GET", "/questions", "", nil).Map(t); l["total"].(float64) != 0 {
		t.Fatal("a forged form created a question")
	}
	// The session ended meanwhile (it grew too old, or its password was
	// changed elsewhere): the answer is kept too, with a log-in link back
	// to the question.
	_, bob := env.SignUp(t, "bob")
	qid := env.Ask(t, bob, "Printer prints blank pages", "printer")
	qpath := fmt.Sprintf("/questions/%d", qid)
	page = b.get(t, qpath)
	token := csrfRE.FindSubmatch(page.Body)
	if err := env.App.Store.DB.Where("1 = 1").Delete(&store.Session{}).Error; err != nil {
		t.Fatal(err)
	}
	answer := url.Values{"_csrf": {string(token[1])}, "body": {"Swap the toner cartridge; the old one is empty."}}
	sendAnswer := func() *testkit.Response {
		req, _ := http.NewRequest("POST", env.URL+qpath+"/answers", strings.NewReader(answer.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", env.URL+qpath)
		return b.do(t, req)
	}
	res = sendAnswer()
	if res.Status != http.StatusUnauthorized {
		t.Fatalf("answer after the session ended: %d", res.Status)
	}
	contains(t, res, ">Swap the toner cartridge; the old one is empty.</textarea>", `href="`+qpath+`"`,
		`href="/login?next=`+url.QueryEscape(qpath)+`"`)
	// Logged out meanwhile (in another tab): the form's token was the
	// session's and no longer passes, but the answer is kept, with the way
	// back to the question.
	b.logIn(t, "ada")
	token = csrfRE.FindSubmatch(b.get(t, qpath).Body)
	answer.Set("_csrf", string(token[1]))
	b.post(t, "/", "/logout", url.Values{})
	res = sendAnswer()
	if res.Status != http.StatusForbidden {
		t.Fatalf("answer after logging out in another tab: %d", res.Status)
	}
	contains(t, res, "The form expired", ">Swap the toner cartridge; the old one is empty.</textarea>", `href="`+qpath+`"`)
}

func TestGermanPages(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	contains(t, b.get(t, "/", "Accept-Language", "de-DE,de;q=0.9,en;q=0.5"), `lang="de"`, "Alle Fragen", "Frage stellen")
	contains(t, b.get(t, "/", "Accept-Language", "fr-FR"), `lang="en"`, "All questions")
	res := b.post(t, "/", "/language", url.Values{"lang": {"de"}, "next": {"/tags"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("switch language: %d", res.Status)
	}
	contains(t, b.get(t, "/tags"), `lang="de"`, "Nach Namen filtern")
	// A filter no tag matches says so, not that there are no tags yet, and leads to a search for the word.
	res = b.get(t, "/tags?filter=druck%26")
	contains(t, res, "Kein Tag beginnt mit „druck&amp;“.", `href="/search?q=druck%26">Die Fragen nach „druck&amp;“ durchsuchen</a>`)
	if strings.Contains(string(res.Body), "Noch keine Tags.") {
		t.Errorf("a filter that matches nothing says there are no tags yet")
	}
	// The language form comes back to the page as it was, query and all.
	contains(t, b.get(t, "/tags?page=2&filter=vp"), `name="next" value="/tags?filter=vp&amp;page=2"`)
	if res := b.post(t, "/tags?filter=vp&page=2", "/language", url.Values{"lang": {"en"}, "next": {"/tags?filter=vp&page=2"}}); res.Header.Get("Location") != "/tags?filter=vp&page=2" {
		t.Fatalf("switch language: back to %q", res.Header.Get("Location"))
	}
}

func TestHealthAndStatic(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	b := newBrowser(env)
	if res := b.get(t, "/healthz"); res.Status != 200 {
		t.Fatalf("healthz: %d", res.Status)
	}
	env.Searchable(t)
	if res := b.get(t, "/readyz"); res.Status != 200 || !strings.Contains(string(res.Body), `"lag":0`) {
		t.Fatalf("readyz: %d %s", res.Status, res.Body)
	}
	home := b.get(t, "/")
	m := regexp.MustCompile(`href="(/static/style.css\?v=[0-9a-f]+)"`).FindSubmatch(home.Body)
	if m == nil {
		t.Fatal("no checksummed stylesheet link")
	}
	css := b.get(t, string(m[1]))
	if css.Status != 200 || !strings.Contains(css.Header.Get("Cache-Control"), "immutable") || !strings.Contains(css.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %v", css.Status, css.Header)
	}
	if csp := home.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("CSP = %q", csp)
	}
	if res := b.get(t, "/static/nope.css"); res.Status != 404 {
		t.Fatalf("missing static: %d", res.Status)
	}
	// HEAD works wherever GET does (uptime checks), headers without a body.
	for _, path := range []string{"/healthz", "/", string(m[1]), "/api/v1/questions"} {
		req, _ := http.NewRequest(http.MethodHead, env.URL+path, nil)
		res := b.do(t, req)
		if res.Status != 200 || len(res.Body) != 0 || res.Header.Get("Content-Type") == "" || res.Header.Get("Content-Length") == "0" {
			t.Fatalf("HEAD %s: %d, %d bytes, %v", path, res.Status, len(res.Body), res.Header)
		}
	}
	// So the methods a path allows name HEAD wherever they name GET.
	for _, c := range []struct{ method, path, allow string }{
		{http.MethodOptions, "/api/v1/questions", "OPTIONS, GET, POST, HEAD"},
		{http.MethodDelete, "/api/v1/questions", "OPTIONS, GET, POST, HEAD"},
		{http.MethodOptions, "/healthz", "OPTIONS, GET, HEAD"},
		{http.MethodPatch, "/api/v1/me/password", "OPTIONS, POST"},
		{http.MethodPut, "/questions/ask", "OPTIONS, GET, POST, HEAD"}, // a page: the 405 comes before any form check
	} {
		req, _ := http.NewRequest(c.method, env.URL+c.path, nil)
		res := b.do(t, req)
		if res.Header.Get("Allow") != c.allow || (c.method != http.MethodOptions && res.Status != http.StatusMethodNotAllowed) {
			t.Fatalf("%s %s: %d, Allow %q, want %q", c.method, c.path, res.Status, res.Header.Get("Allow"), c.allow)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestLoginAttemptsAreLimited refuses password guessing beyond the limit with 429.
func TestLoginAttemptsAreLimited(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.LoginRate, c.LoginBurst = 3, 3 })
	b := newBrowser(env)
	codes := []int{}
	var last *testkit.Response
	for i := 0; i < 5; i++ {
		last = b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"guess"}})
		codes = append(codes, last.Status)
	}
	if codes[0] != http.StatusUnauthorized || codes[4] != http.StatusTooManyRequests {
		t.Fatalf("statuses = %v", codes)
	}
	if got := last.Header.Get("Retry-After"); got != "20" { // 3 a minute
		t.Errorf("Retry-After %q, want 20", got)
	}
	// A forwarded-for header is not believed from a peer that is no trusted proxy.
	for _, h := range []string{"X-Forwarded-For", "X-Real-Ip"} {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/tokens", strings.NewReader(`{"username": "ada", "password": "guess"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(h, "10.9.8.7")
		if res := b.do(t, req); res.Status != http.StatusTooManyRequests {
			t.Fatalf("%s dodged the limit: %d", h, res.Status)
		}
	}
	if res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ada", "password": "guess"}); res.Status != http.StatusTooManyRequests {
		t.Fatalf("token endpoint after the limit: %d", res.Status)
	}
}

// TestFailedLogInsPerAccountOnThePage: after ten failed log-ins of an
// account from one address, that address is refused even the right
// password, on the log-in page with what was typed; someone guessing from
// elsewhere does not lock the owner out.
func TestFailedLogInsPerAccountOnThePage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
	})
	env.SignUp(t, "ada")
	b := newBrowser(env)
	token := func(from, password string) *testkit.Response {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/tokens", strings.NewReader(`{"username": "ada", "password": "`+password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", from)
		return b.do(t, req)
	}
	for i := range 10 {
		if res := b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"guess"}}); res.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, res.Status)
		}
	}
	page := b.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}})
	if page.Status != http.StatusTooManyRequests || page.Header.Get("Retry-After") != "180" {
		t.Fatalf("the right password from the guessing address: %d (Retry-After %q)", page.Status, page.Header.Get("Retry-After"))
	}
	contains(t, page, "Too many failed log-ins for this account from here", `value="ada"`)
	if res := token("10.0.0.66", "correct horse battery"); res.Status != http.StatusCreated {
		t.Fatalf("the owner from another address: %d %s", res.Status, res.Body)
	}
	for i := range 10 {
		if res := token("10.0.0.66", "guess"); res.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d from a second address: %d", i, res.Status)
		}
	}
	if res := token("10.0.0.66", "guess"); res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "180" {
		t.Fatalf("eleventh guess from the second address: %d %s (Retry-After %q)", res.Status, res.Body, res.Header.Get("Retry-After"))
	}
}

// TestTrustedProxyNamesTheClient limits each client behind a trusted proxy
// by the address the proxy forwards.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.LoginRate, c.LoginBurst = 1, 1
		c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
	})
	b := newBrowser(env)
	try := func(client string) int {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/api/v1/tokens", strings.NewReader(`{"username": "ada", "password": "guess"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", client)
		return b.do(t, req).Status
	}
	if got := []int{try("10.0.0.1"), try("10.0.0.1"), try("10.0.0.2")}; got[0] != http.StatusUnauthorized ||
		got[1] != http.StatusTooManyRequests || got[2] != http.StatusUnauthorized {
		t.Fatalf("statuses = %v", got)
	}
}

// TestRequireLogin closes every page and API call to anonymous visitors,
// the OpenAPI document too, except signing up, logging in and getting a token.
func TestRequireLogin(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.RequireLogin = true })
	b := newBrowser(env)
	if res := b.get(t, "/questions"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous page: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := env.API(t, "GET", "/questions", "", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous API: %d", res.Status)
	}
	if res := env.API(t, "GET", "/users", "", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous user list: %d", res.Status)
	}
	if res := env.API(t, "GET", "/openapi.json", "", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous OpenAPI document: %d", res.Status)
	}
	_, tok := env.SignUp(t, "ada") // POST /users and POST /tokens stay open
	if res := env.API(t, "GET", "/questions", tok, nil); res.Status != http.StatusOK {
		t.Fatalf("API with a token: %d", res.Status)
	}
	if res := env.API(t, "GET", "/openapi.json", tok, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"openapi"`) {
		t.Fatalf("OpenAPI document with a token: %d", res.Status)
	}
	b.signUp(t, "bob")
	if res := b.get(t, "/questions"); res.Status != http.StatusOK {
		t.Fatalf("page after sign-up: %d", res.Status)
	}
	// A password link is open: it is how an imported account first logs in.
	grace := storetest.User(t, env.App.Store, "grace", store.RoleUser)
	secret, _, err := env.App.Auth.IssuePasswordLink(context.Background(), grace.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := newBrowser(env)
	path := "/password/" + secret
	if res := g.get(t, path); res.Status != http.StatusOK {
		t.Fatalf("password link with login required: %d %s", res.Status, res.Header.Get("Location"))
	}
	res := g.post(t, path, path, url.Values{"password": {"correct horse battery"}, "password_confirm": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("set password with login required: %d", res.Status)
	}
	if res := g.get(t, "/questions"); res.Status != http.StatusOK {
		t.Fatalf("page after claiming the account: %d", res.Status)
	}
}

// TestClosedSignup: with STACKDESK_SIGNUP=closed nobody signs up on the
// page or through the API, no page offers it, and an administrator still
// creates accounts.
func TestClosedSignup(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.RequireLogin, c.SignupClosed = true, true })
	b := newBrowser(env)
	page := b.get(t, "/signup")
	if page.Status != http.StatusForbidden || strings.Contains(string(page.Body), `action="/signup"`) {
		t.Fatalf("sign-up page: %d", page.Status)
	}
	contains(t, page, "created by its administrators")
	if strings.Contains(string(b.get(t, "/login").Body), `href="/signup`) {
		t.Fatal("the log-in page offers a closed sign-up")
	}
	if res := b.postForm(t, "/signup", url.Values{"username": {"eve"}, "email": {"eve@example.com"}, "password": {"correct horse battery"}}); res.Status != http.StatusForbidden {
		t.Fatalf("sign-up form posted: %d", res.Status)
	}
	signUp := map[string]string{"username": "eve", "email": "eve@example.com", "password": "correct horse battery"}
	if res := env.API(t, "POST", "/users", "", signUp); res.Status != http.StatusForbidden || res.ErrorCode() != "forbidden" {
		t.Fatalf("API sign-up: %d %s", res.Status, res.Body)
	}
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "root", Email: "root@example.com",
		Password: "correct horse battery"}, store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	root := env.API(t, "POST", "/tokens", "", map[string]string{"username": "root", "password": "correct horse battery"}).Map(t)["token"].(string)
	if res := env.API(t, "POST", "/users", root, signUp); res.Status != http.StatusCreated {
		t.Fatalf("an administrator creates an account: %d %s", res.Status, res.Body)
	}
}

// TestMainMenuMarksTheSection: the main menu marks the section a page is in,
// as the page itself on the section's own page and as within it on the
// pages under it (a question, a tag, a person, a help request), and no
// other section.
func TestMainMenuMarksTheSection(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	uid, tok := env.SignUp(t, "ada")
	q := env.Ask(t, tok, "Outlook keeps asking for my password", "outlook")
	b := newBrowser(env)
	for path, want := range map[string]string{
		"/":                                      `<a href="/questions" aria-current="page">`,
		"/questions":                             `<a href="/questions" aria-current="page">`,
		"/questions/" + strconv.FormatInt(q, 10): `<a href="/questions" aria-current="true">`,
		"/tags/outlook":                          `<a href="/tags" aria-current="true">`,
		"/users/" + strconv.FormatInt(uid, 10):   `<a href="/users" aria-current="true">`,
		"/help":                                  `<a href="/help" aria-current="page">`,
	} {
		res := b.get(t, path)
		contains(t, res, want)
		nav := string(res.Body)[strings.Index(string(res.Body), `class="main-nav"`):]
		nav = nav[:strings.Index(nav, "</nav>")]
		if strings.Count(nav, "aria-current") != 1 {
			t.Errorf("%s: %d sections marked in %s", path, strings.Count(nav, "aria-current"), nav)
		}
	}
}

// TestSignUpWelcomes: a new member lands, after signing up, on the page they
// were going to (the front page by default) with a greeting that names the
// places to start: Get help, asking, the profile settings. The marked
// address greets no one else, and no one once the account is no longer new.
func TestSignUpWelcomes(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	for _, lang := range []string{"en", "de"} {
		b := newBrowser(env)
		name := "carl" + lang
		res := b.post(t, "/signup", "/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {"correct horse battery"}, "display_name": {"Carl " + lang}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/?welcome=1" {
			t.Fatalf("sign-up: %d %q", res.Status, res.Header.Get("Location"))
		}
		page := b.get(t, res.Header.Get("Location"), "Accept-Language", lang)
		want := map[string]string{"en": "Welcome, Carl en: your account is ready.", "de": "Willkommen, Carl de: Ihr Konto ist eingerichtet."}[lang]
		contains(t, page, `class="notice welcome" role="status"`, want, `<a href="/help">`, `<a href="/questions/ask">`, `<a href="/settings">`)
		if strings.Contains(string(page.Body), "welcome=1") {
			t.Error("the greeting's links carry it on")
		}
		if strings.Contains(string(b.get(t, "/").Body), "notice welcome") {
			t.Error("the front page greets without the sign-up's mark")
		}
	}
	if strings.Contains(string(newBrowser(env).get(t, "/?welcome=1").Body), "notice welcome") {
		t.Error("the marked address greets a visitor who is not logged in")
	}
	// An account older than the greeting's minutes is not greeted.
	if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "carlen").Update("created_at", time.Now().Add(-time.Hour)).Error; err != nil {
		t.Fatal(err)
	}
	old := newBrowser(env)
	old.logIn(t, "carlen")
	if strings.Contains(string(old.get(t, "/?welcome=1").Body), "notice welcome") {
		t.Error("an account an hour old is greeted as new")
	}
}
