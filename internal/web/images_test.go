package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// imageSources lists the src of every img on a page or in an HTML fragment.
func imageSources(t *testing.T, body string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	eachElement(doc, func(n *html.Node) {
		if n.Data == "img" {
			src, _ := hasAttr(n, "src")
			out = append(out, src)
		}
	})
	return out
}

// TestOtherSitesImagesAreLinks: with STACKDESK_IMAGE_HOSTS listing
// i.stack.imgur.com, a question's image from there is shown, and an image
// from any other site (a read-tracking pixel) is a link to it instead, on
// the question's page, in its revisions, in a preview and in the API's
// body_html, also in HTML stored before the setting (an imported post or
// comment: the rule applies when HTML is shown). The pages' Content
// Security Policy lets browsers load images from this site and the listed
// host alone.
func TestOtherSitesImagesAreLinks(t *testing.T) {
	loaded, err := config.Load(func(k string) string {
		return map[string]string{"STACKDESK_IMAGE_HOSTS": "i.stack.imgur.com"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	const (
		listed  = "https://i.stack.imgur.com/shot.png"
		tracker = "https://tracker.example/pixel.gif?post=1"
		stored  = "https://stored.example/old.gif"
	)
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, func(c *config.Config) { c.ImageHosts = loaded.ImageHosts })
			_, tok := env.SignUp(t, "ada")
			res := env.API(t, "POST", "/questions", tok, map[string]any{"title": "The printer on floor 3 prints blank pages",
				"body": "Since this morning it prints blank pages.\n\n![the error](" + listed + ")\n\n![](" + tracker + ")\n", "tags": []string{"printer"}})
			if res.Status != http.StatusCreated {
				t.Fatalf("ask: %d %s", res.Status, res.Body)
			}
			q := res.Map(t)
			id := strconv.FormatInt(int64(q["id"].(float64)), 10)
			answerID := env.Answer(t, tok, int64(q["id"].(float64)), "Same here, see ![my screen]("+tracker+") for it.")
			if r := env.API(t, "POST", "/posts/"+id+"/comments", tok, map[string]any{"body": "A comment to show."}); r.Status != http.StatusCreated {
				t.Fatalf("comment: %d %s", r.Status, r.Body)
			}
			// HTML stored before (as an import stores it): an image in a comment too.
			db := env.App.Store.DB
			if err := db.Exec("UPDATE posts SET body_html = body_html || ? WHERE id = ?", `<p><IMG SRC="`+stored+`" alt="old"></p>`, q["id"]).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec("UPDATE comments SET body_html = ?", `<p>see <img src="`+stored+`"></p>`).Error; err != nil {
				t.Fatal(err)
			}
			// Edited, so that the revisions page renders two versions.
			if r := env.API(t, "PATCH", "/questions/"+id, tok, map[string]any{"body": "Since this morning it prints blank pages, on both trays.\n\n![the error](" + listed + ")\n\n![](" + tracker + ")\n",
				"comment": "trays"}); r.Status != http.StatusOK {
				t.Fatalf("edit: %d %s", r.Status, r.Body)
			}
			if err := db.Exec("UPDATE posts SET body_html = body_html || ? WHERE id = ?", `<p><img src="`+stored+`" alt="old"></p>`, q["id"]).Error; err != nil {
				t.Fatal(err)
			}

			b := newBrowser(env)
			page := b.get(t, "/questions/"+id)
			if page.Status != http.StatusOK {
				t.Fatalf("question page: %d", page.Status)
			}
			srcs := imageSources(t, string(page.Body))
			shown := false
			for _, s := range srcs {
				shown = shown || s == listed
				if strings.Contains(s, "tracker.example") || strings.Contains(s, "stored.example") {
					t.Errorf("the question page loads %s", s)
				}
			}
			if !shown {
				t.Errorf("the listed host's image is not shown: %q", srcs)
			}
			contains(t, page, `<a href="https://tracker.example/pixel.gif?post=1" class="image-link" rel="nofollow noopener noreferrer">tracker.example <span class="image-hint">image</span></a>`,
				`<a href="https://tracker.example/pixel.gif?post=1" class="image-link" rel="nofollow noopener noreferrer">my screen <span class="image-hint">image</span></a>`,
				`<a href="https://stored.example/old.gif" class="image-link" rel="nofollow noopener noreferrer">old <span class="image-hint">image</span></a>`,
				`see <a href="https://stored.example/old.gif" class="image-link" rel="nofollow noopener noreferrer">stored.example <span class="image-hint">image</span></a>`)
			want := "default-src 'self'; img-src 'self' https://i.stack.imgur.com; style-src 'self'; script-src 'self'; " +
				"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
			if csp := page.Header.Get("Content-Security-Policy"); csp != want {
				t.Errorf("CSP = %q, want %q", csp, want)
			}

			// The same in German, with the hint in German.
			de := b.get(t, "/questions/"+id, "Accept-Language", "de")
			if len(imageSources(t, string(de.Body))) == 0 || !strings.Contains(string(de.Body), `<span class="image-hint">Bild</span>`) {
				t.Errorf("German page: no German hint")
			}

			revs := b.get(t, "/posts/"+id+"/revisions")
			if revs.Status != http.StatusOK || !strings.Contains(string(revs.Body), "image-link") {
				t.Fatalf("revisions: %d", revs.Status)
			}
			for _, s := range imageSources(t, string(revs.Body)) {
				if strings.Contains(s, "tracker.example") {
					t.Errorf("the revisions page loads %s", s)
				}
			}

			noTracker := func(what, h string) {
				t.Helper()
				if !strings.Contains(h, "image-link") {
					t.Errorf("%s: no link for the image: %s", what, h)
				}
				for _, s := range imageSources(t, h) {
					if s != listed {
						t.Errorf("%s shows %s", what, s)
					}
				}
			}
			api := env.API(t, "GET", "/questions/"+id, "", nil).Map(t)
			noTracker("API question", api["body_html"].(string))
			if !strings.Contains(api["body_html"].(string), `src="`+listed+`"`) {
				t.Errorf("API question: the listed image is gone: %s", api["body_html"])
			}
			answer := env.API(t, "GET", "/answers/"+strconv.FormatInt(answerID, 10), "", nil).Map(t)
			noTracker("API answer", answer["body_html"].(string))
			comments := env.API(t, "GET", "/posts/"+id+"/comments", "", nil).Map(t)["items"].([]any)
			noTracker("API comment", comments[0].(map[string]any)["body_html"].(string))
			pre := env.API(t, "POST", "/preview", tok, map[string]any{"body": "![x](" + tracker + ")"})
			noTracker("preview", pre.Map(t)["html"].(string))
		})
	}
}
