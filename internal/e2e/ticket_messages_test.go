package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketMessageFormInBrowser: the employee writes a message in the form
// on their ticket's page and, sent, reads it in the conversation, as theirs
// (not the hotline's); a second one at once is refused beside the form
// (the gap between the employee's messages), its text kept in the box. The
// hotline agent opens the ticket and reads the employee's message there.
func TestTicketMessageFormInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.Deflection.MessageGap = 30 * time.Second })
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
	page := env.URL + "/tickets/" + strconv.FormatInt(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)), 10)
	browser := testkit.Browser(t)
	logIn := func(tab context.Context, who string) {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", who), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatalf("log in %s: %v", who, err)
		}
	}

	emp := testkit.Tab(t, browser, 60*time.Second)
	logIn(emp, "emp")
	const first = "It is a Dell WD19 <dock>, serial 7Q2X."
	if err := chromedp.Do(emp, chromedp.Navigate(page), chromedp.WaitVisible("#no-messages"),
		chromedp.SendKeys("#message-body", first), chromedp.Click("#message-send"),
		chromedp.WaitVisible("ol.ticket-messages li.ticket-message")); err != nil {
		t.Fatalf("the employee's message: %v", err)
	}
	got, err := chromedp.Run(emp, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.ticket-messages li")].map(li =>
		li.className + "|" + li.querySelector("p.pre").textContent + "|" + document.querySelector("#message-body").value)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "ticket-message|"+first+"|" {
		t.Fatalf("the conversation after sending: %q", got)
	}

	const second = "And the firmware is 1.0.4."
	if err := chromedp.Do(emp, chromedp.SendKeys("#message-body", second), chromedp.Click("#message-send"),
		chromedp.WaitVisible("#body-error")); err != nil {
		t.Fatalf("a second message at once: %v", err)
	}
	refusal, err := chromedp.Run(emp, chromedp.Evaluate[[]string](`[document.querySelector("#body-error").textContent,
		document.querySelector("#message-body").value, document.querySelector("#message-body").getAttribute("aria-describedby"),
		String(document.querySelectorAll("ol.ticket-messages li").length)]`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(refusal[0], "Leave 30 seconds between your messages on a ticket; you may write again in ") ||
		refusal[1] != second || refusal[2] != "body-error" || refusal[3] != "1" {
		t.Fatalf("the refusal: %q", refusal)
	}

	hot := testkit.Tab(t, browser, 60*time.Second)
	logIn(hot, "hot")
	if err := chromedp.Do(hot, chromedp.Navigate(page), chromedp.WaitVisible("ol.ticket-messages li.ticket-message")); err != nil {
		t.Fatalf("the agent opens the ticket: %v", err)
	}
	seen, err := chromedp.Run(hot, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.ticket-messages li")].map(li =>
		li.className + "|" + li.querySelector("p.pre").textContent + "|" + li.querySelector("p.muted").textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !strings.HasPrefix(seen[0], "ticket-message|"+first+"|emp") {
		t.Fatalf("the agent reads: %q", seen)
	}
}
