package e2e

import (
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
