package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestDeactivateAsksFirst: "Deactivate account" asks before it acts, in
// the administrator's language, saying what cannot be undone (sessions,
// API tokens, held tickets); dismissing the question leaves the account as
// it was, token and ticket included, and confirming deactivates it.
func TestDeactivateAsksFirst(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ctx := context.Background()
	adaID, _ := env.SignUp(t, "ada")
	bobID, bob := env.SignUp(t, "bob")
	_, emp := env.SignUp(t, "emp")
	if _, err := env.App.Auth.AssignRole(ctx, adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Auth.AssignRole(ctx, bobID, store.RoleHotline, &adaID); err != nil {
		t.Fatal(err)
	}
	bob = env.Token(t, "bob") // one with the role
	// bob holds a ticket.
	res := env.API(t, "POST", "/help-sessions", emp, map[string]any{"query": "docking station gives no picture"})
	res = env.API(t, "POST", "/help-sessions/"+strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)+"/outcome", emp,
		map[string]any{"outcome": "ticket", "ticket": map[string]any{"subject": "Dock gives no picture", "body": "Both screens stay black.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	ticketID := int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64))
	if res := env.API(t, "POST", "/tickets/"+strconv.FormatInt(ticketID, 10)+"/assignment", bob, nil); res.Status != http.StatusOK {
		t.Fatalf("bob takes the ticket: %d %s", res.Status, res.Body)
	}
	unchanged := func(when string) {
		t.Helper()
		var u store.User
		if err := env.App.Store.DB.Where("id = ?", bobID).Take(&u).Error; err != nil {
			t.Fatal(err)
		}
		var tk deflection.Ticket
		if err := env.App.Store.DB.Where("id = ?", ticketID).Take(&tk).Error; err != nil {
			t.Fatal(err)
		}
		if u.DeactivatedAt != nil || tk.AssignedTo == nil || *tk.AssignedTo != bobID {
			t.Fatalf("%s: bob deactivated at %v, the ticket held by %v", when, u.DeactivatedAt, tk.AssignedTo)
		}
		if res := env.API(t, "GET", "/me", bob, nil); res.Status != http.StatusOK {
			t.Fatalf("%s: bob's token gets %d", when, res.Status)
		}
	}

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	// The page's questions, answered as accept says (dismissed unless set).
	asked := make(chan string, 4)
	var accept atomic.Bool
	if err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			asked <- e.Message
			yes := accept.Load()
			go func() {
				_, _ = chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: yes})
			}()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
		t.Fatal(err)
	}
	profile := env.URL + "/users/" + strconv.FormatInt(bobID, 10)
	button := `form[action="/users/` + strconv.FormatInt(bobID, 10) + `/active"] button`
	question := func(lang string) string {
		t.Helper()
		select {
		case msg := <-asked:
			return msg
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Deactivate account acted without asking", lang)
		}
		return ""
	}
	for _, c := range []struct{ lang, want string }{
		{"en", "Deactivate bob's account? Their sessions end at once, their API tokens are revoked for good"},
		{"de", "Das Konto von bob deaktivieren? Seine Sitzungen enden sofort, seine API-Tokens werden endgültig widerrufen"},
	} {
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+c.lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.Navigate(profile), chromedp.WaitVisible(button), chromedp.Click(button)); err != nil {
			t.Fatal(err)
		}
		msg := question(c.lang)
		if !strings.HasPrefix(msg, c.want) || !strings.Contains(msg, map[string]string{"en": "the tickets they hold go back to the queue",
			"de": "die Tickets, die es bearbeitet, gehen zurück in die Warteschlange"}[c.lang]) {
			t.Errorf("%s: the question is %q", c.lang, msg)
		}
		// Dismissed: still on the profile, nothing sent, nothing changed.
		at, err := chromedp.Run(tab, chromedp.Location())
		if err != nil || at != profile {
			t.Fatalf("%s: after dismissing, the browser is at %q (%v)", c.lang, at, err)
		}
		unchanged(c.lang + ", dismissed")
	}

	// Confirmed: the account is deactivated.
	accept.Store(true)
	if err := chromedp.Do(tab, chromedp.Navigate(profile), chromedp.WaitVisible(button), chromedp.Click(button),
		chromedp.WaitVisible(".notice")); err != nil {
		t.Fatal(err)
	}
	question("confirmed")
	var u store.User
	if err := env.App.Store.DB.Where("id = ?", bobID).Take(&u).Error; err != nil || u.DeactivatedAt == nil {
		t.Fatalf("confirmed: bob is not deactivated (%v)", err)
	}
}
