package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestPostsCarryTheirLanguage: a German question in the English interface
// has lang="de" on its title and body on its page, on its list row and on
// its search result, and an English answer in the German interface
// lang="en"; text in the page's own language carries no lang of its own.
func TestPostsCarryTheirLanguage(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		const german, english = "Drucker im 3. OG druckt nur leere Seiten", "Printer on the third floor prints blank pages"
		res := env.API(t, "POST", "/questions", ada, map[string]any{"title": german, "tags": []string{"drucker"},
			"body": "Seit heute früh kommen beim Drucker im dritten Stock nur leere Seiten heraus. Es geht mit keinem Treiber mehr."})
		if res.Status != http.StatusCreated {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		var q struct{ ID int64 }
		res.JSON(t, &q)
		env.Answer(t, bob, q.ID, "Check whether the toner cartridge still has its protective tape on it and remove that tape.")
		en := env.Ask(t, bob, english, "drucker")
		env.Searchable(t)
		b := newBrowser(env)
		count := func(body []byte, re string) int { return len(regexp.MustCompile(re).FindAll(body, -1)) }

		page := b.get(t, "/questions/"+itoa(q.ID), "Accept-Language", "en")
		contains(t, page, `<h1 id="q-title" dir="auto" lang="de">`+german+`</h1>`, `<div class="body" dir="auto" lang="de"><p>Seit heute`)
		if n := count(page.Body, `<div class="body" dir="auto" lang=`); n != 1 {
			t.Errorf("English UI: %d post bodies carry a lang, want the German question's only", n)
		}
		page = b.get(t, "/questions/"+itoa(q.ID), "Accept-Language", "de")
		contains(t, page, `<h1 id="q-title" dir="auto">`+german+`</h1>`, `<div class="body" dir="auto" lang="en"><p>Check whether`)
		if n := count(page.Body, `<div class="body" dir="auto" lang=`); n != 1 {
			t.Errorf("German UI: %d post bodies carry a lang, want the English answer's only", n)
		}

		list := b.get(t, "/questions", "Accept-Language", "en")
		contains(t, list, `dir="auto" lang="de">`+german+`</a>`, `/questions/`+itoa(en)+`/`)
		if strings.Contains(string(list.Body), `lang="de">`+english) || strings.Contains(string(list.Body), `dir="auto" lang="en"`) {
			t.Errorf("the English row carries a lang in the English list:\n%s", list.Body)
		}
		contains(t, b.get(t, "/questions", "Accept-Language", "de"), `dir="auto" lang="en">`+english+`</a>`)

		found := b.get(t, "/search?q=Drucker", "Accept-Language", "en")
		contains(t, found, `<p class="snippet" dir="auto" lang="de">`)
		if n := count(found.Body, `" dir="auto" lang="de">`); n != 2 {
			t.Errorf("search result: %d elements with lang=\"de\", want the title and the snippet:\n%s", n, found.Body)
		}
	})
}

// TestCommentsCarryTheirLanguage: a comment, judged by its own text as posts
// are, carries lang="de" in the English interface when it is German and
// lang="en" in the German one when it is English; in the page's language it
// carries none.
func TestCommentsCarryTheirLanguage(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		_, bob := env.SignUp(t, "bob")
		q := env.Ask(t, ada, "Printer on the third floor prints blank pages", "printer")
		for _, body := range []string{"Bei mir druckt er auch nur leere Seiten, seit dem Update heute früh.", "Same here since this morning, only blank pages on my side too."} {
			if res := env.API(t, "POST", "/posts/"+itoa(q)+"/comments", bob, map[string]any{"body": body}); res.Status != http.StatusCreated {
				t.Fatalf("comment: %d %s", res.Status, res.Body)
			}
		}
		b := newBrowser(env)
		for _, c := range []struct{ ui, want, other string }{
			{"en", `<div class="comment-body" dir="auto" lang="de"><p>Bei mir`, `<div class="comment-body" dir="auto"><p>Same here`},
			{"de", `<div class="comment-body" dir="auto" lang="en"><p>Same here`, `<div class="comment-body" dir="auto"><p>Bei mir`},
		} {
			page := b.get(t, "/questions/"+itoa(q), "Accept-Language", c.ui)
			contains(t, page, c.want, c.other)
		}
	})
}
