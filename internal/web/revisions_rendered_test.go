package web_test

import (
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

// editThrough saves an edit of post id through the edit form.
func editThrough(t *testing.T, b *browser, id string, values url.Values) {
	t.Helper()
	edit := "/posts/" + id + "/edit"
	if res := b.post(t, edit, edit, values); res.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d %.500s", res.Status, res.Body)
	}
}

// revisionPart is the part of a history page of revision n, up to the
// one before it (or the end of the list).
func revisionPart(t *testing.T, page *testkit.Response, n int) string {
	t.Helper()
	b := string(page.Body)
	i := strings.Index(b, fmt.Sprintf(`<li class="revision" id="rev-%d">`, n))
	if i < 0 {
		t.Fatalf("no revision %d:\n%s", n, b)
	}
	end := fmt.Sprintf(`<li class="revision" id="rev-%d">`, n-1)
	if n == 1 {
		end = "</ol>"
	}
	j := strings.Index(b[i:], end)
	if j < 0 {
		t.Fatalf("nothing after revision %d", n)
	}
	return b[i : i+j]
}

var marksRE = regexp.MustCompile(`<(ins|del)[ >]`)

// TestRevisionHistoryShowsTheRenderedChange: the history shows each
// revision's change first rendered, marked where it differs from the one
// before (bold and a link taken off included), the first unmarked; links
// switch to the Markdown diffs and back without JavaScript, keeping the
// page's other parameters; the words marks say to screen readers come in
// the page's language.
func TestRevisionHistoryShowsTheRenderedChange(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		qid := questionIDRE.FindStringSubmatch(askVPN(t, ada))[1]
		editThrough(t, ada, qid, url.Values{"title": {"VPN certificate expired on Monday"},
			"body": {"The client says the **certificate** expired. What can I do?\n\nSee [the guide](https://wiki.example/vpn)."},
			"tags": {"vpn windows"}, "revision": {"1"}})
		editThrough(t, ada, qid, url.Values{"title": {"VPN certificate expired on Monday"},
			"body": {"The client says the certificate expired. What can I do?\n\nSee the guide."}, "tags": {"vpn windows"}, "revision": {"2"}})
		path := "/posts/" + qid + "/revisions"

		page := ada.get(t, path)
		contains(t, page, `<a href="`+path+`" aria-current="true">Rendered</a>`, `<a href="`+path+`?view=markdown">Markdown</a>`,
			"Each revision as it read, marked where it changed from the one before", `<link rel="stylesheet" href="/static/diff-marks.css?v=`)
		diffMarksInBothLanguages(t, ada, page)
		if strings.Contains(string(page.Body), `class="diff diff-body"`) {
			t.Error("a Markdown diff shows in the rendered view")
		}
		rev3 := revisionPart(t, page, 3)
		for _, want := range []string{"<p>The client says the <ins>certificate</ins> expired. What can I do?</p>", "<p>See <ins>the guide</ins>.</p>",
			`<p class="rendered-title" dir="auto"><span>VPN certificate expired on Monday</span></p>`,
			`<li><span class="tag">vpn</span></li><li><span class="tag">windows</span></li>`} {
			if !strings.Contains(rev3, want) {
				t.Errorf("revision 3 lacks %s:\n%s", want, rev3)
			}
		}
		rev2 := revisionPart(t, page, 2)
		for _, want := range []string{"the <strong><ins>certificate</ins></strong> expired", `<a href="https://wiki.example/vpn" rel="nofollow noopener"><ins>the guide</ins></a>`,
			"<del>morning</del><ins>Monday</ins>", `<li><ins class="tag">windows</ins></li>`} {
			if !strings.Contains(rev2, want) {
				t.Errorf("revision 2 lacks %s:\n%s", want, rev2)
			}
		}
		rev1 := revisionPart(t, page, 1)
		if !strings.Contains(rev1, "<p>The client says the certificate expired. What can I do?</p>") ||
			!strings.Contains(rev1, `<span>VPN certificate expired this morning</span>`) || marksRE.MatchString(rev1) {
			t.Errorf("revision 1 is not its text, unmarked:\n%s", rev1)
		}

		// The Markdown view, keeping the other parameters, and back.
		md := ada.get(t, path+"?at=2&view=markdown")
		contains(t, md, `<a href="`+path+`?at=2">Rendered</a>`, `<a href="`+path+`?at=2&amp;view=markdown" aria-current="true">Markdown</a>`,
			`<pre class="diff diff-body" dir="auto"`)
		if n := strings.Count(string(md.Body), `<pre class="diff diff-body"`); n != 3 {
			t.Errorf("%d Markdown diffs of the body in the Markdown view", n)
		}
		if b := string(md.Body); strings.Contains(b, "rendered-body") || strings.Contains(b, "Each revision as it read") {
			t.Error("the rendered view shows in the Markdown view")
		}
		contains(t, ada.get(t, path+"?view=nonsense"), `<a href="`+path+`" aria-current="true">Rendered</a>`, "rendered-body")

		// German.
		contains(t, ada.get(t, path, "Accept-Language", "de"), `<html lang="de">`, `aria-current="true">Formatiert</a>`, `<link rel="stylesheet" href="/static/diff-marks.css?v=`)
	})
}

