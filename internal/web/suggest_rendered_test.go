package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"stackdesk/internal/auth"
	"stackdesk/internal/importer"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// reviewer signs up a member with the edit privilege.
func reviewer(t *testing.T, env *testkit.Env, name string) *browser {
	t.Helper()
	b := newBrowser(env)
	b.signUp(t, name)
	if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", name).Update("reputation", 600).Error; err != nil {
		t.Fatal(err)
	}
	return b
}

// suggestThrough suggests an edit of post id through the edit form and
// returns the suggestion's path.
func suggestThrough(t *testing.T, b *browser, id string, values url.Values) string {
	t.Helper()
	edit := "/posts/" + id + "/edit"
	res := b.post(t, edit, edit, values)
	m := suggestionPathRE.FindStringSubmatch(res.Header.Get("Location"))
	if res.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("suggest: %d %q %.500s", res.Status, res.Header.Get("Location"), res.Body)
	}
	return m[0]
}

// between returns the part of a page from the first start to the end
// after it.
func between(t *testing.T, r *testkit.Response, start, end string) string {
	t.Helper()
	b := string(r.Body)
	i := strings.Index(b, start)
	if i < 0 {
		t.Fatalf("page lacks %q:\n%s", start, b)
	}
	j := strings.Index(b[i:], end)
	if j < 0 {
		t.Fatalf("page lacks %q after %q", end, start)
	}
	return b[i : i+j+len(end)]
}

// TestSuggestionShowsTheRenderedChange: a reviewer sees a suggested edit
// first as the post would read once approved, with its inserted and removed
// words, its title's and its tags' changes marked; links switch to the
// Markdown diff and back without JavaScript, keep where the review leads,
// and the view stays when a review is refused; both languages label them.
func TestSuggestionShowsTheRenderedChange(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cyd := reviewer(t, env, "cyd")
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		spath := suggestThrough(t, bob, qid, url.Values{
			"title": {"VPN certificate expired on Monday"},
			"body": {"The client says the **certificate** expired (error 0x800B0101). What can I do?\n\n" +
				"See [the guide](https://wiki.example/vpn)."},
			"tags": {"vpn windows"}, "comment": {"error code"}})

		page := cyd.get(t, spath+"?next=/review")
		contains(t, page,
			`<a href="`+spath+`?next=%2Freview" aria-current="true">Rendered</a>`,
			`<a href="`+spath+`?next=%2Freview&amp;view=markdown">Markdown</a>`,
			"added text is underlined on green, removed text struck through on red")
		diffMarksInBothLanguages(t, cyd, page)
		title := between(t, page, `<p class="rendered-title"`, "</p>")
		for _, want := range []string{"<span>VPN certificate expired </span><del>this</del><ins>on</ins>", "<del>morning</del><ins>Monday</ins>"} {
			if !strings.Contains(title, want) {
				t.Errorf("the rendered title lacks %s: %s", want, title)
			}
		}
		body := between(t, page, `<div class="body rendered-body" dir="auto">`, "</div>")
		for _, want := range []string{
			"<p>The client says the <strong><ins>certificate</ins></strong> expired<ins> (error 0x800B0101)</ins>. What can I do?</p>",
			`<p><ins>See </ins><a href="https://wiki.example/vpn" rel="nofollow noopener"><ins>the guide</ins></a><ins>.</ins></p>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the rendered body lacks %s:\n%s", want, body)
			}
		}
		tags := between(t, page, `<ul class="tags rendered-tags">`, "</ul>")
		if tags != `<ul class="tags rendered-tags"><li><span class="tag">vpn</span></li><li><ins class="tag">windows</ins></li></ul>` {
			t.Errorf("tags: %s", tags)
		}
		if strings.Contains(string(page.Body), `class="diff diff-body"`) {
			t.Error("the Markdown diff shows in the rendered view")
		}

		// The Markdown view, and back; a view= it does not know shows the rendered one.
		md := cyd.get(t, spath+"?next=/review&view=markdown")
		contains(t, md, `<a href="`+spath+`?next=%2Freview&amp;view=markdown" aria-current="true">Markdown</a>`,
			`<pre class="diff diff-body" dir="auto"`, "0x800B0101", `<input type="hidden" name="view" value="markdown">`)
		if strings.Contains(string(md.Body), "rendered-body") {
			t.Error("the rendered diff shows in the Markdown view")
		}
		contains(t, cyd.get(t, spath+"?view=nonsense"), `<a href="`+spath+`" aria-current="true">Rendered</a>`, "rendered-body")
		// A refused rejection shows the page again in the view it was sent from.
		res := cyd.post(t, spath+"?view=markdown", spath+"/reject", url.Values{"view": {"markdown"}, "next": {"/review"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("reject without a reason: %d", res.Status)
		}
		contains(t, res, "Choose why the edit is rejected.", `class="diff diff-body"`, `<a href="`+spath+`?next=%2Freview">Rendered</a>`)
		if strings.Contains(string(res.Body), "rendered-body") {
			t.Error("a refused rejection from the Markdown view shows the rendered one")
		}

		// German.
		de := cyd.get(t, spath, "Accept-Language", "de")
		contains(t, de, `aria-current="true">Formatiert</a>`, ">Markdown</a>", `aria-label="Änderung anzeigen"`,
			"Hinzugefügter Text ist grün hinterlegt und unterstrichen")

		// An answer has neither title nor tags: its body alone.
		res = cyd.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Renew it in the self-service portal, then reconnect."}})
		aid := regexp.MustCompile(`#answer-(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || aid == nil {
			t.Fatalf("answer: %d %q", res.Status, res.Header.Get("Location"))
		}
		apath := suggestThrough(t, bob, aid[1], url.Values{"body": {"Renew it in the self-service portal, then restart the client."}})
		answer := cyd.get(t, apath)
		contains(t, answer, "then <del>reconnect</del><ins>restart the client</ins>.")
		if b := string(answer.Body); strings.Contains(b, "rendered-title") || strings.Contains(b, "rendered-tags") {
			t.Error("the rendered diff of an answer shows a title or tags")
		}
	})
}

