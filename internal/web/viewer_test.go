package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// behindLocalProxy makes the test's own address a trusted proxy, so that a
// request names its client with X-Forwarded-For.
func behindLocalProxy(c *config.Config) {
	c.TrustedProxies = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}
}

// TestAnonymousViewsCountByAddress: a visitor who is not logged in counts
// one view of a question an hour by address, whatever browser it says it
// is and whatever cookies it sends or drops, so changing them counts no
// more views; an IPv6 client counts by its /64. Another address counts
// apart, as does a member logged in from the same address, and the next
// hour the same address counts again (an office behind one address is one
// anonymous viewer an hour, not one for good).
func TestAnonymousViewsCountByAddress(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			clk := testkit.NewClock(time.Now().UTC().Truncate(time.Hour).Add(5 * time.Minute))
			env := testkit.BootStill(t, d, clk, behindLocalProxy)
			_, tok := env.SignUp(t, "ada")
			q := env.Ask(t, tok, "Where do I find my payslip for October?")
			path := "/questions/" + itoa(q)
			views := func() float64 {
				t.Helper()
				if err := env.App.Views.Flush(context.Background()); err != nil {
					t.Fatal(err)
				}
				return env.API(t, "GET", path, "", nil).Map(t)["view_count"].(float64)
			}
			view := func(b *browser, from, agent string) {
				t.Helper()
				if res := b.get(t, path, "X-Forwarded-For", from, "User-Agent", agent); res.Status != http.StatusOK {
					t.Fatalf("view from %s: %d", from, res.Status)
				}
			}
			// One client, a new browser name and a fresh cookie jar each time,
			// and a made-up visitor cookie.
			for i := range 20 {
				view(newBrowser(env), "10.0.0.7", "agent-"+itoa(int64(i)))
			}
			visitor := newBrowser(env)
			req, _ := http.NewRequest("GET", env.URL+path, nil)
			req.Header.Set("X-Forwarded-For", "10.0.0.7")
			req.Header.Set("Cookie", "stackdesk_visitor=0123456789abcdef0123456789abcdef")
			visitor.do(t, req)
			if n := views(); n != 1 {
				t.Fatalf("view_count = %v after one address changed its browser name and cookies, want 1", n)
			}
			// The stored viewer is no plain hash of the address, which
			// hashing every IPv4 address would give back.
			var stored []string
			if err := env.App.Store.DB.Raw("SELECT viewer FROM post_views WHERE post_id = ?", q).Scan(&stored).Error; err != nil {
				t.Fatal(err)
			}
			plain := sha256.Sum256([]byte("10.0.0.7"))
			if len(stored) != 1 || strings.Contains(stored[0], "10.0.0.7") || strings.Contains(stored[0], hex.EncodeToString(plain[:12])) {
				t.Fatalf("stored viewers %q: want one, keyed (not the address's plain hash %x)", stored, plain[:12])
			}
			// IPv6: the addresses of one /64 are one client; another /64 is another.
			view(newBrowser(env), "2001:db8:1:2::1", "a")
			view(newBrowser(env), "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "b")
			if n := views(); n != 2 {
				t.Fatalf("view_count = %v after two addresses of one IPv6 /64, want 2", n)
			}
			view(newBrowser(env), "2001:db8:1:3::1", "a")
			view(newBrowser(env), "10.0.0.8", "a")
			if n := views(); n != 4 {
				t.Fatalf("view_count = %v after another /64 and another IPv4 address, want 4", n)
			}
			// A member at the office's address counts apart.
			member := newBrowser(env)
			member.signUp(t, "bob")
			view(member, "10.0.0.7", "agent-0")
			if n := views(); n != 5 {
				t.Fatalf("view_count = %v after a member at a counted address, want 5", n)
			}
			// An hour later the office's address counts again.
			clk.Advance(time.Hour)
			view(newBrowser(env), "10.0.0.7", "agent-0")
			view(newBrowser(env), "10.0.0.7", "agent-1")
			if n := views(); n != 6 {
				t.Fatalf("view_count = %v after the address came back an hour later, want 6", n)
			}
		})
	}
}
