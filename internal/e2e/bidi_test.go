package e2e

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestBidiOverrideStaysInItsComment posts a comment that ends in a
// right-to-left override (U+202E), stored as written, and checks in the
// browser that it does not turn around what follows it on the line: the
// dash before the author's name still comes before the name, so nobody can
// make a comment seem to be signed by someone else. (The comment's text is
// an element of its own; the browser ends an override with its element.)
func TestBidiOverrideStaysInItsComment(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Outlook keeps asking for my password every hour", "outlook")
	res := env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/comments", ada, map[string]string{"body": "Same here since Monday \u202e"})
	if res.Status != 201 {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)), chromedp.WaitVisible(".comment")); err != nil {
		t.Fatal(err)
	}
	// The x of the dash (the first character of the comment's signature)
	// and of the author's name.
	order, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](`(() => {
		const meta = document.querySelector(".comment .cmeta");
		const r = document.createRange();
		r.setStart(meta.firstChild, 0); r.setEnd(meta.firstChild, 1);
		return [r.getBoundingClientRect().left, meta.querySelector("a").getBoundingClientRect().left];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != 2 || order[0] >= order[1] {
		t.Fatalf("the override turned the signature around: dash at %v, name at %v", order[0], order[1])
	}
}

// TestRightToLeftTextReadsInItsOwnDirection shows, in the browser, a
// question list row whose author has an Arabic name: the age after the
// name ("2 minutes ago") keeps its number on its own side instead of
// joining the name's right-to-left run; and an Arabic question reads right
// to left, its title, body and comments, while an English one stays left
// to right on the same site.
func TestRightToLeftTextReadsInItsOwnDirection(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, dora := env.SignUp(t, "dora")
	if res := env.API(t, "PATCH", "/me", dora, map[string]string{"display_name": "دورا مراد"}); res.Status != http.StatusOK {
		t.Fatalf("display name: %d %s", res.Status, res.Body)
	}
	res := env.API(t, "POST", "/questions", dora, map[string]any{"title": "كيف أغير كلمة المرور في البريد؟",
		"body": "منذ الصباح يطلب البريد كلمة المرور كل ساعة. ماذا أفعل؟", "tags": []string{"email"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	q := int64(res.Map(t)["id"].(float64))
	res = env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/comments", dora, map[string]string{"body": "هل جربت إعادة التشغيل أولا؟"})
	if res.Status != 201 {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	_, ada := env.SignUp(t, "ada")
	en := env.Ask(t, ada, "Outlook keeps asking for my password", "email")
	if err := env.App.Store.DB.Exec("UPDATE posts SET created_at = ? WHERE id = ?", time.Now().Add(-2*time.Minute-10*time.Second), q).Error; err != nil {
		t.Fatal(err)
	}
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions"), chromedp.WaitVisible(".qrow .by time")); err != nil {
		t.Fatal(err)
	}
	// The x of the name's right edge and of the age's first character (the 2).
	pos, err := chromedp.Run(tab, chromedp.Evaluate[[]any](`(() => {
		const by = [...document.querySelectorAll(".qrow .by")].find(b => b.textContent.includes("دورا"));
		const time = by.querySelector("time"), r = document.createRange();
		r.setStart(time.firstChild, 0); r.setEnd(time.firstChild, 1);
		return [time.textContent, by.querySelector("a").getBoundingClientRect().right, r.getBoundingClientRect().left];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(pos) != 3 || pos[0] != "2 minutes ago" || pos[2].(float64) < pos[1].(float64) {
		t.Fatalf("the age joined the name's direction: %v (the name ends at x=%v, the age begins at x=%v)", pos[0], pos[1], pos[2])
	}
	dirs := func(id int64) []string {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(id, 10)), chromedp.WaitVisible("#q-title")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`["#q-title", ".question .body", ".comment-body", ".qmeta"].map(s => {
			const e = document.querySelector(s);
			return e ? getComputedStyle(e).direction : "none";
		})`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := dirs(q); got[0] != "rtl" || got[1] != "rtl" || got[2] != "rtl" || got[3] != "ltr" {
		t.Errorf("Arabic question: title, body, comment, page text read %v, want rtl rtl rtl ltr", got)
	}
	if got := dirs(en); got[0] != "ltr" || got[1] != "ltr" {
		t.Errorf("English question: title, body read %v, want ltr", got)
	}
}