// TestRenderedSuggestionOfBadInputIsHarmless: payloads of the bad-input
// corpora in a suggested edit, and in the post it edits, show in the
// rendered diff as text or as the sanitiser leaves them: no script,
// handler, or script address reaches the reviewer's page, and the diff's
// elements are balanced.
func TestRenderedSuggestionOfBadInputIsHarmless(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cyd := reviewer(t, env, "cyd")
		payloads := []string{
			`<img src=x onerror=alert(1)>`,
			`<a href="javascript:alert(2)">click</a>`,
			`<script>alert(3)</script>`,
			`<svg/onload=alert(4)>`,
			`[link](javascript:alert(5))`,
			`<iframe src="data:text/html,<script>alert(6)</script>"></iframe>`,
			`<div style="background:url(javascript:alert(7))">x</div>`,
			`"><img src=x onerror=alert(8)><"`,
			`<details open ontoggle=alert(9)>`,
			`<a href="jav&#x09;ascript:alert(10)">tab</a>`,
			`</div></div></main><form action="/logout"><button>out</button></form>`,
			"As code, which stays text: `<img src=x onerror=alert(11)>` and `<script>alert(12)</script>`",
		}
		res := ada.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"Outlook shows a security warning on start"},
			"body": {"Outlook warns about the certificate each morning. " + payloads[0] + " " + payloads[10]}, "tags": {"outlook"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		qid := questionIDRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		spath := suggestThrough(t, bob, qid, url.Values{"title": {"Outlook shows a security warning " + payloads[2]},
			"body": {"Outlook warns about the certificate each morning since Monday.\n\n" + strings.Join(payloads[1:], "\n\n")},
			"tags": {"outlook certificates"}})
		page := cyd.get(t, spath)
		if page.Status != http.StatusOK {
			t.Fatalf("page: %d", page.Status)
		}
		body := between(t, page, `<div class="body rendered-body" dir="auto">`, "</div>\n<h2")
		body = strings.TrimSuffix(strings.TrimPrefix(body, `<div class="body rendered-body" dir="auto">`), "</div>\n<h2")
		if !strings.Contains(body, "<del>") || !strings.Contains(body, "<ins>") {
			t.Fatalf("the rendered diff marks nothing:\n%s", body)
		}
		harmless(t, page.Body)
		if err := balancedHTML(body); err != nil {
			t.Fatalf("rendered diff: %v\n%s", err, body)
		}
		// The payloads' text shows as text; no form of theirs is left.
		contains(t, page, "&lt;script&gt;alert(3)&lt;/script&gt;", "onerror=alert(11)", "alert(12)")
		if strings.Contains(body, "<form") || strings.Contains(body, "<button") {
			t.Errorf("a form in the rendered diff:\n%s", body)
		}
	})
}

// harmless fails on any element, attribute or address of a page that runs
// script, but the page's own script.
func harmless(t *testing.T, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if src := attr(n, "src"); !strings.HasPrefix(src, "/static/app.js") {
					t.Errorf("a script: %q", src)
				}
			case "iframe", "frame", "object", "embed", "svg", "math", "base":
				t.Errorf("a <%s>", n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				val := strings.Map(func(r rune) rune {
					if r <= ' ' || r == 0x7f {
						return -1
					}
					return r
				}, strings.ToLower(a.Val))
				switch {
				case strings.HasPrefix(key, "on"), key == "style" && n.Data != "svg":
					t.Errorf("%s=%q on <%s>", a.Key, a.Val, n.Data)
				case (key == "href" || key == "src" || key == "action") &&
					(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "data:") || strings.HasPrefix(val, "vbscript:")):
					t.Errorf("%s=%q on <%s>", a.Key, a.Val, n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// balancedHTML reports the first tag of s not closed in order.
func balancedHTML(s string) error {
	void := map[string]bool{"br": true, "hr": true, "img": true, "input": true, "wbr": true}
	var open []string
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				return fmt.Errorf("unclosed %v", open)
			}
			return nil
		case html.StartTagToken:
			if name, _ := z.TagName(); !void[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, open)
			}
			open = open[:len(open)-1]
		}
	}
}

