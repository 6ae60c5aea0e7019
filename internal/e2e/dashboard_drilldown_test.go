package e2e

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestDashboardFigureOpensItsSessions: on the dashboard, an analyst clicks
// the tickets figure and reads as many help sessions as it said, each
// naming its ticket, on a phone too without the page growing wider than
// the screen; the way back leads to the same dashboard.
func TestDashboardFigureOpensItsSessions(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
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
			// The suggestion opened first, as the help page records it.
			if res := env.API(t, "POST", path+"/events", ada, map[string]any{"type": "view", "question_id": q}); res.Status != http.StatusCreated {
				t.Fatalf("view: %d %s", res.Status, res.Body)
			}
			body["question_id"] = q
		case "ticket":
			body["ticket"] = map[string]any{"subject": "The docking station gives no picture " + strconv.Itoa(i), "body": "Both screens stay black since Monday.", "email": "ada@example.com"}
		}
		if res := env.API(t, "POST", path+"/outcome", ada, body); res.Status != http.StatusOK {
			t.Fatalf("outcome %s: %d %s", outcome, res.Status, res.Body)
		}
	}
	if _, err := env.App.Auth.CreateUser(t.Context(), auth.SignUp{Username: "ann", Email: "ann@example.com", Password: "correct horse battery"}, store.RoleAnalyst); err != nil {
		t.Fatal(err)
	}
	browser := testkit.Browser(t)
	tab := testkit.Tab(t, browser, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 900), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ann"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me"),
		chromedp.Navigate(env.URL+"/analytics?interval=week"), chromedp.WaitVisible("#kpi-tickets a")); err != nil {
		t.Fatal(err)
	}
	figure, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("#kpi-tickets a").textContent`))
	if err != nil || figure != "2" {
		t.Fatalf("tickets figure %q, %v", figure, err)
	}
	if err := chromedp.Do(tab, chromedp.Click("#kpi-tickets a"), chromedp.WaitVisible("#drill-sessions")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		const out = [];
		const rows = document.querySelectorAll("#drill-sessions tbody tr");
		if (rows.length !== 2) out.push(rows.length + " sessions listed");
		for (const r of rows) {
			const a = r.querySelector("a.drill-ticket");
			if (!a) { out.push("a session names no ticket: " + r.textContent.trim()); continue; }
			const m = a.textContent.match(/^ticket #(\d+)$/);
			if (!m || new URL(a.href).pathname !== "/tickets/" + m[1]) out.push("the ticket reads " + a.textContent + " and leads to " + a.href);
		}
		if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push("the page is wider than the screen");
		return out.join("\n");
	})()`))
	if err != nil || got != "" {
		t.Fatalf("the tickets' sessions:\n%s (%v)", got, err)
	}
	if err := chromedp.Do(tab, chromedp.Click("#drill-back"), chromedp.WaitVisible("#kpi-tickets")); err != nil {
		t.Fatal(err)
	}
	back, err := chromedp.Run(tab, chromedp.Evaluate[string](`new URL(location.href).searchParams.get("interval")`))
	if err != nil || back != "week" {
		t.Fatalf("back on the dashboard with interval %q, %v", back, err)
	}
}
