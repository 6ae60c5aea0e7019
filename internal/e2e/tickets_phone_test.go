package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketQueueReadsOnAPhone: the hotline's queue reads on a phone as on
// a laptop: every word of a ticket's subject stands whole on one line (no
// column squeezed until words break in the middle), the page is no wider
// than the screen, and on the phone each ticket's facts (its number,
// status, Take) lie within the screen, in English and German.
func TestTicketQueueReadsOnAPhone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, _ := env.SignUp(t, "ada")
	_, emp := env.SignUp(t, "priya")
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	for _, subject := range []string{"Help needed: laptop battery swollen", "Passwort zurücksetzen: SMS-Code kommt nicht",
		"Help needed: printer scan to email not arriving"} {
		res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": subject})
		path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
		res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
			"subject": subject, "body": "It still fails after everything I tried.", "email": "priya@example.com"}})
		if res.Status != http.StatusOK {
			t.Fatalf("ticket: %d %s", res.Status, res.Body)
		}
	}
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 844), chromedp.Navigate(env.URL+"/tickets"),
				chromedp.WaitVisible("#tickets td.holder button")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tab, chromedp.Evaluate[queueLayout](`(() => {
				const out = {Rows: 0, Broken: 0, PastScreen: 0, Words: [],
					Wider: document.documentElement.scrollWidth - document.documentElement.clientWidth};
				const words = /[^\s-]+/g; // a break at a hyphen is no break in a word
				for (const row of document.querySelectorAll("#tickets tbody tr")) {
					out.Rows++;
					const subject = row.querySelector("th[scope=row] a[dir=auto]").firstChild;
					for (const m of subject.data.matchAll(words)) {
						const r = document.createRange();
						r.setStart(subject, m.index);
						r.setEnd(subject, m.index + m[0].length);
						if (r.getClientRects().length !== 1) { out.Broken++; out.Words.push(m[0]); }
					}
					for (const el of row.querySelectorAll("a, .status, button")) {
						out.PastScreen = Math.max(out.PastScreen, Math.ceil(el.getBoundingClientRect().right - window.innerWidth));
					}
				}
				return out;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if got.Rows != 3 {
				t.Fatalf("%d px (%s): %d tickets in the queue, want 3", width, lang, got.Rows)
			}
			if got.Broken > 0 {
				t.Errorf("%d px (%s): %d words of subjects break in the middle: %q", width, lang, got.Broken, got.Words)
			}
			if got.Wider > 0 {
				t.Errorf("%d px (%s): the page is %d px wider than the screen", width, lang, got.Wider)
			}
			if got.PastScreen > 0 {
				t.Errorf("%d px (%s): a ticket's link, status or Take reaches %d px past the screen", width, lang, got.PastScreen)
			}
		}
	}
}

// queueLayout is what TestTicketQueueReadsOnAPhone measures of the queue.
type queueLayout struct {
	Rows, Broken, PastScreen, Wider int
	Words                           []string
}
