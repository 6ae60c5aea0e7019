package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestLongTagPageFitsAPhone opens the pages of tags as long as tags may be
// (33 to 35 characters, with hyphens and without) on a phone's width, in
// English and German: the tag in the heading wraps instead of pushing the
// page wider than the screen, and stays whole (every letter shown).
func TestLongTagPageFitsAPhone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	tags := []string{"hardware-replacement-request-form", "hardware-replacement-request-forms", "hardwarereplacementrequestformulars"}
	env.Ask(t, tok, "Which form do I use to replace a broken laptop?", tags...)
	browser := testkit.Browser(t)
	tab := testkit.Tab(t, browser, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible("main")); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "de"} {
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, tag := range tags {
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/tags/"+tag), chromedp.WaitVisible("h1 .tag")); err != nil {
				t.Fatal(err)
			}
			wide, err := chromedp.Run(tab, chromedp.Evaluate[int]("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
			if err != nil || wide > 0 {
				t.Errorf("/tags/%s (%s) is %d px wider than the screen (%v)", tag, lang, wide, err)
			}
			shown, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
				const el = document.querySelector("h1 .tag"), r = el.getBoundingClientRect();
				return r.right <= document.documentElement.clientWidth ? el.textContent : "overflows at " + Math.round(r.right);
			})()`))
			if err != nil || shown != tag {
				t.Errorf("/tags/%s (%s): the heading's tag shows %q (%v)", tag, lang, shown, err)
			}
		}
	}
}
