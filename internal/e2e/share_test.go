package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestShareLink: a post's Share shows its short link in full, selected in
// a field below the post's actions; pressed again it hides it; the link
// leads to the answer in its question.
func TestShareLink(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	q := env.Ask(t, tok, "The printer on floor 3 prints blank pages", "printers")
	_, bobTok := env.SignUp(t, "bob")
	a := env.Answer(t, bobTok, q, "Replace the toner cartridge: an empty one prints blank pages.")
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	share := fmt.Sprintf(`#answer-%d a.share-link`, a)
	err := chromedp.Do(tab,
		chromedp.Navigate(fmt.Sprintf("%s/questions/%d", env.URL, q)),
		chromedp.WaitVisible(chromedp.CSS(share)),
		chromedp.Click(chromedp.CSS(share)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#answer-%d .share-box input`, a))),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[string](fmt.Sprintf(`(f => f === document.activeElement && f.selectionEnd - f.selectionStart === f.value.length ? f.value : "not selected: " + f.value)(document.querySelector("#answer-%d .share-box input"))`, a)))
	if want := fmt.Sprintf("%s/a/%d", env.URL, a); err != nil || got != want {
		t.Fatalf("the shared link: %q %v, want %q selected", got, err, want)
	}
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(share))); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll(".share-box").length`)); err != nil || n != 0 {
		t.Fatalf("Share pressed again leaves %d link fields: %v", n, err)
	}
	if _, err := chromedp.Run(tab, chromedp.Navigate(got)); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(tab, chromedp.Evaluate[string](`location.pathname + location.hash`))
	if err != nil || !strings.HasPrefix(loc, fmt.Sprintf("/questions/%d", q)) || !strings.HasSuffix(loc, fmt.Sprintf("#answer-%d", a)) {
		t.Fatalf("the short link leads to %q: %v", loc, err)
	}
}
