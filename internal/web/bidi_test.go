package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestRightToLeftTextIsIsolated: user text keeps its own direction. A
// display name is isolated (<bdi>) wherever it stands in a line, so an
// Arabic name does not pull the "1" of "1 minute ago" to its side; titles,
// bodies, comments and excerpts take their direction from their text
// (dir="auto"); and a name inside a sentence is isolated with U+2068 and
// U+2069, which markup cannot do there.
func TestRightToLeftTextIsIsolated(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	doraID, dora := env.SignUp(t, "dora")
	if res := env.API(t, "PATCH", "/me", dora, map[string]string{"display_name": "دورا مراد"}); res.Status != http.StatusOK {
		t.Fatalf("display name: %d %s", res.Status, res.Body)
	}
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "كيف أغير كلمة المرور في البريد؟", "email")
	env.Answer(t, dora, q, "افتح الإعدادات ثم اختر كلمة المرور الجديدة واحفظها؟")
	if res := env.API(t, "POST", fmt.Sprintf("/posts/%d/comments", q), dora, map[string]string{"body": "هل جربت إعادة التشغيل أولا؟"}); res.Status != http.StatusCreated {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	dq := env.Ask(t, dora, "Outlook fragt stündlich nach dem Passwort", "email")
	user := fmt.Sprintf("/users/%d/", doraID) + url.PathEscape("دورا-مراد")
	name := `<bdi><a href="` + user + `">دورا مراد</a></bdi>`

	b := newBrowser(env)
	contains(t, b.get(t, "/questions"), `<span class="by">`+name+"\n", `dir="auto">كيف أغير كلمة المرور في البريد؟</a>`)
	page := b.get(t, fmt.Sprintf("/questions/%d", q))
	contains(t, page, `<h1 id="q-title" dir="auto">`, `<div class="body" dir="auto"><p>افتح`, `<div class="comment-body" dir="auto"><p>هل`,
		"– "+name, `<div class="user-card">`+"\n  "+name)
	contains(t, b.get(t, fmt.Sprintf("/users/%d", doraID)), `<h1 dir="auto">دورا مراد</h1>`)

	env.Searchable(t)
	contains(t, b.get(t, "/search?q=Passwort"), `<span class="by"><bdi>دورا مراد</bdi>`, `<p class="snippet" dir="auto" lang="de">`,
		fmt.Sprintf(`href="/questions/%d/outlook-fragt-stuendlich-nach-dem-passwort" dir="auto" lang="de">`, dq))

	// The logged-in header and the inbox line ("NAME answered").
	b.logIn(t, "dora")
	contains(t, b.get(t, "/"), `class="me" title="دورا مراد"><bdi>دورا مراد</bdi>`)
	a := newBrowser(env)
	a.logIn(t, "ada")
	contains(t, a.get(t, "/inbox"), "\u2068دورا مراد\u2069 answered", `<span class="note-title" dir="auto">`)
	// What people type takes the direction of what they type.
	contains(t, a.get(t, "/questions/ask"), `<input id="title" name="title" dir="auto"`, `<textarea id="body" name="body" dir="auto"`)
	contains(t, a.get(t, fmt.Sprintf("/questions/%d", q)), `<textarea id="answer-body" name="body" dir="auto"`,
		fmt.Sprintf(`<textarea id="comment-%d-body" name="body" dir="auto"`, q))
	contains(t, a.get(t, "/settings"), `<input id="display_name" name="display_name" dir="auto"`)
}
