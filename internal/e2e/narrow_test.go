package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPhoneWidthDoesNotScrollSideways opens the main pages on a phone's
// width, in English and in German (longer words), logged out and in: the
// header wraps instead of pushing the page wider than the screen.
func TestPhoneWidthDoesNotScrollSideways(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	q := env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		for _, logIn := range []bool{false, true} {
			tab := testkit.Tab(t, browser, 60*time.Second)
			steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(390, 844),
				chromedp.Navigate(env.URL + "/login"), chromedp.WaitVisible("#login")}
			if logIn {
				steps = append(steps, chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
					chromedp.Submit("#password"), chromedp.WaitVisible("a.me"))
			}
			if err := chromedp.Do(tab, steps...); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/", "/questions?sort=votes", "/help", "/tags", "/questions/" + strconv.FormatInt(q, 10)} {
				if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
					t.Fatal(err)
				}
				wide, err := chromedp.Run(tab, chromedp.Evaluate[int]("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
				if err != nil || wide > 0 {
					t.Errorf("%s (%s, logged in %v) is %d px wider than the screen (%v)", path, lang, logIn, wide, err)
				}
			}
		}
	}
}
