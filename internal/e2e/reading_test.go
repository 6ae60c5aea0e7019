package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPagesReadAsTheyMean looks at what a new member sees: a task list shows
// its checkboxes in place of bullets (a plain list keeps its bullets), the
// answer form says "Your answer" once (its heading; the field's label is
// there for screen readers), and a privilege's description under its name
// reads as text, not in the name's bold.
func TestPagesReadAsTheyMean(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	body := "The printer on floor 3 prints blank pages.\n\n- [x] restarted it\n- [ ] reinstalled the driver\n\nAlso tried:\n\n- another laptop\n"
	res := env.API(t, "POST", "/questions", ada, map[string]any{
		"title": "Printer on floor 3 prints blank pages", "body": body, "tags": []string{"printer"}})
	if res.Status != 201 {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	q := int64(res.Map(t)["id"].(float64))
	env.SignUp(t, "bob")
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "bob"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
		chromedp.WaitVisible("#answer-body"),
	)
	if err != nil {
		t.Fatal(err)
	}
	bullets, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".question .body li")].map(li => getComputedStyle(li).listStyleType)`))
	if err != nil || len(bullets) != 3 || bullets[0] != "none" || bullets[1] != "none" || bullets[2] != "disc" {
		t.Errorf("list markers of two tasks and a plain item: %q (%v), want none, none, disc", bullets, err)
	}
	said, err := chromedp.Run(tab, chromedp.Evaluate[int](`[...document.querySelectorAll(".your-answer *")].filter(el =>
		el.children.length === 0 && el.textContent.trim() === "Your answer" && el.getBoundingClientRect().width > 1).length`))
	if err != nil || said != 1 {
		t.Errorf(`"Your answer" shows %d times by the answer form (%v), want once`, said, err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/privileges"), chromedp.WaitVisible("#privileges")); err != nil {
		t.Fatal(err)
	}
	weights, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => {
		const th = document.querySelector("#privilege-vote_down th");
		return [getComputedStyle(th).fontWeight, getComputedStyle(th.querySelector(".muted")).fontWeight];
	})()`))
	if err != nil || len(weights) != 2 || weights[0] != "700" || weights[1] != "400" {
		t.Errorf("font weight of a privilege's name and of its description: %q (%v), want 700 and 400", weights, err)
	}
}
