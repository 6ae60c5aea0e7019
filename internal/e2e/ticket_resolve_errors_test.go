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

// TestTicketResolveErrorsTakeTheFocus: the hotline's resolve form sent back
// with errors marks the fields they name invalid, ties each to its message
// and puts the focus on the first, as the ask form does: first the answer,
// then, the answer mended, the title of the question to publish (the
// employee's subject is too short for one).
func TestTicketResolveErrorsTakeTheFocus(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	hotID, _ := env.SignUp(t, "hot")
	if _, err := env.App.Auth.AssignRole(context.Background(), hotID, store.RoleHotline, nil); err != nil {
		t.Fatal(err)
	}
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "wifi on floor 3 is down"})
	path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Wifi!", "body": "It is down on floor 3 since this morning, for everyone.", "email": "emp@example.com",
		"consent_publish": true}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := strconv.FormatInt(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)), 10)

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login?next=/tickets/"+id),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "hot"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#answer"),
		chromedp.SendKeys("#answer", "Too short."),
		chromedp.Submit("#answer"),
		chromedp.WaitVisible("#answer-error"),
	)
	if err != nil {
		t.Fatalf("sending a short answer: %v", err)
	}
	marks := `document.activeElement.id + " " + document.querySelector("#answer").getAttribute("aria-invalid") + " " +
		document.querySelector("#answer").getAttribute("aria-describedby") + " " + document.querySelector("#pub-title").getAttribute("aria-invalid")`
	if state, err := chromedp.Run(tab, chromedp.Evaluate[string](marks)); err != nil || state != "answer true answer-error null" {
		t.Fatalf("after a short answer: %q (%v), want the answer focused, invalid and described by its message", state, err)
	}

	err = chromedp.Do(tab,
		chromedp.SendKeys("#answer", " Restart the access point on your floor, then call 4411."),
		chromedp.Submit("#answer"),
		chromedp.WaitVisible("#title-error"),
	)
	if err != nil {
		t.Fatalf("sending the answer with the subject as title: %v", err)
	}
	marks = `document.activeElement.id + " " + document.querySelector("#pub-title").getAttribute("aria-invalid") + " " +
		document.querySelector("#pub-title").getAttribute("aria-describedby") + " " + document.querySelector("#answer").getAttribute("aria-invalid")`
	if state, err := chromedp.Run(tab, chromedp.Evaluate[string](marks)); err != nil || state != "pub-title true title-error null" {
		t.Fatalf("after a title too short: %q (%v), want the title focused, invalid and described by its message", state, err)
	}
}
