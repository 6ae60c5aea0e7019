package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestDashboardChartsOnAPhone: the dashboard's charts take the width of
// the page, on a phone (390 px) as on a laptop (1280 px), in English and in
// German (longer labels); their legends and tick labels are readable (12
// and 11 px or more), the legends' entries inside their chart and clear of
// each other, and nothing makes the page wider than the screen.
func TestDashboardChartsOnAPhone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, ada := env.SignUp(t, "ada")
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	ada = env.Token(t, "ada") // one with the role
	// Sessions ending solved, in a ticket, or still open, so that the
	// legends have their entries.
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Docking station gives no picture after the update", "docking")
	env.Answer(t, bob, q, "Unplug the dock for ten seconds: its firmware restarts and finds the screens again.")
	env.Searchable(t) // the sessions are shown it, and so may open it
	for i, outcome := range []string{"ticket", "solved", "ticket", ""} {
		res := env.API(t, "POST", "/help-sessions", ada, map[string]any{"query": "docking station gives no picture " + strconv.Itoa(i)})
		path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
		body := map[string]any{"outcome": outcome}
		switch outcome {
		case "":
			continue
		case "solved":
			body["question_id"] = q // opened from the session first, as a suggestion followed
			if res := env.API(t, "POST", path+"/events", ada, map[string]any{"type": "view", "question_id": q}); res.Status != http.StatusCreated {
				t.Fatalf("view: %d %s", res.Status, res.Body)
			}
		case "ticket":
			body["ticket"] = map[string]any{"subject": "The docking station gives no picture", "body": "Both screens stay black since Monday.", "email": "ada@example.com"}
		}
		if res := env.API(t, "POST", path+"/outcome", ada, body); res.Status != http.StatusOK {
			t.Fatalf("outcome %s: %d %s", outcome, res.Status, res.Body)
		}
	}
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		for _, width := range []int{390, 1280} {
			tab := testkit.Tab(t, browser, 60*time.Second)
			if err := chromedp.Do(tab, chromedp.EmulateViewport(int64(width), 900), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
				chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
				chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/analytics"), chromedp.WaitVisible(".charts")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
				const out = [];
				const page = document.querySelector(".charts").getBoundingClientRect().width;
				for (const fig of document.querySelectorAll(".charts figure")) {
					const svg = fig.querySelector("svg.chart");
					const name = fig.querySelector("figcaption").textContent;
					const w = svg.getBoundingClientRect().width;
					if (w < page * 0.95 && `+strconv.Itoa(width)+` < 700) out.push(name + ": the chart is " + Math.round(w) + " px wide on a page of " + Math.round(page));
					for (const label of svg.querySelectorAll("text.axis")) {
						const px = parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM().a;
						if (px < 11) { out.push(name + ": tick label " + label.textContent + " at " + px.toFixed(1) + " px"); break; }
					}
					const keys = [...fig.querySelectorAll(".legend li, text.legend")];
					const box = fig.getBoundingClientRect();
					let prev = null;
					for (const k of keys) {
						const px = parseFloat(getComputedStyle(k).fontSize) * (k.getScreenCTM ? k.getScreenCTM().a : 1);
						if (px < 12) out.push(name + ": legend " + k.textContent.trim() + " at " + px.toFixed(1) + " px");
						const r = k.getBoundingClientRect();
						if (r.left < box.left - 1 || r.right > box.right + 1) out.push(name + ": legend " + k.textContent.trim() + " reaches out of the chart");
						if (prev && r.top < prev.bottom - 1 && r.left < prev.right - 1 && r.right > prev.left + 1) out.push(name + ": legend " + k.textContent.trim() + " overlaps the one before");
						prev = r;
					}
				}
				if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push("the page is wider than the screen");
				return out.join("\n");
			})()`))
			if err != nil || got != "" {
				t.Errorf("/analytics at %d px in %s:\n%s (%v)", width, lang, got, err)
			}
			if dir := os.Getenv("STACKDESK_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(tab, chromedp.Screenshot(".charts"))
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("analytics-%s-%d.png", lang, width)), png, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
