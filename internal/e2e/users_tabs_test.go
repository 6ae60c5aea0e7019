package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestUsersTabsOnAPhone opens the users page at a phone's width (390 px),
// in English and in German (longer names), as an administrator (whose page
// head holds "Add a person" too): the period and role tabs stay within the
// screen, each whole, on one line, not hidden by its row's frame, and each
// can be clicked where it shows; the page does not scroll sideways.
func TestUsersTabsOnAPhone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, _ := env.SignUp(t, "ada")
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/users", "/users?role=staff&period=quarter"} {
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(".list-head nav.sorts")); err != nil {
				t.Fatal(err)
			}
			bad, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
				const w = document.documentElement.clientWidth;
				if (document.documentElement.scrollWidth > w) return "the page is " + (document.documentElement.scrollWidth - w) + " px wider than the screen";
				const navs = document.querySelectorAll(".list-head nav.sorts");
				if (navs.length !== 2) return navs.length + " tab rows";
				for (const nav of navs) {
					const box = nav.getBoundingClientRect();
					if (box.left < 0 || box.right > w) return nav.getAttribute("aria-label") + " reaches " + Math.round(box.left) + ".." + Math.round(box.right);
					const links = nav.querySelectorAll("a");
					const lh = parseFloat(getComputedStyle(links[0]).lineHeight);
					for (const a of links) {
						const r = a.getBoundingClientRect(), name = a.textContent.trim();
						if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) return name + " is cut off by its row";
						if (r.left < 0 || r.right > w) return name + " is off the screen";
						const range = document.createRange(); range.selectNodeContents(a);
						if (range.getClientRects().length > 1 || range.getBoundingClientRect().height > lh * 1.5) return name + " breaks over lines";
						const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
						if (!hit || !a.contains(hit)) return name + " cannot be clicked where it shows";
					}
					// Wrapped, the tabs make clean rows: each fills the row's
					// width, with no stray frame at its start, and a line
					// parts one row from the next.
					const inner = {left: box.left + nav.clientLeft, right: box.left + nav.clientLeft + nav.clientWidth};
					const rows = [];
					for (const a of links) {
						const r = a.getBoundingClientRect();
						let row = rows.find(x => Math.abs(x.top - r.top) < 1);
						if (!row) rows.push(row = {top: r.top, bottom: r.bottom, links: []});
						row.links.push({a, r});
					}
					rows.sort((x, y) => x.top - y.top);
					for (const [i, row] of rows.entries()) {
						const first = row.links[0], last = row.links[row.links.length - 1];
						if (first.r.left - inner.left > 1.5 || inner.right - last.r.right > 1.5) return "row " + (i + 1) + " of " + nav.getAttribute("aria-label") + " spans " + Math.round(first.r.left) + ".." + Math.round(last.r.right) + " of " + Math.round(inner.left) + ".." + Math.round(inner.right);
						if (parseFloat(getComputedStyle(first.a).borderLeftWidth) > 0) return first.a.textContent.trim() + " starts a row with a line before it";
						if (i > 0 && row.top - rows[i - 1].bottom < 1) return "no line between the rows of " + nav.getAttribute("aria-label");
					}
				}
				return "";
			})()`))
			if err != nil || bad != "" {
				t.Errorf("%s (%s): %s (%v)", path, lang, bad, err)
			}
		}
	}
}
