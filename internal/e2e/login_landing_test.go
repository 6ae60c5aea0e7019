package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestLoginFromTheRootLandsOnTheRolesPage: tried as a new user would, the
// header's "Log in" on the site's root leads a hotline agent to the ticket
// queue and a member to the questions; from another page it leads back there.
func TestLoginFromTheRootLandsOnTheRolesPage(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	agentID, _ := env.SignUp(t, "jonas")
	env.SignUp(t, "anna")
	if _, err := env.App.Auth.AssignRole(context.Background(), agentID, store.RoleHotline, nil); err != nil {
		t.Fatal(err)
	}
	browser := testkit.Browser(t)
	for _, c := range []struct{ login, from, lands, heading string }{
		{"jonas", "/", "/tickets", "Hotline tickets"},
		{"anna", "/", "/", "All questions"},
		{"jonas", "/tags", "/tags", "Tags"},
	} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+c.from), chromedp.Click(`header a[href^="/login"]`),
			chromedp.WaitVisible("#login"), chromedp.SendKeys("#login", c.login),
			chromedp.SendKeys("#password", "correct horse battery"), chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatalf("%s logs in from %s: %v", c.login, c.from, err)
		}
		loc, err := chromedp.Run(tab, chromedp.Evaluate[string](`location.pathname + location.search`))
		if err != nil || loc != c.lands {
			t.Errorf("%s, logging in from %s, lands on %q (%v), want %q", c.login, c.from, loc, err, c.lands)
		}
		if h1, err := chromedp.Run(tab, chromedp.Text("main h1")); err != nil || h1 != c.heading {
			t.Errorf("%s lands on a page headed %q (%v), want %q", c.login, h1, err, c.heading)
		}
	}
}