// TestRevisionHistoryRendersTenRevisionsAtMost: of a history of many
// revisions, a page renders the changes of ten; the others show their
// Markdown diff, say why and link to the page rendering them, at their
// place.
func TestRevisionHistoryRendersTenRevisionsAtMost(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		qid := questionIDRE.FindStringSubmatch(askVPN(t, ada))[1]
		for i := 2; i <= 13; i++ {
			editThrough(t, ada, qid, url.Values{"title": {"VPN certificate expired this morning"},
				"body": {fmt.Sprintf("The client says the certificate expired %d times. What can I do?", i)}, "tags": {"vpn"}})
		}
		path := "/posts/" + qid + "/revisions"
		rendered := func(page *testkit.Response) (out []int) {
			for n := 13; n >= 1; n-- {
				part := revisionPart(t, page, n)
				r, md := strings.Contains(part, "rendered-body"), strings.Contains(part, `class="diff diff-body"`)
				if r == md {
					t.Fatalf("revision %d: rendered %v, Markdown %v", n, r, md)
				}
				if r {
					out = append(out, n)
				} else if !strings.Contains(part, "a page renders the changes of 10 revisions at most") ||
					!strings.Contains(part, fmt.Sprintf(`<a href="%s?at=%d#rev-%d">Show this one rendered</a>`, path, n, n)) {
					t.Errorf("revision %d shows its Markdown diff without saying why:\n%s", n, part)
				}
			}
			return out
		}
		if got := fmt.Sprint(rendered(ada.get(t, path))); got != "[13 12 11 10 9 8 7 6 5 4]" {
			t.Errorf("rendered: %s", got)
		}
		page := ada.get(t, path+"?at=3")
		if got := fmt.Sprint(rendered(page)); got != "[3 2 1]" {
			t.Errorf("at=3 rendered: %s", got)
		}
		contains(t, page, "expired <del>2</del><ins>3</ins> times", `<a href="`+path+`?at=3&amp;view=markdown">Markdown</a>`)
		if got := fmt.Sprint(rendered(ada.get(t, path+"?at=abc"))); got != "[13 12 11 10 9 8 7 6 5 4]" {
			t.Errorf("at=abc rendered: %s", got)
		}
		// A revision the post has not is said, not passed over; the
		// page's links leave it out.
		if strings.Contains(string(page.Body), "no-such-revision") {
			t.Error("at=3 says the post has no such revision")
		}
		for _, at := range []string{"999", "abc", "0"} {
			none := ada.get(t, path+"?at="+at)
			contains(t, none, `<p class="notice" role="status" id="no-such-revision">This post has no revision “`+at+`”: its history is shown from the newest revision.</p>`,
				`<a href="`+path+`?view=markdown">Markdown</a>`)
			if got := fmt.Sprint(rendered(none)); got != "[13 12 11 10 9 8 7 6 5 4]" {
				t.Errorf("at=%s rendered: %s", at, got)
			}
		}
		contains(t, ada.get(t, path+"?at=999", "Accept-Language", "de"), "Dieser Beitrag hat keine Version „999“")
	})
}

