package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestLongWordsWrapEverywhere: a title of one long word (no spaces to break
// at) wraps on every page that shows it, on a phone and on a laptop, in
// English and German: the profile's questions and reputation history, the
// inbox, the followed questions, the moderators' flags, the audit log (its
// When and Who columns keep their width), the hotline's ticket pages
// (whose links to the next open ticket fit a phone too) and the dashboard's
// content gaps.
func TestLongWordsWrapEverywhere(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	carlID, carl := env.SignUp(t, "carl")
	for _, id := range []int64{adaID, carlID} {
		if _, err := env.App.Auth.AssignRole(context.Background(), id, store.RoleAdmin, nil); err != nil {
			t.Fatal(err)
		}
	}
	ada, carl = env.Token(t, "ada"), env.Token(t, "carl") // ones with the role
	title := "Printer" + strings.Repeat("A", 120)
	q := env.Ask(t, ada, title, "printer")
	qs := strconv.FormatInt(q, 10)
	// bob answers (ada's inbox), ada accepts (her reputation history), bob
	// flags the question (the moderators' queue), ada closes it (the audit log).
	a := env.Answer(t, bob, q, "Replace the toner cartridge and print a test page.")
	if res := env.API(t, "POST", "/answers/"+strconv.FormatInt(a, 10)+"/accept", ada, nil); res.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/posts/"+qs+"/flags", bob, map[string]string{"reason": "spam"}); res.Status != http.StatusCreated {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}
	// ada flags bob's answer, carl declines it with a note of one long word
	// (the audit log's detail).
	if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(a, 10)+"/flags", ada, map[string]string{"reason": "spam"}); res.Status != http.StatusCreated {
		t.Fatalf("flag the answer: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/flags/resolve", carl, map[string]any{"post_id": a, "outcome": "declined", "note": "See" + strings.Repeat("Z", 120)}); res.Status != http.StatusOK {
		t.Fatalf("decline: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/questions/"+qs+"/close", carl, map[string]string{"reason": "off-topic"}); res.Status != http.StatusOK {
		t.Fatalf("close: %d %s", res.Status, res.Body)
	}
	// Two open tickets, so each one's page links the next; the search of
	// the second one is a content gap on the dashboard.
	var ticket string
	for _, query := range []string{"printer prints blank pages", title} {
		res := env.API(t, "POST", "/help-sessions", bob, map[string]any{"query": query})
		path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
		res = env.API(t, "POST", path+"/outcome", bob, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": title, "body": "Every page comes out blank." + strings.Repeat("B", 100), "email": "bob@example.com"}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
		ticket = strconv.FormatInt(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)), 10)
	}
	pages := []string{"/users/" + strconv.FormatInt(adaID, 10), "/users/" + strconv.FormatInt(adaID, 10) + "?tab=reputation",
		"/inbox", "/following", "/admin/flags", "/admin/audit", "/tickets", "/tickets/" + ticket, "/questions/" + qs, "/analytics"}
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 90*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 844)); err != nil {
				t.Fatal(err)
			}
			for _, path := range pages {
				if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
					t.Fatal(err)
				}
				shown, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector("main").textContent.toLowerCase().includes("aaaaaaaaaa")`))
				if err != nil || !shown {
					t.Errorf("%s (%s, %d px) does not show the title (%v)", path, lang, width, err)
				}
				over, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
				if err != nil || over > 0 {
					t.Errorf("%s (%s, %d px) is %d px wider than the window (%v)", path, lang, width, over, err)
				}
				// A table that scrolls in its own box fits it too: its long
				// words wrap rather than squeeze the other columns.
				inside, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
					for (const box of document.querySelectorAll("main .table-scroll")) {
						const t = box.querySelector("table");
						if (t.scrollWidth > box.clientWidth) return t.id + " " + (t.scrollWidth - box.clientWidth) + " px";
					}
					return "";
				})()`))
				if err != nil || (width == 1280 && inside != "") {
					t.Errorf("%s (%s, %d px): a table is wider than its box: %s (%v)", path, lang, width, inside, err)
				}
				if path == "/admin/audit" && width == 1280 {
					// The date stays on one line.
					lines, err := chromedp.Run(tab, chromedp.Evaluate[float64](`(() => {
						const t = document.querySelector("#audit tbody td time");
						return t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight);
					})()`))
					if err != nil || lines > 1.5 {
						t.Errorf("/admin/audit (%s): the date takes %.1f lines (%v)", lang, lines, err)
					}
				}
			}
		}
	}
}
