package web_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// hotlineCall is one request the hotline's system received.
type hotlineCall struct {
	header http.Header
	body   []byte
	status int
}

// hotlineServer is a real local HTTP server standing in for the hotline's
// system: it records every request and answers with the status it is set to.
type hotlineServer struct {
	mu     sync.Mutex
	status int
	calls  []hotlineCall
}

func (h *hotlineServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/hotline/tickets" {
		h.calls = append(h.calls, hotlineCall{header: r.Header.Clone(), body: body, status: http.StatusNotFound})
		w.WriteHeader(http.StatusNotFound)
		return
	}
	h.calls = append(h.calls, hotlineCall{header: r.Header.Clone(), body: body, status: h.status})
	w.WriteHeader(h.status)
}

func (h *hotlineServer) answer(status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.status = status
}

func (h *hotlineServer) received() []hotlineCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hotlineCall(nil), h.calls...)
}

// bootWithHotline starts Stackdesk, configured from STACKDESK_* variables with a
// webhook to hotlineURL, on a fresh database and a real local HTTP server.
// The app runs on clk and without its background workers, so that the test
// alone drives the delivery queue, one RunDeliveries step at a time.
func bootWithHotline(t *testing.T, d store.Dialect, clk *testkit.Clock, hotlineURL, secret string) *testkit.Env {
	t.Helper()
	env := map[string]string{
		"STACKDESK_HOTLINE_WEBHOOK_URL":    hotlineURL,
		"STACKDESK_HOTLINE_WEBHOOK_SECRET": secret,
		"STACKDESK_HOTLINE_MAX_ATTEMPTS":   "3",
		"STACKDESK_HOTLINE_RETRY_BASE":     "1m",
	}
	loaded, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Deflection.WebhookURL != hotlineURL || loaded.Deflection.WebhookSecret != secret ||
		loaded.Deflection.MaxAttempts != 3 || loaded.Deflection.RetryBase != time.Minute {
		t.Fatalf("hotline settings not read: %+v", loaded.Deflection)
	}
	return testkit.BootStill(t, d, clk, func(c *config.Config) { c.Deflection = loaded.Deflection })
}

// token logs a user in through the API.
func token(t *testing.T, env *testkit.Env, username string) string {
	t.Helper()
	res := env.API(t, "POST", "/tokens", "", map[string]string{"username": username, "password": "correct horse battery"})
	if res.Status != http.StatusCreated {
		t.Fatalf("token %s: %d %s", username, res.Status, res.Body)
	}
	var tok struct{ Token string }
	res.JSON(t, &tok)
	return tok.Token
}

