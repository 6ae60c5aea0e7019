package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit"
	"stackdesk/internal/text"
)

// corpus returns every payload of the shared bad-input files: the lines of
// blns.txt (without comments and blanks) and xss-dev.txt, and the strings of blns.json.
func corpus(t *testing.T) []string {
	dir := filepath.Join(repoRoot(t), "..", "shared", "data", "bad-input")
	var out []string
	for _, name := range []string{"blns.txt", "xss-dev.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			storetest.SkipOrFail(t, "bad-input corpus: %v", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				out = append(out, line)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "blns.json"))
	if err != nil {
		storetest.SkipOrFail(t, "bad-input corpus: %v", err)
	}
	var strs []string
	if err := json.Unmarshal(b, &strs); err != nil {
		t.Fatal(err)
	}
	out = append(out, strs...)
	if len(out) < 1500 {
		t.Fatalf("only %d payloads: the corpus is incomplete", len(out))
	}
	return out
}

// TestBadInputCorporaAreStoredIntactOrRefused sends every payload as a
// question title, body, tag, comment and display name: each is refused with
// a 4xx or stored exactly (titles and names without surrounding space), and
// the question page shows it as text.
func TestBadInputCorporaAreStoredIntactOrRefused(t *testing.T) {
	payloads := corpus(t)
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		qid := env.Ask(t, tok, "A question to comment on with bad input")
		stored, refused := 0, 0
		for i, p := range payloads {
			// PostgreSQL gets every payload that could trouble a database (control
			// characters, invalid UTF-8) and a quarter of the rest; SQLite gets all.
			if env.App.Store.Dialect == store.Postgres && i%4 != 0 && utf8.ValidString(p) && !text.HasControl(p, false) {
				continue
			}
			// One question and comment a payload: payloads that differ only in
			// space at their end would otherwise be the same one sent again.
			title := "Bad input " + itoa(int64(i)) + " " + p
			body := "Body with bad input follows: " + p
			res := env.API(t, "POST", "/questions", tok, map[string]any{"title": title, "body": body, "tags": []string{"badinput"}})
			switch {
			case res.Status == http.StatusCreated:
				stored++
				var q struct {
					ID    int64
					Title string
					Body  string
				}
				res.JSON(t, &q)
				if q.Title != strings.TrimSpace(title) || q.Body != body {
					t.Fatalf("payload %d changed: %q → %q", i, title, q.Title)
				}
				if i%7 == 0 { // render a sample of pages and look at them as a browser would
					checkPage(t, env, "/questions/"+itoa(q.ID), strings.TrimSpace(title))
				}
			case res.Status >= 400 && res.Status < 500:
				refused++
			default:
				t.Fatalf("payload %d %q: %d %s", i, p, res.Status, res.Body)
			}
			// As a tag: refused, or stored lower-cased in Unicode form KC
			// (superscript digits are digits, a ligature its letters).
			if res := env.API(t, "POST", "/questions", tok, map[string]any{"title": "Tag payload number " + itoa(int64(i)), "body": "A body that is long enough to be valid.", "tags": []string{p}}); res.Status >= 500 {
				t.Fatalf("tag payload %d: %d", i, res.Status)
			} else if res.Status == http.StatusCreated {
				var q struct{ Tags []string }
				res.JSON(t, &q)
				if want := norm.NFKC.String(strings.ToLower(norm.NFKC.String(strings.TrimSpace(p)))); len(q.Tags) != 1 || q.Tags[0] != want {
					t.Fatalf("tag %q stored as %v", p, q.Tags)
				}
			}
			// As a comment.
			cbody := "Comment payload " + itoa(int64(i)) + ": " + p
			if res := env.API(t, "POST", "/posts/"+itoa(qid)+"/comments", tok, map[string]string{"body": cbody}); res.Status >= 500 {
				t.Fatalf("comment payload %d: %d", i, res.Status)
			} else if res.Status == http.StatusCreated {
				var c struct{ Body string }
				res.JSON(t, &c)
				if c.Body != cbody {
					t.Fatalf("comment changed: %q → %q", cbody, c.Body)
				}
			}
			// As a display name.
			if i%5 == 0 {
				res := env.API(t, "POST", "/users", "", map[string]string{"username": "u" + itoa(int64(i)), "email": "u" + itoa(int64(i)) + "@example.com", "password": "correct horse battery", "display_name": p})
				if res.Status >= 500 {
					t.Fatalf("display name payload %d: %d", i, res.Status)
				} else if res.Status == http.StatusCreated && res.Map(t)["display_name"] != strings.TrimSpace(p) && strings.TrimSpace(p) != "" {
					t.Fatalf("display name %q stored as %v", p, res.Map(t)["display_name"])
				}
			}
		}
		checkPage(t, env, "/questions/"+itoa(qid), "A question to comment on with bad input")
		t.Logf("%d payloads stored intact, %d refused", stored, refused)
		if stored < (stored+refused)/2 {
			t.Fatalf("only %d of %d payloads stored: too much is refused", stored, len(payloads))
		}
	})
}

// checkPage fetches a page and checks that title is its heading's text and
// that nothing in it can run script: no on* attributes, no javascript: URLs,
// and no scripts but the site's own.
func checkPage(t *testing.T, env *testkit.Env, path, title string) {
	t.Helper()
	res := env.Request(t, "GET", path, "", "", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("%s: %d", path, res.Status)
	}
	doc, err := html.Parse(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	var heading string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				val := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(key, "on") || ((key == "href" || key == "src" || key == "action") &&
					(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:"))) {
					t.Fatalf("%s: dangerous attribute %s=%q", path, a.Key, a.Val)
				}
			}
			if n.Data == "script" {
				src := ""
				for _, a := range n.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				if !strings.HasPrefix(src, "/static/app.js") {
					t.Fatalf("%s: foreign script %q", path, src)
				}
			}
			if n.Data == "iframe" || n.Data == "object" || n.Data == "embed" {
				t.Fatalf("%s: %s element", path, n.Data)
			}
			if n.Data == "h1" {
				for _, a := range n.Attr {
					if a.Key == "id" && a.Val == "q-title" {
						heading = nodeText(n)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if heading != title {
		t.Fatalf("%s: heading %q, want %q", path, heading, title)
	}
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
	}
	return b.String()
}
