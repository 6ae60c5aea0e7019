package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestFormErrorsTakeTheFocus: the ask form sent back with errors marks the
// fields they name invalid and puts the focus on the first, so a keyboard
// user starts where the fix is.
func TestFormErrorsTakeTheFocus(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login?next=/questions/ask"),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#title"),
		chromedp.SendKeys("#title", "Docking station monitors stay black after the update"),
		chromedp.SendKeys("#body", "Too short."),
		chromedp.SendKeys("#tags", "docking"),
		sendForm("#tags"),
		chromedp.WaitVisible("#body-error"),
	)
	if err != nil {
		t.Fatalf("sending the form: %v", err)
	}
	state, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.id + " " +
		document.querySelector("#body").getAttribute("aria-invalid") + " " + document.querySelector("#title").getAttribute("aria-invalid")`))
	if err != nil || state != "body true null" {
		t.Fatalf("focus and marks after the errors: %q (%v), want the body focused and alone invalid", state, err)
	}
}

// sendForm sends the form of the field sel as pressing Enter in it would:
// the submit event runs the page's handlers, wherever the layout has put the
// form's button. A click on the Ask page's button could land where it was
// before the similar questions, arriving late, moved it.
func sendForm(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`document.querySelector(` + strconv.Quote(sel) + `).form.requestSubmit()`)
}
