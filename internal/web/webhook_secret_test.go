package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestWebhookAddressStaysSecret: the hotline webhook's address, a secret the
// settings page shows only as set, is shown by the deliveries API, an
// administrator's ticket page and the log by its scheme and host alone,
// while the hotline's system answers 500 and once it is gone (Go's HTTP
// client then names the address in its error); also for a delivery stored
// with the whole address before.
func TestWebhookAddressStaysSecret(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) { testWebhookAddressStaysSecret(t, d) })
	}
}

func testWebhookAddressStaysSecret(t *testing.T, d store.Dialect) {
	const secret = "hotline-s3cret-of-32-bytes-at-least"
	secrets := []string{"T0KEN-SECRETPATH", "SECRETQUERY", "hookuser", "hookpass", "/hook/"}
	var calls atomic.Int32
	hotSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	host := hotSrv.URL // http://127.0.0.1:PORT
	hookURL := strings.Replace(host, "http://", "http://hookuser:hookpass@", 1) + "/hook/T0KEN-SECRETPATH?key=SECRETQUERY"
	var logs logBuffer
	clk := testkit.NewClock(time.Now().UTC().Truncate(time.Second))
	env := testkit.BootStillLogged(t, d, clk, slog.New(slog.NewTextHandler(&logs, nil)), func(c *config.Config) {
		c.Deflection.WebhookURL, c.Deflection.WebhookSecret = hookURL, secret
		c.Deflection.MaxAttempts, c.Deflection.RetryBase = 5, time.Minute
	})
	ctx := context.Background()
	step := func() {
		t.Helper()
		if n, err := env.App.Help.RunDeliveries(ctx); err != nil || n != 1 {
			t.Fatalf("delivery step: %d attempted (%v), want 1", n, err)
		}
	}

	_, empTok := env.SignUp(t, "emp")
	res := env.API(t, "POST", "/help-sessions", empTok, map[string]string{"query": "the scanner on floor three is offline"})
	var sess struct{ ID int64 }
	if res.Status != http.StatusCreated {
		t.Fatalf("start: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &sess)
	res = env.API(t, "POST", "/help-sessions/"+itoa(sess.ID)+"/outcome", empTok, map[string]any{"outcome": "ticket",
		"ticket": map[string]any{"subject": "Scanner on floor three is offline", "body": "It shows no network since Monday."}})
	var out struct {
		Ticket struct{ ID int64 } `json:"ticket"`
	}
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &out)
	ticketPath := "/tickets/" + itoa(out.Ticket.ID)
	admin := newBrowser(env)
	admin.signUp(t, "root")
	setRole(t, env, "root", store.RoleAdmin)
	adminTok := token(t, env, "root")

	// shown checks what the API, the admin's ticket page and the log show.
	shown := func(when, wantError string) {
		t.Helper()
		res := env.API(t, "GET", "/deliveries?ticket_id="+itoa(out.Ticket.ID), adminTok, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: deliveries: %d %s", when, res.Status, res.Body)
		}
		hasNone(t, when+": GET /deliveries", string(res.Body), secrets...)
		list, _ := deliveries(t, env, adminTok, "?ticket_id="+itoa(out.Ticket.ID))
		if len(list) != 1 || list[0].Target != host || !strings.Contains(list[0].LastError, wantError) {
			t.Fatalf("%s: deliveries %+v, want target %s and an error with %q", when, list, host, wantError)
		}
		page := admin.get(t, ticketPath)
		hasNone(t, when+": the admin's ticket page", string(page.Body), secrets...)
		hasAll(t, when+": the admin's deliveries", deliveriesTable(t, page), "<td>Webhook</td>", "Last error")
		hasNone(t, when+": the log", logs.String(), secrets...)
	}

	// The hotline's system answers 500.
	step()
	if n := calls.Load(); n != 1 {
		t.Fatalf("the hotline received %d requests", n)
	}
	shown("answered 500", "HTTP 500")
	// The hotline's system is gone: the address cannot be reached.
	hotSrv.Close()
	clk.Advance(time.Minute)
	step()
	shown("unreachable", "Post \""+host+"\"")
	hasAll(t, "the admin's deliveries", deliveriesTable(t, admin.get(t, ticketPath)), "Post &#34;"+host+"&#34;")
	hasAll(t, "the log", logs.String(), "hotline delivery failed", host)

	// A delivery stored with the whole address before shows it so too.
	err := env.App.Store.DB.Model(&deflection.Delivery{}).Where("ticket_id = ?", out.Ticket.ID).
		Updates(map[string]any{"target": hookURL, "last_error": `Post "` + hookURL + `": dial tcp: connection refused`}).Error
	if err != nil {
		t.Fatal(err)
	}
	shown("stored before", "Post \""+host+"\": dial tcp: connection refused")
}
