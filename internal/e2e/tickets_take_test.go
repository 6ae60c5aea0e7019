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

// TestTakeTicketInBrowser: a hotline agent clicks Take on a ticket in the
// queue and lands on its page, which says they hold it and offers Release;
// back in the queue their name stands beside the ticket instead of Take.
func TestTakeTicketInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	hotID, _ := env.SignUp(t, "hot")
	if _, err := env.App.Auth.AssignRole(context.Background(), hotID, store.RoleHotline, nil); err != nil {
		t.Fatal(err)
	}
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := strconv.FormatInt(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)), 10)

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login?next=/tickets"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "hot"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#tickets td.holder button"),
		chromedp.Click("#tickets td.holder button"),
		chromedp.WaitVisible("#release"),
	)
	if err != nil {
		t.Fatalf("taking the ticket from the queue: %v", err)
	}
	if at, err := chromedp.Run(tab, chromedp.Location()); err != nil || at != env.URL+"/tickets/"+id {
		t.Fatalf("after Take the browser is at %q: %v", at, err)
	}
	if held, err := chromedp.Run(tab, chromedp.Text("#assignment")); err != nil || !strings.Contains(held, "You have held this ticket since") {
		t.Fatalf("the ticket page says %q: %v", held, err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/tickets"), chromedp.WaitVisible("#tickets td.holder")); err != nil {
		t.Fatal(err)
	}
	if holder, err := chromedp.Run(tab, chromedp.Text("#tickets td.holder")); err != nil || strings.TrimSpace(holder) != "hot" {
		t.Fatalf("the queue names %q as holding the ticket: %v", holder, err)
	}
}