// deliveryRow is a delivery as GET /api/v1/deliveries shows it.
type deliveryRow struct {
	ID            int64      `json:"id"`
	TicketID      int64      `json:"ticket_id"`
	Channel       string     `json:"channel"`
	Target        string     `json:"target"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LastError     string     `json:"last_error"`
	LastStatus    int        `json:"last_status"`
	DeliveredAt   *time.Time `json:"delivered_at"`
}

func deliveries(t *testing.T, env *testkit.Env, tok, query string) ([]deliveryRow, int64) {
	t.Helper()
	res := env.API(t, "GET", "/deliveries"+query, tok, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("deliveries%s: %d %s", query, res.Status, res.Body)
	}
	var l struct {
		Items []deliveryRow `json:"items"`
		Total int64         `json:"total"`
	}
	res.JSON(t, &l)
	return l.Items, l.Total
}

var deliveriesTableRE = regexp.MustCompile(`(?s)<table class="data words" id="deliveries">.*?</table>`)

// deliveriesTable returns the ticket page's table of deliveries.
func deliveriesTable(t *testing.T, page *testkit.Response) string {
	t.Helper()
	if page.Status != http.StatusOK {
		t.Fatalf("ticket page: %d %s", page.Status, page.Body)
	}
	m := deliveriesTableRE.Find(page.Body)
	if m == nil {
		t.Fatalf("ticket page without deliveries:\n%s", page.Body)
	}
	return string(m)
}

func hasAll(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Fatalf("%s lacks %q:\n%s", what, p, s)
		}
	}
}

func hasNone(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(s, p) {
			t.Fatalf("%s shows %q:\n%s", what, p, s)
		}
	}
}

// signature is the X-Stackdesk-Signature the README documents, computed here
// independently of the package: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body)).
func signature(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func TestHotlineDeliveriesForAdmins(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) { testHotlineDeliveries(t, d) })
	}
}

func testHotlineDeliveries(t *testing.T, d store.Dialect) {
	const secret = "hotline-s3cret-of-32-bytes-at-least"
	hot := &hotlineServer{status: http.StatusServiceUnavailable}
	hotSrv := httptest.NewServer(hot)
	defer hotSrv.Close()
	hookURL := hotSrv.URL + "/hotline/tickets"
	clk := testkit.NewClock(time.Now().UTC().Truncate(time.Second))
	env := bootWithHotline(t, d, clk, hookURL, secret)
	ctx := context.Background()

	// The test is the delivery worker: each step sends what is due at the clock's time.
	step := func(want int) {
		t.Helper()
		n, err := env.App.Help.RunDeliveries(ctx)
		if err != nil || n != want {
			t.Fatalf("delivery step at %s: %d attempted (%v), want %d", clk.Now().Format(time.TimeOnly), n, err, want)
		}
	}

	// An employee files a ticket through the Get-help API.
	_, empTok := env.SignUp(t, "emp")
	res := env.API(t, "POST", "/help-sessions", empTok, map[string]string{"query": "the printer on floor two jams"})
	if res.Status != http.StatusCreated {
		t.Fatalf("start: %d %s", res.Status, res.Body)
	}
	var sess struct{ ID int64 }
	res.JSON(t, &sess)
	res = env.API(t, "POST", "/help-sessions/"+itoa(sess.ID)+"/outcome", empTok, map[string]any{"outcome": "ticket",
		"ticket": map[string]any{"subject": "Printer on floor two jams", "body": "Every page jams since this morning."}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	var out struct {
		Ticket struct{ ID int64 } `json:"ticket"`
	}
	res.JSON(t, &out)
	tid := itoa(out.Ticket.ID)
	ticketPath := "/tickets/" + tid

	// The admin, the hotline and an ordinary user, each in a browser and with a token.
	admin := newBrowser(env)
	admin.signUp(t, "root")
	setRole(t, env, "root", store.RoleAdmin)
	adminTok := token(t, env, "root")
	hotline := newBrowser(env)
	hotline.signUp(t, "hana") // an agent, made one below (a member may not be called hotline)
	setRole(t, env, "hana", store.RoleHotline)
	hotlineTok := token(t, env, "hana")
	user := newBrowser(env)
	user.signUp(t, "ada")
	userTok := token(t, env, "ada")

	// Queued in the same transaction as the ticket, not yet attempted.
	list, total := deliveries(t, env, adminTok, "")
	if total != 1 || len(list) != 1 {
		t.Fatalf("queue: %d %+v", total, list)
	}
	dl := list[0]
	did := itoa(dl.ID)
	if dl.TicketID != out.Ticket.ID || dl.Channel != "webhook" || dl.Target != hotSrv.URL || dl.Status != "pending" ||
		dl.Attempts != 0 || !dl.NextAttemptAt.Equal(clk.Now()) || dl.LastError != "" || dl.DeliveredAt != nil {
		t.Fatalf("queued: %+v", dl)
	}
	created := clk.Now()

	// Attempt 1: the hotline answers 503; the next attempt waits RETRY_BASE.
	step(1)
	step(0)
	list, _ = deliveries(t, env, adminTok, "?ticket_id="+tid)
	dl = list[0]
	next := clk.Now().Add(time.Minute)
	if dl.Status != "pending" || dl.Attempts != 1 || dl.LastStatus != 503 || dl.LastError != "hotline answered HTTP 503" ||
		!dl.NextAttemptAt.Equal(next) || dl.DeliveredAt != nil {
		t.Fatalf("after attempt 1: %+v", dl)
	}
	table := deliveriesTable(t, admin.get(t, ticketPath))
	hasAll(t, "admin's deliveries", table, "<td>Webhook</td>", `status-pending">pending</span>`, "<td>1</td>",
		"Next attempt", `<time datetime="`+next.Format(time.RFC3339)+`">`, "Last error", `<td class="muted">The hotline answered HTTP 503.</td>`,
		`action="/tickets/deliveries/`+did+`/retry"`, `name="_csrf"`, ">Retry</button>")
	// The error said once, in the reader's language.
	hasNone(t, "admin's deliveries", table, "HTTP 503 hotline")
	hasAll(t, "admin's deliveries in German", deliveriesTable(t, admin.get(t, ticketPath, "Accept-Language", "de")),
		"<td>Webhook</td>", "Die Hotline antwortete mit HTTP 503.")

	// Non-admins: the queue API is forbidden, and the ticket page has no retry control.
	for _, tok := range []string{userTok, hotlineTok} {
		if res := env.API(t, "GET", "/deliveries", tok, nil); res.Status != http.StatusForbidden {
			t.Fatalf("non-admin lists deliveries: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "POST", "/deliveries/"+did+"/retry", tok, nil); res.Status != http.StatusForbidden {
			t.Fatalf("non-admin retries by API: %d %s", res.Status, res.Body)
		}
	}
	if res := env.API(t, "GET", "/deliveries", "", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("anonymous lists deliveries: %d", res.Status)
	}
	if res := user.get(t, ticketPath); res.Status != http.StatusNotFound {
		t.Fatalf("user opens someone else's ticket: %d", res.Status)
	}
	hotTable := deliveriesTable(t, hotline.get(t, ticketPath))
	hasAll(t, "hotline's deliveries", hotTable, "<td>Webhook</td>", `status-pending">pending</span>`, "<td>1</td>")
	hasNone(t, "hotline's deliveries", hotTable, "/retry", "Retry", "Next attempt", "Last error", "503")
	// (Refused for the role, with a valid CSRF token: the page says why.)
	if res := hotline.post(t, ticketPath, "/tickets/deliveries/"+did+"/retry", url.Values{}); res.Status != http.StatusForbidden {
		t.Fatalf("hotline retries by form: %d", res.Status)
	} else {
		contains(t, res, "Your role does not allow this.")
	}
	if res := user.post(t, "/", "/tickets/deliveries/"+did+"/retry", url.Values{}); res.Status != http.StatusForbidden {
		t.Fatalf("user retries by form: %d", res.Status)
	} else {
		contains(t, res, "Your role does not allow this.")
	}
	if list, _ := deliveries(t, env, adminTok, ""); list[0].Status != "pending" || list[0].Attempts != 1 || !list[0].NextAttemptAt.Equal(next) {
		t.Fatalf("changed by refused retries: %+v", list[0])
	}

	// Attempt 2 after 1m, attempt 3 after 2m more: the last one gives up.
	clk.Advance(59 * time.Second)
	step(0)
	clk.Advance(time.Second)
	step(1)
	list, _ = deliveries(t, env, adminTok, "")
	if dl = list[0]; dl.Attempts != 2 || dl.Status != "pending" || !dl.NextAttemptAt.Equal(clk.Now().Add(2*time.Minute)) {
		t.Fatalf("after attempt 2: %+v", dl)
	}
	clk.Advance(2 * time.Minute)
	step(1)
	clk.Advance(24 * time.Hour)
	step(0)
	list, total = deliveries(t, env, adminTok, "?status=failed")
	if total != 1 || list[0].ID != dl.ID || list[0].Attempts != 3 || list[0].LastStatus != 503 || list[0].LastError != "hotline answered HTTP 503" {
		t.Fatalf("failed: %d %+v", total, list)
	}
	if _, total := deliveries(t, env, adminTok, "?status=pending"); total != 0 {
		t.Fatalf("%d pending after giving up", total)
	}
	var tk struct {
		DeliveryState string `json:"delivery_state"`
	}
	env.API(t, "GET", ticketPath, hotlineTok, nil).JSON(t, &tk)
	if tk.DeliveryState != "failed" {
		t.Fatalf("ticket's delivery state: %q", tk.DeliveryState)
	}
	table = deliveriesTable(t, admin.get(t, ticketPath))
	hasAll(t, "admin's failed delivery", table, `status-failed">failed</span>`, "<td>3</td>", "The hotline answered HTTP 503.",
		`action="/tickets/deliveries/`+did+`/retry"`)
	hasNone(t, "admin's failed delivery", table, "<time ") // no next attempt once failed
	hasNone(t, "hotline's failed delivery", deliveriesTable(t, hotline.get(t, ticketPath)), "/retry")

	// The hotline is back; the admin retries from the ticket page (a form with the CSRF token).
	hot.answer(http.StatusOK)
	res = admin.post(t, ticketPath, "/tickets/deliveries/"+did+"/retry", url.Values{})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != ticketPath {
		t.Fatalf("retry: %d %s %s", res.Status, res.Header.Get("Location"), res.Body)
	}
	list, _ = deliveries(t, env, adminTok, "")
	if dl = list[0]; dl.Status != "pending" || dl.Attempts != 0 || !dl.NextAttemptAt.Equal(clk.Now()) {
		t.Fatalf("re-queued: %+v", dl)
	}
	hasAll(t, "admin's re-queued delivery", deliveriesTable(t, admin.get(t, ticketPath)), `status-pending">pending</span>`, "<td>0</td>",
		`<time datetime="`+clk.Now().Format(time.RFC3339)+`">`)
	step(1)
	step(0)
	list, _ = deliveries(t, env, adminTok, "")
	if dl = list[0]; dl.Status != "delivered" || dl.Attempts != 1 || dl.LastStatus != 200 || dl.LastError != "" ||
		dl.DeliveredAt == nil || !dl.DeliveredAt.Equal(clk.Now()) {
		t.Fatalf("delivered: %+v", dl)
	}
	table = deliveriesTable(t, admin.get(t, ticketPath))
	hasAll(t, "admin's delivered delivery", table, `status-delivered">delivered</span>`, "<td>1</td>")
	hasNone(t, "admin's delivered delivery", table, "/retry", "<time ", "503")
	env.API(t, "GET", ticketPath, adminTok, nil).JSON(t, &tk)
	if tk.DeliveryState != "delivered" {
		t.Fatalf("ticket's delivery state: %q", tk.DeliveryState)
	}
	if res := env.API(t, "POST", "/deliveries/"+did+"/retry", adminTok, nil); res.Status != http.StatusConflict || res.ErrorCode() != "conflict" {
		t.Fatalf("retry a delivered one: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/deliveries/99999/retry", adminTok, nil); res.Status != http.StatusNotFound {
		t.Fatalf("retry a missing one: %d %s", res.Status, res.Body)
	}

	// What the hotline received: four signed requests for the one delivery, each
	// stamped with the time of its attempt.
	calls := hot.received()
	wantTimes := []time.Time{created, created.Add(time.Minute), created.Add(3 * time.Minute), clk.Now()}
	wantStatus := []int{503, 503, 503, 200}
	if len(calls) != len(wantTimes) {
		t.Fatalf("the hotline received %d requests, want %d", len(calls), len(wantTimes))
	}
	for i, c := range calls {
		ts := c.header.Get("X-Stackdesk-Timestamp")
		sig := c.header.Get("X-Stackdesk-Signature")
		if ts != strconv.FormatInt(wantTimes[i].Unix(), 10) || c.status != wantStatus[i] {
			t.Fatalf("request %d: timestamp %s status %d", i+1, ts, c.status)
		}
		if !hmac.Equal([]byte(sig), []byte(signature(secret, ts, c.body))) || !deflection.VerifySignature(secret, ts, c.body, sig) {
			t.Fatalf("request %d: signature %q does not match the body", i+1, sig)
		}
		if deflection.VerifySignature("wrong", ts, c.body, sig) || deflection.VerifySignature(secret, ts+"0", c.body, sig) {
			t.Fatalf("request %d: signature %q verifies with a wrong secret or timestamp", i+1, sig)
		}
		if c.header.Get("X-Stackdesk-Delivery") != did || c.header.Get("X-Stackdesk-Event") != "ticket.created" ||
			!strings.HasPrefix(c.header.Get("Content-Type"), "application/json") {
			t.Fatalf("request %d: headers %v", i+1, c.header)
		}
		var p deflection.Payload
		if err := json.Unmarshal(c.body, &p); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if p.Event != "ticket.created" || p.Ticket.ID != out.Ticket.ID || p.Ticket.Subject != "Printer on floor two jams" ||
			p.Ticket.Email != "emp@example.com" || p.Ticket.Username != "emp" || p.Trail == nil ||
			p.Trail.Problem != "the printer on floor two jams" || p.Ticket.URL != ticketPath ||
			p.Ticket.ResolutionURL != "/api/v1"+ticketPath+"/resolution" {
			t.Fatalf("request %d: payload %s", i+1, c.body)
		}
	}
}
