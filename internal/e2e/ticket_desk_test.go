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

// TestTicketNoteAndPriorityInBrowser: the hotline agent sends an empty
// internal note and lands in the note's box, marked invalid; a note sent
// shows in the conversation marked "Internal note"; the priority chosen in
// its box shows beside the ticket's status. The employee's page of the
// same ticket shows neither.
func TestTicketNoteAndPriorityInBrowser(t *testing.T) {
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

	hot := testkit.Tab(t, browser, 60*time.Second)
	logIn(hot, "hot")
	if err := chromedp.Do(hot, chromedp.Navigate(page), chromedp.WaitVisible("#note-body"), chromedp.Click("#note-add"),
		chromedp.WaitVisible("#note-error")); err != nil {
		t.Fatalf("an empty note: %v", err)
	}
	refusal, err := chromedp.Run(hot, chromedp.Evaluate[[]string](`[document.querySelector("#note-error").textContent,
		document.activeElement.id, document.querySelector("#note-body").getAttribute("aria-invalid")]`))
	if err != nil {
		t.Fatal(err)
	}
	if refusal[0] != "Write a note." || refusal[1] != "note-body" || refusal[2] != "true" {
		t.Fatalf("the refused note: %q", refusal)
	}
	const note = "Known WD19 firmware bug, see KB-112."
	if err := chromedp.Do(hot, chromedp.SendKeys("#note-body", note), chromedp.Click("#note-add"),
		chromedp.WaitVisible("li.internal-note"),
		chromedp.SetValue("#priority", "urgent"), chromedp.Click("#priority-set"),
		chromedp.WaitVisible("#ticket-priority.status-priority-urgent")); err != nil {
		t.Fatalf("the note and the priority: %v", err)
	}
	seen, err := chromedp.Run(hot, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.ticket-messages li")].map(li =>
		li.className + "|" + li.querySelector(".status").textContent + "|" + li.querySelector("p.pre").textContent).concat(
		[document.querySelector("#ticket-priority").textContent])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != "ticket-message internal-note|Internal note|"+note || seen[1] != "Priority: Urgent" {
		t.Fatalf("the agent's page: %q", seen)
	}

	emp := testkit.Tab(t, browser, 60*time.Second)
	logIn(emp, "emp")
	if err := chromedp.Do(emp, chromedp.Navigate(page), chromedp.WaitVisible("#no-messages")); err != nil {
		t.Fatalf("the employee's page: %v", err)
	}
	shown, err := chromedp.Run(emp, chromedp.Evaluate[[]string](`[String(document.body.innerText.includes("KB-112")),
		String(!!document.querySelector("#note-form, #priority-form, #ticket-priority, li.internal-note"))]`))
	if err != nil {
		t.Fatal(err)
	}
	if shown[0] != "false" || shown[1] != "false" {
		t.Fatalf("the employee's page shows the note or the priority: %q", shown)
	}
}