// TestRevisionHistoryOfAnImportedPost: an imported post never edited
// shows its one revision as the post reads; once edited, the edit's
// revision marks only the word it changes.
func TestRevisionHistoryOfAnImportedPost(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) { importedHistory(t, env) })
}

func importedHistory(t *testing.T, env *testkit.Env) {
	if _, err := importer.Import(context.Background(), env.App.Store, "../../testdata/se-small", importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
		Password: "correct horse battery"}, store.RoleModerator); err != nil {
		t.Fatal(err)
	}
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	page := mod.get(t, "/posts/3/revisions")
	rev1 := revisionPart(t, page, 1)
	if !strings.Contains(rev1, "<strong>new certificate</strong>") || marksRE.MatchString(rev1) {
		t.Fatalf("the imported revision is not the post's text, unmarked:\n%s", rev1)
	}

	form := mod.get(t, "/posts/3/edit")
	source := regexp.MustCompile(`(?s)<textarea[^>]*name="body"[^>]*>(.*?)</textarea>`).FindSubmatch(form.Body)
	if source == nil {
		t.Fatalf("edit form:\n%s", form.Body)
	}
	body := html.UnescapeString(string(source[1]))
	editThrough(t, mod, "3", url.Values{"body": {strings.Replace(body, "**new certificate**", "**renewed certificate**", 1)}, "revision": {"1"}})
	page = mod.get(t, "/posts/3/revisions")
	rev2 := revisionPart(t, page, 2)
	if !strings.Contains(rev2, "<strong><del>new</del><ins>renewed</ins> certificate</strong>") || len(marksRE.FindAllString(rev2, -1)) != 2 {
		t.Errorf("the edit's revision does not mark its word alone:\n%s", rev2)
	}
	if rev1 := revisionPart(t, page, 1); !strings.Contains(rev1, "<strong>new certificate</strong>") || marksRE.MatchString(rev1) {
		t.Errorf("the imported revision after the edit:\n%s", rev1)
	}
}

// TestRevisionHistoryOfALongPost: a revision rewriting a 30 KB post
// throughout shows, within the rendered diff's bounds, whole paragraphs
// removed and added and says so; one changing a word of it shows that
// word alone.
func TestRevisionHistoryOfALongPost(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada := newBrowser(env)
		ada.signUp(t, "ada")
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
		editThrough(t, ada, qid, url.Values{"title": {"A very long log of the VPN client"}, "body": {text("entry")}, "tags": {"vpn"}})
		editThrough(t, ada, qid, url.Values{"title": {"A very long log of the VPN client"},
			"body": {strings.Replace(text("entry"), "entry2000 ", "entry2000b ", 1)}, "tags": {"vpn"}})
		page := ada.get(t, "/posts/"+qid+"/revisions")
		note := "Part of this edit changes too much to be compared word by word"
		rev2 := revisionPart(t, page, 2)
		if !strings.Contains(rev2, note) || !strings.Contains(rev2, "<del><p>line0 line1 ") || !strings.Contains(rev2, "<ins><p>entry0 entry1 ") {
			t.Errorf("a rewrite of 30 KB is not shown whole, or not said to be:\n%.600s", rev2)
		}
		rev3 := revisionPart(t, page, 3)
		if strings.Contains(rev3, note) || !strings.Contains(rev3, "entry1999 <del>entry2000</del><ins>entry2000b</ins> entry2001") ||
			len(marksRE.FindAllString(rev3, -1)) != 2 {
			t.Errorf("a one-word edit of 30 KB does not show that word alone")
		}
	})
}
