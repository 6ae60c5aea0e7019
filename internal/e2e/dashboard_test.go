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

// TestDashboardFitsALaptop: at 1280 px, in German (the longer headings),
// the dashboard's table of intervals fits its column without scrolling,
// the time-to-first-answer tile shows "1 Std. 30 Min. / …" on one line, and
// the charts' tick labels show at 11 px or more. On a phone the table of
// intervals, wider than the screen, scrolls in a box that can be reached
// with the keyboard and shows a shadow on the side where more columns are.
func TestDashboardFitsALaptop(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ctx := context.Background()
	adaID, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	if _, err := env.App.Auth.AssignRole(ctx, adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	ada = env.Token(t, "ada") // one with the role
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, bob, q, "Swap the toner cartridge: an empty one prints blank pages without a warning.")
	asked := time.Now().Add(-3 * time.Hour)
	db := env.App.Store.DB.Model(&store.Post{})
	if err := db.Where("id = ?", q).Update("created_at", asked).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.App.Store.DB.Model(&store.Post{}).Where("id = ?", a).Update("created_at", asked.Add(90*time.Minute)).Error; err != nil {
		t.Fatal(err)
	}
	res := env.API(t, "POST", "/help-sessions", ada, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
	res = env.API(t, "POST", path+"/outcome", ada, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "The docking station in meeting room Elbphilharmonie gives no picture on either screen since the update",
		"body":    "Both screens stay black since Monday.", "email": "ada@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=de; path=/"; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/analytics"), chromedp.WaitVisible("#intervals")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		const box = document.querySelector("#intervals").closest(".table-scroll");
		if (box.scrollWidth > box.clientWidth) return "the table of intervals is " + box.scrollWidth + " px wide in a column of " + box.clientWidth;
		if (document.documentElement.scrollWidth > document.documentElement.clientWidth) return "the page is wider than the screen";
		const ttfa = document.querySelector("#kpi-ttfa");
		if (!/1\u00a0Std\.\u00a030\u00a0Min\./.test(ttfa.textContent)) return "time to first answer: " + ttfa.textContent;
		const line = parseFloat(getComputedStyle(ttfa).lineHeight);
		if (ttfa.getBoundingClientRect().height > line * 1.5) return "time to first answer wraps: " + ttfa.textContent + " is " + Math.round(ttfa.getBoundingClientRect().height) + " px high";
		for (const label of document.querySelectorAll(".chart text.axis")) {
			const px = parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM().a;
			if (px < 11) return "a chart's tick label " + label.textContent + " shows at " + px.toFixed(1) + " px";
		}
		return "";
	})()`))
	if err != nil || got != "" {
		t.Errorf("/analytics at 1280 px: %s (%v)", got, err)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/analytics"), chromedp.WaitVisible("#intervals")); err != nil {
		t.Fatal(err)
	}
	got, err = chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		// German durations are long: the tile of two wraps between them, not past the screen.
		if (document.documentElement.scrollWidth > document.documentElement.clientWidth) return "the page is wider than the phone: " + document.querySelector("#kpi-ttfa").textContent;
		const box = document.querySelector("#intervals").closest(".table-scroll");
		if (box.scrollWidth <= box.clientWidth) return "ok: nothing to scroll";
		if (box.tabIndex !== 0 || box.getAttribute("role") !== "region" || !(box.getAttribute("aria-label") || box.getAttribute("aria-labelledby"))) return "the scrolling box cannot be reached and named by the keyboard";
		const bg = getComputedStyle(box).backgroundImage;
		if ((bg.match(/radial-gradient/g) || []).length < 2) return "no shadow marks the hidden columns: " + bg;
		return "ok";
	})()`))
	if err != nil || got != "ok" {
		t.Errorf("/analytics at 390 px: %s (%v)", got, err)
	}
}
