package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketDeliveriesReadOnAPhone: an administrator's ticket page with a
// delivery the hotline refused (its table has six columns: the error and
// Retry) is no wider than a phone's screen, in English and German: the
// table scrolls in its own box, which the keyboard reaches, and Retry is
// there at its end.
func TestTicketDeliveriesReadOnAPhone(t *testing.T) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer hook.Close()
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.Deflection.WebhookURL, c.Deflection.WebhookSecret = hook.URL, "s3cret"
		c.Deflection.MaxAttempts, c.Deflection.RetryBase = 1, time.Minute
	})
	adaID, _ := env.SignUp(t, "ada")
	_, emp := env.SignUp(t, "priya")
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "laptop battery swollen"})
	path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
	res = env.API(t, "POST", path+"/outcome", emp, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Laptop battery swollen", "body": "The touchpad lifts since Monday.", "email": "priya@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := strconv.FormatInt(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)), 10)
	if n, err := env.App.Help.RunDeliveries(context.Background()); err != nil || n != 1 {
		t.Fatalf("delivering: %d attempted (%v)", n, err)
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
		if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/tickets/"+id),
			chromedp.WaitVisible("#deliveries")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[[]int](`(() => {
			const box = document.querySelector("#deliveries").closest(".table-scroll");
			return [document.documentElement.scrollWidth - document.documentElement.clientWidth,
				box ? box.tabIndex : -1,
				document.querySelectorAll("#deliveries button").length];
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got[0] > 0 {
			t.Errorf("390 px (%s): the page is %d px wider than the screen", lang, got[0])
		}
		if got[1] != 0 || got[2] != 1 {
			t.Errorf("390 px (%s): the table's box takes the focus %v (tabindex %d), Retry buttons %d", lang, got[1] == 0, got[1], got[2])
		}
	}
}
