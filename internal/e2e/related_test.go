package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestRelatedQuestionsBesideOrBelowTheAnswers: a question's linked and
// related questions stand in a column beside the question and its
// answers on a laptop's screen, and below the answers, above the answer
// form, on a phone's, which they do not widen.
func TestRelatedQuestionsBesideOrBelowTheAnswers(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	env.Answer(t, bob, q, "Reinstall the driver from the portal, then print a test page.")
	env.Ask(t, bob, "Printer on floor 2 prints blank pages too", "printer")
	env.Searchable(t)
	browser := testkit.Browser(t)
	tab := testkit.Tab(t, browser, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
		t.Fatal(err)
	}
	// Where the sidebar stands against the question, its answers and the
	// answer form, and how much wider than the screen the page is.
	const where = `(() => {
		const box = s => document.querySelector(s).getBoundingClientRect();
		const side = box(".question-side"), q = box("article.question"), answers = box("section.answers"), form = box("section.your-answer");
		const beside = side.left >= q.right && Math.abs(side.top - q.top) < 40 && side.right <= document.documentElement.clientWidth;
		const below = side.top >= answers.bottom && side.bottom <= form.top && side.left < answers.right;
		return (beside ? "beside" : below ? "below" : "elsewhere") + " " + (document.documentElement.scrollWidth - document.documentElement.clientWidth) +
			" " + document.querySelectorAll("#related li").length;
	})()`
	for _, c := range []struct {
		w, h int64
		want string
	}{{1280, 800, "beside 0 1"}, {390, 844, "below 0 1"}} {
		if err := chromedp.Do(tab, chromedp.EmulateViewport(c.w, c.h), chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
			chromedp.WaitVisible(".question-side")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[string](where))
		if err != nil || got != c.want {
			t.Errorf("%d px wide: %q (%v), want %q", c.w, got, err, c.want)
		}
	}
}
