package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTicketMessageSentAgain: "Send message" clicked twice (or sent again
// after a slow answer) writes the message once. The employee's second
// click, within the gap between their messages, is not refused: the page
// goes to the conversation as after the first, which shows the message
// once. Through the API, the hotline's message sent again answers with the
// first one.
func TestTicketMessageSentAgain(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	env := testkit.BootStill(t, store.SQLite, clk, func(c *config.Config) { c.Deflection.MessageGap = 30 * time.Second })
	_, empTok := env.SignUp(t, "emp")
	_, hotTok := env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	res := env.API(t, "POST", "/help-sessions", empTok, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", empTok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Dock gives no picture", "body": "Both screens stay black since Monday.", "email": "emp@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	page := "/tickets/" + itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))

	emp := newBrowser(env)
	emp.logIn(t, "emp")
	for i := range 2 {
		res := emp.post(t, page, page+"/messages", url.Values{"body": {"It is a Dell WD19 & the serial is 7Q2X."}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != page+"#messages" {
			t.Fatalf("click %d: %d %q %s", i+1, res.Status, res.Header.Get("Location"), res.Body)
		}
		clk.Advance(5 * time.Second)
	}
	if n := strings.Count(string(emp.get(t, page).Body), "It is a Dell WD19 &amp; the serial is 7Q2X."); n != 1 {
		t.Fatalf("the message shows %d times", n)
	}

	var first, again struct {
		ID int64 `json:"id"`
	}
	for i, into := range []any{&first, &again} {
		res := env.API(t, "POST", page+"/messages", hotTok, map[string]any{"body": "Which firmware does it run?"})
		if want := []int{http.StatusCreated, http.StatusOK}[i]; res.Status != want { // sent again: nothing created
			t.Fatalf("the hotline's message, %d: %d %s", i+1, res.Status, res.Body)
		}
		res.JSON(t, into)
	}
	if first.ID == 0 || again.ID != first.ID {
		t.Fatalf("sent again: message %d, first %d", again.ID, first.ID)
	}
	var list struct {
		Items []struct {
			Body string `json:"body"`
		} `json:"items"`
	}
	env.API(t, "GET", page+"/messages", hotTok, nil).JSON(t, &list)
	if len(list.Items) != 2 {
		t.Fatalf("the conversation holds %d messages: %+v", len(list.Items), list.Items)
	}
}
