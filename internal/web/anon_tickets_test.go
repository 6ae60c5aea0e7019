package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
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

// TestAnonymousTicketsAtOnce: tickets sent at once from one address without
// logging in, more than its day's number, file exactly that number; each
// other one is refused with the 429 that says to log in, and no ticket of
// its own is written. On both databases, over real HTTP requests in parallel.
func TestAnonymousTicketsAtOnce(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, func(c *config.Config) {
				c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
			})
			const sent = 3 * deflection.AnonymousTicketsPerDay
			b := newBrowser(env) // one browser: its sessions, started from another address
			post := func(from, path, body string) (*http.Request, error) {
				req, err := http.NewRequest("POST", env.URL+"/api/v1"+path, strings.NewReader(body))
				if err != nil {
					return nil, err
				}
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", from)
				return req, nil
			}
			ids := make([]int64, sent)
			for i := range ids {
				req, _ := post("10.0.8.9", "/help-sessions", fmt.Sprintf(`{"query": "monitor flickers number %d"}`, i))
				res := b.do(t, req)
				var sess struct{ ID int64 }
				if res.Status != http.StatusCreated || json.Unmarshal(res.Body, &sess) != nil {
					t.Fatalf("start help session %d: %d %s", i, res.Status, res.Body)
				}
				ids[i] = sess.ID
			}
			type answer struct {
				status int
				body   string
				err    error
			}
			answers := make([]answer, sent)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, err := post("10.0.8.1", fmt.Sprintf("/help-sessions/%d/outcome", id),
						fmt.Sprintf(`{"outcome": "ticket", "ticket": {"subject": "Monitor flickers %d", "body": "The monitor flickers, please help.", "email": "someone@example.com"}}`, i))
					if err != nil {
						answers[i].err = err
						return
					}
					<-start
					res, err := b.c.Do(req)
					if err != nil {
						answers[i].err = err
						return
					}
					defer res.Body.Close()
					body, err := io.ReadAll(res.Body)
					answers[i] = answer{res.StatusCode, string(body), err}
				}()
			}
			close(start)
			wg.Wait()
			ok, refused := 0, 0
			for i, a := range answers {
				switch {
				case a.err != nil:
					t.Fatalf("ticket %d: %v", i, a.err)
				case a.status == http.StatusOK:
					ok++
				case a.status == http.StatusTooManyRequests && strings.Contains(a.body, "without logging in"):
					refused++
				default:
					t.Fatalf("ticket %d: %d %s", i, a.status, a.body)
				}
			}
			if ok != deflection.AnonymousTicketsPerDay || refused != sent-ok {
				t.Fatalf("%d tickets sent at once: %d filed, %d refused; want %d filed", sent, ok, refused, deflection.AnonymousTicketsPerDay)
			}
			var n int64
			if err := env.App.Store.DB.Model(&deflection.Ticket{}).Count(&n).Error; err != nil || n != deflection.AnonymousTicketsPerDay {
				t.Fatalf("%d tickets stored (%v), want %d", n, err, deflection.AnonymousTicketsPerDay)
			}
			// The address's day is used up: one more, sent alone, is refused too.
			req, _ := post("10.0.8.9", "/help-sessions", `{"query": "monitor flickers again"}`)
			res := b.do(t, req)
			var sess struct{ ID int64 }
			if res.Status != http.StatusCreated || json.Unmarshal(res.Body, &sess) != nil {
				t.Fatalf("start help session: %d %s", res.Status, res.Body)
			}
			req, _ = post("10.0.8.1", fmt.Sprintf("/help-sessions/%d/outcome", sess.ID),
				`{"outcome": "ticket", "ticket": {"subject": "Monitor flickers", "body": "The monitor flickers, please help.", "email": "someone@example.com"}}`)
			if res := b.do(t, req); res.Status != http.StatusTooManyRequests || !strings.Contains(string(res.Body), "without logging in") {
				t.Fatalf("one more afterwards: %d %s", res.Status, res.Body)
			}
		})
	}
}

// TestAnonymousLastTicketSentTwiceAtOnce: an address's last ticket of the
// day, sent twice at once (a double click), is filed once, and both
// requests answer with it, as any ticket sent again does, not one of them
// with the refusal meant for an eleventh ticket.
func TestAnonymousLastTicketSentTwiceAtOnce(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, func(c *config.Config) {
				c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
			})
			const ticket = `{"outcome": "ticket", "ticket": {"subject": "Monitor flickers", "body": "The monitor flickers, please help.", "email": "someone@example.com"}}`
			b := newBrowser(env)
			req := func(from, path, body string) *http.Request {
				r, err := http.NewRequest("POST", env.URL+"/api/v1"+path, strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("X-Forwarded-For", from)
				return r
			}
			start := func() string {
				t.Helper()
				res := b.do(t, req("10.0.9.250", "/help-sessions", `{"query": "monitor flickers"}`))
				var sess struct{ ID int64 }
				if res.Status != http.StatusCreated || json.Unmarshal(res.Body, &sess) != nil {
					t.Fatalf("start help session: %d %s", res.Status, res.Body)
				}
				return fmt.Sprintf("/help-sessions/%d/outcome", sess.ID)
			}
			for k := 1; k <= 5; k++ {
				from := fmt.Sprintf("10.0.9.%d", k)
				for i := 1; i < deflection.AnonymousTicketsPerDay; i++ {
					if res := b.do(t, req(from, start(), ticket)); res.Status != http.StatusOK {
						t.Fatalf("%s, ticket %d: %d %s", from, i, res.Status, res.Body)
					}
				}
				path := start()
				reqs := []*http.Request{req(from, path, ticket), req(from, path, ticket)}
				type answer struct {
					status int
					body   []byte
					err    error
				}
				var answers [2]answer
				var wg sync.WaitGroup
				begin := make(chan struct{})
				for i := range reqs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-begin
						res, err := b.c.Do(reqs[i])
						if err != nil {
							answers[i].err = err
							return
						}
						defer res.Body.Close()
						body, err := io.ReadAll(res.Body)
						answers[i] = answer{res.StatusCode, body, err}
					}()
				}
				close(begin)
				wg.Wait()
				var ids [2]int64
				for i, a := range answers {
					var out struct {
						Ticket struct{ ID int64 } `json:"ticket"`
					}
					if a.err != nil || a.status != http.StatusOK || json.Unmarshal(a.body, &out) != nil || out.Ticket.ID == 0 {
						t.Fatalf("%s, the last ticket sent twice at once, answer %d: %d %s (%v)", from, i+1, a.status, a.body, a.err)
					}
					ids[i] = out.Ticket.ID
				}
				if ids[0] != ids[1] {
					t.Fatalf("%s, the last ticket sent twice at once: tickets %d and %d", from, ids[0], ids[1])
				}
				var n int64
				if err := env.App.Store.DB.Model(&deflection.Ticket{}).Count(&n).Error; err != nil || n != int64(k*deflection.AnonymousTicketsPerDay) {
					t.Fatalf("%d tickets stored (%v), want %d", n, err, k*deflection.AnonymousTicketsPerDay)
				}
			}
		})
	}
}
