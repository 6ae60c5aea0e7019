package deflection_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// hotline is a real local HTTP server standing in for the hotline's system:
// it checks each request's signature and fails the first attempts.
type hotline struct {
	mu       sync.Mutex
	secret   string
	failures int // answer 503 to this many requests first
	got      []received
}

type received struct {
	delivery, timestamp string
	signed              bool
	payload             deflection.Payload
	status              int
}

func (h *hotline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	rec := received{delivery: r.Header.Get(deflection.HeaderDelivery), timestamp: r.Header.Get(deflection.HeaderTimestamp)}
	rec.signed = deflection.VerifySignature(h.secret, rec.timestamp, body, r.Header.Get(deflection.HeaderSignature))
	json.Unmarshal(body, &rec.payload)
	rec.status = http.StatusOK
	if !rec.signed {
		rec.status = http.StatusUnauthorized
	} else if len(h.got) < h.failures {
		rec.status = http.StatusServiceUnavailable
	}
	h.got = append(h.got, rec)
	w.WriteHeader(rec.status)
}

func (h *hotline) requests() []received {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]received(nil), h.got...)
}

func delivery(t *testing.T, st *store.Store, ticketID int64) deflection.Delivery {
	t.Helper()
	var d deflection.Delivery
	if err := st.DB.Where("ticket_id = ? AND channel = ?", ticketID, deflection.ChannelWebhook).Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWebhookRetriesWithBackoffUntilDelivered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := &hotline{secret: "s3cret", failures: 2}
		srv := httptest.NewServer(h)
		defer srv.Close()
		r := newRig(t, st)
		r.svc.Settings.WebhookURL, r.svc.Settings.WebhookSecret = srv.URL+"/tickets", "s3cret"
		r.svc.Settings.RetryBase = 30 * time.Second
		ctx := context.Background()
		carol := storetest.User(t, st, "carol", store.RoleUser)
		q := r.ask(t, carol, "2026-03-02 09:00", "Printer queue is stuck forever", "printer")

		me := deflection.Who{User: carol}
		r.search.posts = []*store.Post{q}
		s := r.start(t, me, "2026-03-02 10:00", "printer queue stuck")
		r.view(t, me, s, q)
		out := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Printer queue stuck", Body: "Nothing prints since Monday.", ConsentPublish: true}})
		tk := out.Ticket
		if tk.Email != "carol@example.com" || tk.Status != "open" || !tk.ConsentPublish {
			t.Fatalf("ticket %+v", tk)
		}
		trail := tk.ParseTrail()
		if trail.Problem != "printer queue stuck" || len(trail.Searches) != 1 || len(trail.Viewed) != 1 || trail.Viewed[0].ID != q.ID {
			t.Fatalf("trail %+v", trail)
		}

		// Attempt 1 fails at 10:00; nothing is due again until 30s later.
		step := func(wantSent int) {
			t.Helper()
			n, err := r.svc.RunDeliveries(ctx)
			if err != nil || n != wantSent {
				t.Fatalf("run at %s: sent %d (%v), want %d", r.clk.Now().Format(time.TimeOnly), n, err, wantSent)
			}
		}
		step(1)
		d := delivery(t, st, tk.ID)
		if d.Status != "pending" || d.Attempts != 1 || d.LastStatus != 503 || !d.NextAttemptAt.Equal(r.clk.Now().Add(30*time.Second)) || d.LastError == "" {
			t.Fatalf("after attempt 1: %+v", d)
		}
		step(0)
		r.clk.Advance(29 * time.Second)
		step(0)
		// Attempt 2 at +30s fails; the wait doubles to 60s.
		r.clk.Advance(time.Second)
		step(1)
		d = delivery(t, st, tk.ID)
		if d.Attempts != 2 || !d.NextAttemptAt.Equal(r.clk.Now().Add(60*time.Second)) {
			t.Fatalf("after attempt 2: %+v", d)
		}
		r.clk.Advance(59 * time.Second)
		step(0)
		// Attempt 3 at +60s arrives.
		r.clk.Advance(time.Second)
		step(1)
		d = delivery(t, st, tk.ID)
		if d.Status != "delivered" || d.Attempts != 3 || d.DeliveredAt == nil || d.LastError != "" || d.LastStatus != 200 {
			t.Fatalf("delivered: %+v", d)
		}
		r.clk.Advance(time.Hour)
		step(0)

		got := h.requests()
		if len(got) != 3 {
			t.Fatalf("%d requests", len(got))
		}
		for i, g := range got {
			if !g.signed || g.delivery != strconv.FormatInt(d.ID, 10) || g.payload.Ticket.ID != tk.ID || g.payload.Trail == nil ||
				g.payload.Trail.Viewed[0].Title != q.Title || g.payload.Ticket.Email != "carol@example.com" || g.payload.Ticket.Username != "carol" {
				t.Fatalf("request %d: %+v", i, g)
			}
		}
		if got[0].timestamp == got[2].timestamp {
			t.Fatal("retries reuse the timestamp")
		}
	})
}

