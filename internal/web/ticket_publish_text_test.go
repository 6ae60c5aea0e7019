package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// publishNasty is a ticket's text with what Markdown and HTML would read as
// markup.
const publishNasty = "Outlook says <Server not available> when I start it, and the path C:\\Users\\anna\\*old* and *new* folders are empty.\n" +
	"# not a heading\n1. not a list\n[x](y) `code` __init__ a_b_c\n\n" +
	"<img src=x onerror=alert(6)> broken <b>bold?</b> <script>alert(1)</script>"

var (
	pubBodyRE = regexp.MustCompile(`(?s)<textarea id="pub-body"[^>]*>(.*?)</textarea>`)
	mailtoRE  = regexp.MustCompile(`href="(mailto:[^"?]*\?subject=[^"]*)"`)
)

// published is two tickets with publishNasty as their text, published by
// an agent who works in German: one filed by an employee who chose German,
// resolved on its page with the prefilled "Question to publish" box as it
// stands (box), one filed without logging in, resolved by the API with the
// defaults.
type published struct {
	env         *testkit.Env
	hot         *browser
	hotTok      string
	mine, anon  string
	answer, box string
}

func publishTickets(t *testing.T) published {
	t.Helper()
	env := testkit.Boot(t, store.SQLite)
	_, empTok := env.SignUp(t, "emp")
	_, hotTok := env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	emp := newBrowser(env)
	emp.logIn(t, "emp")
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	language(t, emp, "de")
	language(t, hot, "de")
	ticket := func(token string) string {
		t.Helper()
		res := env.API(t, "POST", "/help-sessions", token, map[string]any{"query": "outlook server not available"})
		path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
		res = env.API(t, "POST", path+"/outcome", token, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": "Outlook shows an error at start", "body": publishNasty, "email": "emp@example.com", "consent_publish": true}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		return itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	}
	p := published{env: env, hot: hot, hotTok: hotTok, mine: ticket(empTok), anon: ticket(""),
		answer: "Restart Outlook in safe mode with outlook.exe /safe and recreate the profile."}
	m := pubBodyRE.FindSubmatch(hot.get(t, "/tickets/"+p.mine).Body)
	if m == nil {
		t.Fatal("no box for the question to publish")
	}
	p.box = html.UnescapeString(string(m[1]))
	if res := hot.post(t, "/tickets/"+p.mine, "/tickets/"+p.mine+"/resolve", url.Values{"answer": {p.answer}, "publish": {"on"},
		"question_body": {p.box}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve from the page: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/tickets/"+p.anon+"/resolution", hotTok, map[string]any{"answer": p.answer}); res.Status != http.StatusOK {
		t.Fatalf("resolve by the API: %d %s", res.Status, res.Body)
	}
	return p
}

// question is the id of the question a ticket was published as.
func (p published) question(t *testing.T, id string) string {
	t.Helper()
	return itoa(int64(p.env.API(t, "GET", "/tickets/"+id, p.hotTok, nil).Map(t)["published_question_id"].(float64)))
}

func language(t *testing.T, b *browser, lang string) {
	t.Helper()
	if res := b.post(t, "/", "/language", url.Values{"lang": {lang}, "next": {"/"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("language %s: %d", lang, res.Status)
	}
}

// TestPublishedTicketKeepsTheEmployeesWords: a ticket is plain text, so the
// question it is published as (from the ticket page's prefilled box, or by
// default) shows exactly what the employee wrote, nothing of it made markup.
func TestPublishedTicketKeepsTheEmployeesWords(t *testing.T) {
	p := publishTickets(t)
	if p.box != markdown.FromText(publishNasty) {
		t.Fatalf("the box to publish does not hold the text as Markdown: %q", p.box)
	}
	for _, id := range []string{p.mine, p.anon} {
		qid := p.question(t, id)
		body := p.env.API(t, "GET", "/questions/"+qid, "", nil).Map(t)["body_html"].(string)
		if got, want := markdown.HTMLToText(body), strings.Join(strings.Fields(publishNasty), " "); got != want {
			t.Errorf("ticket %s: the question shows %q, want %q\n%s", id, got, want, body)
		}
		for _, bad := range []string{"<em", "<strong", "<b>", "<code", "<h1", "<ol", "<img", "<script", `href="y"`} {
			if strings.Contains(body, bad) {
				t.Errorf("ticket %s: the text became markup %s: %s", id, bad, body)
			}
		}
		contains(t, p.hot.get(t, "/questions/"+qid), "Outlook says &lt;Server not available&gt; when I start it",
			`C:\Users\anna\*old* and *new* folders`, "# not a heading<br/>", "&lt;img src=x onerror=alert(6)&gt; broken &lt;b&gt;bold?&lt;/b&gt;")
	}
}

// TestHotlineTextsSpeakTheEmployeesLanguage: what is written for the
// employee is not in the agent's language: the reply mail is in the
// language the employee chose (the site's default when they were not
// logged in), and the published answer's mark, which every reader reads,
// in the site's default language.
func TestHotlineTextsSpeakTheEmployeesLanguage(t *testing.T) {
	p := publishTickets(t) // by an agent working in German
	for _, id := range []string{p.mine, p.anon} {
		answers := p.env.API(t, "GET", "/questions/"+p.question(t, id)+"/answers", "", nil).Map(t)["items"].([]any)
		if a := answers[0].(map[string]any)["body"].(string); !strings.HasSuffix(a, "\n\n---\n*Answered by the hotline.*") {
			t.Errorf("ticket %s: the answer's mark, by an agent working in German, is not in the site's language: %q", id, a)
		}
	}
	language(t, p.hot, "en")
	type mailWords struct{ greeting, published, quote string }
	for id, want := range map[string]mailWords{p.mine: {"Hallo emp,", "Die Antwort ist auch als Frage veröffentlicht: ", "Ihr Ticket:"},
		p.anon: {"Hello,", "The answer is also published as a question: ", "Your ticket:"}} {
		m := mailtoRE.FindSubmatch(p.hot.get(t, "/tickets/"+id).Body)
		if m == nil {
			t.Fatalf("ticket %s: no reply mail", id)
		}
		u, err := url.Parse(html.UnescapeString(string(m[1])))
		if err != nil {
			t.Fatal(err)
		}
		body := u.Query().Get("body")
		if !strings.HasPrefix(body, want.greeting+"\r\n\r\n"+p.answer+"\r\n\r\n"+want.published) {
			t.Errorf("ticket %s: the reply mail is not in the employee's language: %q", id, body)
		}
		// It repeats what the employee wrote, quoted: the subject and the start of the text.
		if quote := want.quote + "\r\n\r\n> Outlook shows an error at start\r\n>\r\n> Outlook says <Server not available> when I start it"; !strings.Contains(body, quote) {
			t.Errorf("ticket %s: the reply mail does not repeat the ticket: %q", id, body)
		}
	}
	language(t, p.hot, "de")
	if m := mailtoRE.FindSubmatch(p.hot.get(t, "/tickets/"+p.anon).Body); m == nil || !strings.Contains(string(m[1]), url.PathEscape("The answer is also published")) {
		t.Errorf("a ticket filed without logging in: the reply mail follows the agent's language: %s", m)
	}
}