// TestRenderedSuggestionOfALongPost: a suggested edit of a 30 KB post that
// rewrites it throughout shows, within the diff's bounds, whole paragraphs
// removed and added and says so; one that changes a word of it shows that
// word.
func TestRenderedSuggestionOfALongPost(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cyd := reviewer(t, env, "cyd")
		text := func(word string) string {
			var b strings.Builder
			for i := 0; b.Len() < 29900; i++ {
				fmt.Fprintf(&b, "%s%d ", word, i)
			}
			return strings.TrimSpace(b.String())
		}
		res := ada.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"A very long log of the VPN client"},
			"body": {text("line")}, "tags": {"vpn"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d %.300s", res.Status, res.Body)
		}
		qid := questionIDRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		note := "Part of this edit changes too much to be compared word by word"
		spath := suggestThrough(t, bob, qid, url.Values{"title": {"A very long log of the VPN client"}, "body": {text("entry")}, "tags": {"vpn"}})
		page := cyd.get(t, spath)
		contains(t, page, note, "<del><p>line0 line1 ", "<ins><p>entry0 entry1 ")
		if res := cyd.post(t, spath, spath+"/reject", url.Values{"reason": {"no_improvement"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", res.Status)
		}
		spath = suggestThrough(t, bob, qid, url.Values{"title": {"A very long log of the VPN client"},
			"body": {strings.Replace(text("line"), "line2000 ", "line2000b ", 1)}, "tags": {"vpn"}})
		page = cyd.get(t, spath)
		contains(t, page, "line1999 <del>line2000</del><ins>line2000b</ins> line2001")
		if strings.Contains(string(page.Body), note) {
			t.Error("a one-word edit of a long post is said to be too large")
		}
		if n := regexp.MustCompile(`<(ins|del)>`).FindAll(page.Body, -1); len(n) != 2 {
			t.Errorf("a one-word edit shows %d marks", len(n))
		}
	})
}

// TestRenderedSuggestionOfAnImportedPost: a suggested edit of a post
// imported without Markdown is compared with the Markdown derived from
// what the post shows, so only the word it changes is marked, not the
// whole body as new.
func TestRenderedSuggestionOfAnImportedPost(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	if _, err := importer.Import(context.Background(), env.App.Store, "../../testdata/se-small", importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
	bob := newBrowser(env)
	bob.signUp(t, "newcomer")
	form := bob.get(t, "/posts/3/edit")
	source := regexp.MustCompile(`(?s)<textarea[^>]*name="body"[^>]*>(.*?)</textarea>`).FindSubmatch(form.Body)
	if source == nil {
		t.Fatalf("edit form:\n%s", form.Body)
	}
	body := html.UnescapeString(string(source[1]))
	if !strings.Contains(body, "**new certificate**") {
		t.Fatalf("the form's Markdown: %q", body)
	}
	spath := suggestThrough(t, bob, "3", url.Values{"body": {strings.Replace(body, "**new certificate**", "**renewed certificate**", 1)}})
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	page := mod.get(t, spath)
	contains(t, page, "<strong><del>new</del><ins>renewed</ins> certificate</strong>")
	if n := regexp.MustCompile(`<(ins|del)>`).FindAll([]byte(between(t, page, `<div class="body rendered-body"`, "</div>")), -1); len(n) != 2 {
		t.Errorf("%d marks in the rendered diff of a one-word edit", len(n))
	}
}

var diffMarksRE = regexp.MustCompile(`<link rel="stylesheet" href="(/static/diff-marks.css\?v=\w+)">`)

// diffMarksInBothLanguages checks that a page with a diff links the style
// sheet of the words its marks say to screen readers, and that it holds
// them in both languages, each for a page in that language alone.
func diffMarksInBothLanguages(t *testing.T, b *browser, page *testkit.Response) {
	t.Helper()
	m := diffMarksRE.FindSubmatch(page.Body)
	if m == nil {
		t.Fatal("the page does not link the marks' words")
	}
	css := b.get(t, string(m[1]))
	if css.Status != http.StatusOK || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("marks' words: %d %s", css.Status, css.Header.Get("Content-Type"))
	}
	contains(t, css, `html:lang(en) { --diff-ins-start: "inserted"; --diff-ins-end: "end of insertion"; --diff-del-start: "removed"; --diff-del-end: "end of removal"; }`,
		`html:lang(de) { --diff-ins-start: "eingefügt"; --diff-ins-end: "Ende der Einfügung"; --diff-del-start: "entfernt"; --diff-del-end: "Ende der Entfernung"; }`)
}