func TestWebhookGivesUpAndAnAdminRetries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := &hotline{secret: "right", failures: 1000}
		srv := httptest.NewServer(h)
		defer srv.Close()
		r := newRig(t, st)
		r.svc.Settings.WebhookURL, r.svc.Settings.WebhookSecret = srv.URL, "right"
		r.svc.Settings.MaxAttempts = 3
		ctx := context.Background()
		me := deflection.Who{Visitor: "v1"}
		s := r.start(t, me, "2026-03-02 10:00", "wifi is down on floor 2")
		tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Wifi down on floor 2")}).Ticket
		for i := 0; i < 3; i++ {
			if n, err := r.svc.RunDeliveries(ctx); n != 1 || err != nil {
				t.Fatalf("attempt %d: %d %v", i+1, n, err)
			}
			r.clk.Advance(24 * time.Hour)
		}
		d := delivery(t, st, tk.ID)
		if d.Status != "failed" || d.Attempts != 3 {
			t.Fatalf("after the last attempt: %+v", d)
		}
		if n, _ := r.svc.RunDeliveries(ctx); n != 0 {
			t.Fatal("a failed delivery was sent again")
		}
		// Admins see the queue and retry; others may not.
		user := storetest.User(t, st, "u", store.RoleUser)
		admin := storetest.User(t, st, "root", store.RoleAdmin)
		if _, _, err := r.svc.Deliveries(ctx, user, deflection.DeliveryFilter{}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("user lists deliveries: %v", err)
		}
		list, total, err := r.svc.Deliveries(ctx, admin, deflection.DeliveryFilter{Status: "failed"})
		if err != nil || total != 1 || list[0].ID != d.ID {
			t.Fatalf("failed list: %v %d %v", list, total, err)
		}
		if _, err := r.svc.RetryDelivery(ctx, user, d.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("user retries: %v", err)
		}
		if _, err := r.svc.RetryDelivery(ctx, admin, 99999); !errs.Is(err, errs.NotFound) {
			t.Fatalf("retry missing: %v", err)
		}
		if _, err := r.svc.RetryDelivery(ctx, admin, d.ID); err != nil {
			t.Fatal(err)
		}
		h.mu.Lock()
		h.failures = 0
		h.got = nil
		h.mu.Unlock()
		if n, err := r.svc.RunDeliveries(ctx); n != 1 || err != nil {
			t.Fatalf("after retry: %d %v", n, err)
		}
		if d := delivery(t, st, tk.ID); d.Status != "delivered" || d.Attempts != 1 {
			t.Fatalf("retried: %+v", d)
		}
		if _, err := r.svc.RetryDelivery(ctx, admin, d.ID); !errs.Is(err, errs.Conflict) {
			t.Fatalf("retry delivered: %v", err)
		}
		// A wrong secret is refused by the hotline: the signature really is checked.
		h.mu.Lock()
		h.secret = "other"
		h.mu.Unlock()
		s2 := r.start(t, me, "2026-03-05 10:00", "wifi is down again")
		tk2 := r.outcome(t, me, s2, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Wifi down again")}).Ticket
		r.svc.RunDeliveries(ctx)
		if d := delivery(t, st, tk2.ID); d.LastStatus != 401 || d.Status != "pending" {
			t.Fatalf("bad signature accepted: %+v", d)
		}
	})
}

func TestBackoff(t *testing.T) {
	base := 30 * time.Second
	for n, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 10: 512 * 30 * time.Second, 11: 6 * time.Hour, 40: 6 * time.Hour} {
		if got := deflection.Backoff(base, n); got != want {
			t.Errorf("Backoff(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestNoChannelKeepsTicketsForTheHotlinePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		me := deflection.Who{Visitor: "v1"}
		s := r.start(t, me, "2026-03-02 10:00", "phone has no dial tone")
		r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("No dial tone")})
		var n int64
		st.DB.Model(&deflection.Delivery{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d deliveries without a channel", n)
		}
		hot := storetest.User(t, st, "hotline", store.RoleHotline)
		rows, total, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: "open"})
		if err != nil || total != 1 || rows[0].Subject != "No dial tone" || rows[0].DeliveryState() != "" {
			t.Fatalf("tickets: %+v %d %v", rows, total, err)
		}
		user := storetest.User(t, st, "u", store.RoleUser)
		// Others see only their own tickets.
		if rows, total, err := r.svc.Tickets(ctx, user, deflection.TicketFilter{}); err != nil || total != 0 || len(rows) != 0 {
			t.Fatalf("user lists tickets: %+v %d %v", rows, total, err)
		}
		if _, err := r.svc.TicketByID(ctx, user, rows[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("user opens another's ticket: %v", err)
		}
	})
}

// TestWebhookFollowsNoRedirect: a hotline address that answers with a
// redirect fails the delivery (kept for a retry); the ticket never reaches
// the address it was redirected to.
func TestWebhookFollowsNoRedirect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		var elsewhere atomic.Int32
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			elsewhere.Add(1)
			w.WriteHeader(http.StatusOK)
		}))
		defer other.Close()
		redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/collect", http.StatusTemporaryRedirect)
		}))
		defer redirecting.Close()
		r := newRig(t, st)
		r.svc.Settings.WebhookURL, r.svc.Settings.WebhookSecret = redirecting.URL+"/tickets", "s3cret"
		carol := storetest.User(t, st, "carol", store.RoleUser)
		me := deflection.Who{User: carol}
		s := r.start(t, me, "2026-03-02 10:00", "printer queue stuck")
		r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Printer queue stuck", Body: "Nothing prints since Monday."}})
		n, err := r.svc.RunDeliveries(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("deliveries: attempted %d (%v), want 1", n, err)
		}
		if got := elsewhere.Load(); got != 0 {
			t.Errorf("the redirect was followed: the other address got %d requests", got)
		}
		var d deflection.Delivery
		if err := st.DB.Where("channel = ?", "webhook").Take(&d).Error; err != nil {
			t.Fatal(err)
		}
		if d.Status != "pending" || d.Attempts != 1 || d.LastStatus != http.StatusTemporaryRedirect {
			t.Errorf("delivery %+v, want a failed attempt answered 307, to retry", d)
		}
	})
}
