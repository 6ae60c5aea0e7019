package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// focusStopJS describes the focused element: what it is, whether a focus
// ring shows around it, whether it can be seen at all, and whether it is
// the skip link.
const focusStopJS = `(() => {
	const a = document.activeElement;
	if (!a || a === document.body || a === document.documentElement) return {what: "body", ring: true, seen: true};
	const cs = getComputedStyle(a), r = a.getBoundingClientRect();
	const ring = (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow !== "none" && cs.boxShadow !== "");
	const seen = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && cs.visibility !== "hidden";
	const what = a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") + " " + (a.getAttribute("aria-label") || a.textContent || a.value || "").trim().slice(0, 30);
	return {what, ring, seen, skip: a.matches("a.skip"), main: a.matches("main#main")};
})()`

type focusStop struct {
	What             string
	Ring, Seen, Skip bool
	Main             bool
}

// TestKeyboardWalksThePages: with the keyboard alone, on a laptop and a
// phone, in English and German, as a visitor and as an administrator (whose
// header holds the most): the first Tab shows the skip link on screen,
// Enter on it puts the focus on the page's content, and Tab then visits
// every control with a visible focus ring and comes back round to the skip
// link (nothing holds the focus).
func TestKeyboardWalksThePages(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, tok := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, tok, "Printer on floor 3 prints blank pages", "printer")
	env.Answer(t, bob, q, "Reinstall the driver from the [portal](https://portal.example.com).")
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	browser := testkit.Browser(t)
	key := func(tab context.Context, k string) focusStop {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
		s, err := chromedp.Run(tab, chromedp.Evaluate[focusStop](focusStopJS))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, c := range []struct {
		width int64
		lang  string
		logIn bool
	}{{1200, "en", false}, {1200, "de", true}, {390, "en", true}, {390, "de", false}} {
		width, lang, logIn := c.width, c.lang, c.logIn
		tab := testkit.Tab(t, browser, 120*time.Second)
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, 844),
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
		paths := []string{"/", "/questions/" + strconv.FormatInt(q, 10), "/help", "/tags", "/users/" + strconv.FormatInt(adaID, 10)}
		if logIn {
			paths = append(paths, "/questions/ask", "/settings", "/admin/flags")
		} else {
			paths = append(paths, "/login", "/signup")
		}
		for _, path := range paths {
			where := path + " (" + lang + ", " + strconv.FormatInt(width, 10) + " px, logged in " + strconv.FormatBool(logIn) + ")"
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
				t.Fatal(err)
			}
			if first := key(tab, kb.Tab); !first.Skip || !first.Seen {
				t.Errorf("%s: the first Tab reaches %q (skip link: %v, on screen: %v)", where, first.What, first.Skip, first.Seen)
				continue
			}
			if in := key(tab, kb.Enter); !in.Main {
				t.Errorf("%s: Enter on the skip link leaves the focus on %q, not the content", where, in.What)
			}
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
				t.Fatal(err)
			}
			stops, back := 0, false
			for i := 0; i < 300 && !back; i++ {
				s := key(tab, kb.Tab)
				if s.Skip && i > 0 {
					back = true
					break
				}
				stops++
				if !s.Ring || !s.Seen {
					t.Errorf("%s: stop %d, %q: focus ring %v, on screen %v", where, i, s.What, s.Ring, s.Seen)
				}
			}
			if !back || stops < 5 {
				t.Errorf("%s: Tab did not come back round to the skip link (%d stops)", where, stops)
			}
		}
	}
}
