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

// linksInTextJS lists the links of the page that sit in running text (their
// block holds other words too, not just buttons or a score) and are told from that text by colour alone:
// no underline, and less than 3:1 against the text's colour (WCAG 1.4.1, as
// axe-core's link-in-text-block reads it). It also counts the links it looked at.
const linksInTextJS = `(() => {
	const lum = (c) => {
		const m = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
		const [r, g, b] = m.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const bad = [];
	let seen = 0;
	for (const a of document.querySelectorAll("main a[href], footer a[href]")) {
		const r = a.getBoundingClientRect();
		if (r.width === 0 || a.closest(".sr-only")) continue;
		let block = a.parentElement;
		while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
		const words = (block.innerText || "").replace(/\s+/g, " ").trim();
		const own = (a.innerText || "").replace(/\s+/g, " ").trim();
		const rest = block.cloneNode(true);
		rest.querySelectorAll("a, button, .sr-only, .score-pill").forEach((l) => l.remove());
		if (!/[\p{L}\p{N}]/u.test(rest.textContent)) continue;
		seen++;
		const cs = getComputedStyle(a);
		if (cs.textDecorationLine.includes("underline")) continue;
		if (ratio(cs.color, getComputedStyle(a.parentElement).color) >= 3) continue;
		bad.push(own + " in «" + words.slice(0, 60) + "»");
	}
	return {seen, bad};
})()`

// TestLinksInTextAreUnderlined: a link inside a sentence (the author's name
// in a question row, "Log in" under an answer form, "Sign up" on the log-in
// page, a link in a post, a badge's holders, the privileges and the
// questions in a member's reputation on their profile, who flagged a post
// in the moderators' queue, a comment's author and the links after it) is
// underlined, so it stands out without relying on colour, in English and
// German and on a phone's width.
func TestLinksInTextAreUnderlined(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	bobID, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, bob, q, "Reinstall the driver from the [portal](https://portal.example.com) and print a test page.")
	if res := env.API(t, "PUT", "/posts/"+strconv.FormatInt(a, 10)+"/vote", ada, map[string]int{"value": 1}); res.Status != 200 {
		t.Fatalf("vote: %d %s", res.Status, res.Body)
	}
	// A comment of carl's, with links to edit or flag it after its words.
	_, carl := env.SignUp(t, "carl")
	if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/comments", carl, map[string]string{"body": "Which driver version is installed on floor 3?"}); res.Status != 201 {
		t.Fatalf("comment: %d %s", res.Status, res.Body)
	}
	// A flag waits, with its note; bob, a moderator, sees it in the queue.
	if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/flags", carl, map[string]string{"reason": "spam"}); res.Status != 201 {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}
	if _, err := env.App.Auth.AssignRole(context.Background(), bobID, store.RoleModerator, nil); err != nil {
		t.Fatal(err)
	}
	browser := testkit.Browser(t)
	for _, width := range []int64{1200, 390} {
		for _, lang := range []string{"en", "de"} {
			tab := testkit.Tab(t, browser, 60*time.Second)
			if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 844), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login")); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
				t.Fatal(err)
			}
			measure := func(path string) {
				if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(tab, chromedp.Evaluate[struct {
					Seen int
					Bad  []string
				}](linksInTextJS))
				if err != nil {
					t.Fatal(err)
				}
				if got.Seen == 0 {
					t.Errorf("%s (%s, %d px): no link in running text to look at", path, lang, width)
				}
				for _, b := range got.Bad {
					t.Errorf("%s (%s, %d px): link told apart by colour alone: %s", path, lang, width, b)
				}
			}
			for _, path := range []string{"/", "/questions/" + strconv.FormatInt(q, 10), "/badges/teacher", "/signup", "/login"} {
				measure(path)
			}
			// Their own profile links to the privileges and to the question of each reputation change.
			err := chromedp.Do(tab, chromedp.SendKeys("#login", "bob"), chromedp.SendKeys("#password", "correct horse battery"),
				chromedp.Submit("#password"), chromedp.WaitVisible("a.me"))
			if err != nil {
				t.Fatal(err)
			}
			measure("/users/" + strconv.FormatInt(bobID, 10))
			measure("/admin/flags")
			measure("/questions/" + strconv.FormatInt(q, 10))
		}
	}
}
