package e2e

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketWithdrawReopenInBrowser: the employee withdraws their ticket
// with a reason from its page and reads it withdrawn, with the reason in
// its history; then reopens it with a message, which joins the
// conversation, and the ticket is open again.
func TestTicketWithdrawReopenInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	page := env.URL + "/tickets/" + strconv.FormatInt(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)), 10)
	browser := testkit.Browser(t)
	emp := testkit.Tab(t, browser, 60*time.Second)
	if err := chromedp.Do(emp, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "emp"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
		t.Fatalf("log in: %v", err)
	}

	if err := chromedp.Do(emp, chromedp.Navigate(page), chromedp.WaitVisible("#withdraw-reason"),
		chromedp.SendKeys("#withdraw-reason", "I found the answer"), chromedp.Click("#withdraw-send"),
		chromedp.WaitVisible("#withdrawn")); err != nil {
		t.Fatalf("withdraw: %v", err)
	}
	got, err := chromedp.Run(emp, chromedp.Evaluate[[]string](`[document.querySelector(".status").textContent,
		document.querySelector("ol.ticket-history li.event-withdrawn").textContent.includes("Reason: I found the answer") ? "reason" : "no reason",
		String(!!document.querySelector("#withdraw-send")), String(!!document.querySelector("#reopen-send"))]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "withdrawn" || got[1] != "reason" || got[2] != "false" || got[3] != "true" {
		t.Fatalf("the withdrawn ticket's page: %q", got)
	}

	const why = "The picture is gone again since the update."
	if err := chromedp.Do(emp, chromedp.SendKeys("#reopen-body", why), chromedp.Click("#reopen-send"),
		chromedp.WaitVisible("ol.ticket-messages li.ticket-message")); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	got, err = chromedp.Run(emp, chromedp.Evaluate[[]string](`[document.querySelector(".status").textContent,
		document.querySelector("ol.ticket-messages li p.pre").textContent,
		String(document.querySelectorAll("ol.ticket-history li").length), String(!!document.querySelector("#withdraw-send"))]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "open" || got[1] != why || got[2] != "2" || got[3] != "true" {
		t.Fatalf("the reopened ticket's page: %q", got)
	}
}
