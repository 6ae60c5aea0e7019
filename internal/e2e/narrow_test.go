package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPhoneWidthDoesNotScrollSideways opens the main pages on a phone's
// width, in English and in German (longer words), logged out and in: the
// header wraps instead of pushing the page wider than the screen, and the
// headings skip no level.
func TestPhoneWidthDoesNotScrollSideways(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, tok := env.SignUp(t, "ada")
	q := env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	// A flag waits, so the moderators' queue shows an item with its forms.
	_, bob := env.SignUp(t, "bob")
	if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/flags", bob, map[string]string{"reason": "spam"}); res.Status != 201 {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}
	// An administrator has the fullest header (dashboard, tickets, audit log).
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	env.Searchable(t)
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
			for _, path := range []string{"/", "/questions?sort=votes", "/help", "/tags", "/search?q=printer", "/questions/" + strconv.FormatInt(q, 10),
				"/users/" + strconv.FormatInt(adaID, 10), "/admin/audit", "/admin/settings", "/analytics", "/experts", "/review", "/admin/flags", "/privileges"} {
				if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
					t.Fatal(err)
				}
				wide, err := chromedp.Run(tab, chromedp.Evaluate[int]("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
				if err != nil || wide > 0 {
					t.Errorf("%s (%s, logged in %v) is %d px wider than the screen (%v)", path, lang, logIn, wide, err)
				}
				// The header keeps the page's margins: nothing in it touches an edge.
				edge, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
					const w = document.documentElement.clientWidth;
					for (const el of document.querySelectorAll(".top-row > *, .main-nav a, .account > *")) {
						const r = el.getBoundingClientRect();
						if (r.width > 0 && (r.left < 8 || r.right > w - 8)) return (el.className || el.tagName) + " " + el.textContent.trim().slice(0, 20) + " at " + Math.round(r.left) + ".." + Math.round(r.right);
					}
					return "";
				})()`))
				if err != nil || edge != "" {
					t.Errorf("%s (%s, logged in %v): the header touches the edge: %s (%v)", path, lang, logIn, edge, err)
				}
				// Headings go down one level at a time, for those who move by them.
				skip, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
					let prev = 0;
					for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
						const n = +h.tagName[1];
						if (n > prev + 1) return h.tagName + " " + h.textContent.trim().slice(0, 40) + " after h" + prev;
						prev = n;
					}
					return "";
				})()`))
				if err != nil || skip != "" {
					t.Errorf("%s (%s): heading levels skip: %s (%v)", path, lang, skip, err)
				}
			}
		}
	}
}
