package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestHelpAskFormSimilarAndDraft: the ask form of Get help ("Ask the
// community") shows similar questions while the title is typed, as the
// Ask page does, and keeps what is typed as a draft: back at the form, the
// draft is in it again over the problem the page filled in, and Discard
// brings the problem back.
func TestHelpAskFormSimilarAndDraft(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.Ask(t, ada, "Outlook keeps asking for my password every hour", "outlook")
	env.Searchable(t)

	tab := testkit.Tab(t, testkit.Browser(t), 90*time.Second)
	if err := chromedp.Do(tab, signUp(env, "carl")); err != nil {
		t.Fatal(err)
	}
	res := env.API(t, "POST", "/help-sessions", env.Token(t, "carl"), map[string]any{"query": "mail program wants my login all the time"})
	id, _ := res.Map(t)["id"].(float64)
	if res.Status != 201 || id == 0 {
		t.Fatalf("help session: %d %s", res.Status, res.Body)
	}
	ask := env.URL + "/help/" + strconv.FormatInt(int64(id), 10) + "/ask"
	const title, body = "outlook asks for password again and again", "Since the update Outlook asks for my password every hour, also after I tick Remember."
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("`+sel+`").value`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := chromedp.Do(tab, chromedp.Navigate(ask), chromedp.WaitVisible("#title")); err != nil {
		t.Fatal(err)
	}
	problem := value("#title")
	if problem != "mail program wants my login all the time" {
		t.Fatalf("the form's title is %q, want the problem", problem)
	}
	clear := func(sel string) {
		t.Helper()
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`(document.querySelector("`+sel+`").value = "") === ""`)); err != nil {
			t.Fatal(err)
		}
	}
	clear("#title")
	if err := chromedp.Do(tab, chromedp.SendKeys("#title", title), chromedp.WaitVisible("#similar li a")); err != nil {
		t.Fatalf("similar questions did not appear: %v", err)
	}
	if link, _ := chromedp.Run(tab, chromedp.Text("#similar li a")); link != "Outlook keeps asking for my password every hour" {
		t.Fatalf("similar: %q", link)
	}
	clear("#body")
	if err := chromedp.Do(tab, chromedp.SendKeys("#body", body)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`Object.keys(localStorage).some(k => k.startsWith("stackdesk:draft:ask:") && k.includes(":help:") && localStorage.getItem(k).includes("tick Remember"))`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the draft was not kept: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions"), chromedp.WaitVisible("main"),
		chromedp.Navigate(ask), chromedp.WaitVisible(".draft-note")); err != nil {
		t.Fatalf("no draft offered back: %v", err)
	}
	if value("#title") != title || value("#body") != body {
		t.Fatalf("after coming back the form holds %q, %q", value("#title"), value("#body"))
	}
	if err := chromedp.Do(tab, chromedp.Click(".draft-note button")); err != nil {
		t.Fatal(err)
	}
	if value("#title") != problem || !strings.Contains(value("#body"), "mail program") {
		t.Fatalf("discarding left %q, %q, want the problem back", value("#title"), value("#body"))
	}
}
