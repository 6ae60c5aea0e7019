package web_test

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAnonymousTicketsPerClientADay: without logging in, one client address
// files AnonymousTicketsPerDay tickets a day, however often it drops its
// visitor cookie; then it is refused, while other addresses and logged-in
// employees at the same address still file theirs.
func TestAnonymousTicketsPerClientADay(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
	})
	_, emp := env.SignUp(t, "emp")
	file := func(from, token string) *testkit.Response {
		b := newBrowser(env) // a fresh visitor cookie each time
		send := func(path, body string) *testkit.Response {
			req, _ := http.NewRequest("POST", env.URL+"/api/v1"+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Forwarded-For", from)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return b.do(t, req)
		}
		res := send("/help-sessions", `{"query": "docking station gives no picture"}`)
		var sess struct{ ID int64 }
		if res.Status != http.StatusCreated || json.Unmarshal(res.Body, &sess) != nil {
			t.Fatalf("start a help session: %d %s", res.Status, res.Body)
		}
		return send(fmt.Sprintf("/help-sessions/%d/outcome", sess.ID),
			`{"outcome": "ticket", "ticket": {"subject": "Dock gives no picture", "body": "Both screens stay black.", "email": "someone@example.com"}}`)
	}
	for i := range deflection.AnonymousTicketsPerDay {
		if res := file("10.0.7.1", ""); res.Status != http.StatusOK {
			t.Fatalf("ticket %d: %d %s", i, res.Status, res.Body)
		}
	}
	res := file("10.0.7.1", "")
	if res.Status != http.StatusTooManyRequests || !strings.Contains(string(res.Body), "without logging in") {
		t.Fatalf("one more from the same address: %d %s", res.Status, res.Body)
	}
	if res := file("10.0.7.2", ""); res.Status != http.StatusOK {
		t.Fatalf("another address: %d %s", res.Status, res.Body)
	}
	if res := file("10.0.7.1", emp); res.Status != http.StatusOK {
		t.Fatalf("a logged-in employee at the same address: %d %s", res.Status, res.Body)
	}
	var n int64
	if err := env.App.Store.DB.Model(&deflection.Ticket{}).Count(&n).Error; err != nil || n != deflection.AnonymousTicketsPerDay+2 {
		t.Fatalf("%d tickets (%v), want %d", n, err, deflection.AnonymousTicketsPerDay+2)
	}
}
