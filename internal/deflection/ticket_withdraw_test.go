package deflection_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// hookLog is a real local HTTP server standing in for the hotline's
// system: it keeps every signed request's event header and body.
type hookLog struct {
	mu     sync.Mutex
	secret string
	got    []hookCall
}

type hookCall struct {
	event string
	body  map[string]any
}

func (h *hookLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if !deflection.VerifySignature(h.secret, r.Header.Get(deflection.HeaderTimestamp), body, r.Header.Get(deflection.HeaderSignature)) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var m map[string]any
	json.Unmarshal(body, &m)
	h.mu.Lock()
	h.got = append(h.got, hookCall{event: r.Header.Get(deflection.HeaderEvent), body: m})
	h.mu.Unlock()
}

// take returns and forgets the requests of one event.
func (h *hookLog) take(event string) []hookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []hookCall
	for _, c := range h.got {
		if c.event == event {
			out = append(out, c)
		}
	}
	return out
}

func wantCode(t *testing.T, what string, err error, code errs.Code, id string) {
	t.Helper()
	e := errs.As(err)
	if err == nil || e.Code != code || (id != "" && e.Msg.ID != id) {
		t.Fatalf("%s: %v (code %s, id %s), want %s %s", what, err, errs.CodeOf(err), e.Msg.ID, code, id)
	}
}

// TestTicketWithdrawAndReopen: the employee who filed a ticket withdraws it
// with a reason; it leaves the queue, whoever held it is told, the webhook
// gets ticket.withdrawn, the history records it, the help session still
// counts as ticket; nobody else may withdraw it, and a second withdrawal,
// a message or a resolution is a conflict. The employee reopens it with a
// message within the window (the holder is told, the webhook gets
// ticket.reopened); once resolved, its resolver is told of a reopening
// within the window, and after it the ticket stays closed.
func TestTicketWithdrawAndReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		hook := &hookLog{secret: "s3cret"}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		r := newRig(t, st)
		r.svc.Settings.WebhookURL, r.svc.Settings.WebhookSecret = srv.URL+"/tickets", "s3cret"
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		other := storetest.User(t, st, "other", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		if _, err := r.svc.Take(ctx, hot, tk); err != nil {
			t.Fatal(err)
		}

		// Only the employee who filed it.
		_, err := r.svc.Withdraw(ctx, other, tk, "")
		wantCode(t, "another employee's withdrawal", err, errs.NotFound, "ticket.not_found")
		_, err = r.svc.Withdraw(ctx, hot, tk, "")
		wantCode(t, "the hotline's withdrawal", err, errs.Forbidden, "ticket.filer_only")
		_, err = r.svc.Withdraw(ctx, ana, tk, "")
		wantCode(t, "an analyst's withdrawal", err, errs.Forbidden, "ticket.filer_only")
		_, err = r.svc.Withdraw(ctx, nil, tk, "")
		wantCode(t, "a withdrawal without logging in", err, errs.Unauthorized, "")
		_, err = r.svc.Withdraw(ctx, emp, tk, strings.Repeat("x", deflection.WithdrawReasonMax+1))
		if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "reason" {
			t.Fatalf("a long reason: %v", err)
		}
		_, err = r.svc.Withdraw(ctx, emp, tk, "found it\x07")
		if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "reason" {
			t.Fatalf("a control character: %v", err)
		}
		if row, _ := r.svc.TicketByID(ctx, hot, tk); row.Status != deflection.TicketOpen || row.AssignedTo == nil {
			t.Fatalf("refused withdrawals changed the ticket: %+v", row.Ticket)
		}

		r.clk.Set("2026-03-03 09:00")
		row, err := r.svc.Withdraw(ctx, emp, tk, "  I found the answer  ")
		if err != nil {
			t.Fatal(err)
		}
		if row.Status != deflection.TicketWithdrawn || row.WithdrawalReason != "I found the answer" || row.WithdrawnAt == nil ||
			!row.WithdrawnAt.Equal(r.clk.Now()) || row.AssignedTo != nil {
			t.Fatalf("withdrawn: %+v", row.Ticket)
		}
		_, err = r.svc.Withdraw(ctx, emp, tk, "")
		wantCode(t, "a second withdrawal", err, errs.Conflict, "ticket.already_withdrawn")
		if row, _ := r.svc.TicketByID(ctx, hot, tk); row.AssignedTo != nil || row.AssignedAt != nil {
			t.Fatalf("the withdrawn ticket is still held: %+v", row.Ticket)
		}
		ns := notes(t, st, hot.ID, notify.TypeTicketWithdrawn)
		if len(ns) != 1 || *ns[0].ActorID != emp.ID || *ns[0].TicketID != tk {
			t.Fatalf("the holder's notifications: %+v", ns)
		}
		if n := notes(t, st, hot2.ID, notify.TypeTicketWithdrawn); len(n) != 0 {
			t.Fatalf("another agent told: %+v", n)
		}
		open, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: deflection.TicketOpen})
		if err != nil || len(open) != 0 {
			t.Fatalf("the open queue: %v %v", ids(open), err)
		}
		if n, _ := r.svc.UnassignedOpenTickets(ctx, hot); n != 0 {
			t.Fatalf("unassigned open tickets: %d", n)
		}
		if next, _ := r.svc.NextOpenTicket(ctx, hot, 0); next != nil {
			t.Fatalf("next open ticket: %+v", next)
		}
		withdrawn, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: deflection.TicketWithdrawn})
		if err != nil || !sameIDs(ids(withdrawn), []int64{tk}) {
			t.Fatalf("the withdrawn list: %v %v", ids(withdrawn), err)
		}
		var sess deflection.Session
		if err := st.DB.Where("ticket_id = ?", tk).Take(&sess).Error; err != nil || sess.OutcomeName() != deflection.OutcomeTicket {
			t.Fatalf("the session's outcome: %q %v", sess.OutcomeName(), err)
		}
		_, _, err = r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer?"})
		wantCode(t, "a message on a withdrawn ticket", err, errs.Conflict, "ticket.already_withdrawn")
		_, err = r.svc.Take(ctx, hot, tk)
		wantCode(t, "taking a withdrawn ticket", err, errs.Conflict, "ticket.already_withdrawn")
		_, err = r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: "Restart the printer and wait two minutes, then retry."})
		wantCode(t, "resolving a withdrawn ticket", err, errs.Conflict, "ticket.already_withdrawn")

		if _, err := r.svc.RunDeliveries(ctx); err != nil {
			t.Fatal(err)
		}
		calls := hook.take(deflection.EventTicketWithdrawn)
		if len(calls) != 1 {
			t.Fatalf("ticket.withdrawn requests: %+v", hook.got)
		}
		b := calls[0].body
		if b["event"] != "ticket.withdrawn" || b["ticket_status"] != "withdrawn" || b["reason"] != "I found the answer" ||
			b["ticket"].(map[string]any)["id"].(float64) != float64(tk) || b["withdrawn_at"] == nil {
			t.Fatalf("ticket.withdrawn payload: %v", b)
		}

		// Reopening: only the employee, with a message, when closed.
		_, _, err = r.svc.Reopen(ctx, other, tk, "It broke again.")
		wantCode(t, "another employee's reopening", err, errs.NotFound, "ticket.not_found")
		_, _, err = r.svc.Reopen(ctx, hot, tk, "It broke again.")
		wantCode(t, "the hotline's reopening", err, errs.Forbidden, "ticket.filer_only")
		_, _, err = r.svc.Reopen(ctx, emp, tk, "   ")
		if e := errs.As(err); e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "body" {
			t.Fatalf("a reopening without a message: %v", err)
		}
		r.clk.Advance(deflection.ReopenWindow - time.Minute)
		msg, row, err := r.svc.Reopen(ctx, emp, tk, " It went offline again this morning. ")
		if err != nil {
			t.Fatal(err)
		}
		if row.Status != deflection.TicketOpen || row.WithdrawnAt != nil || row.WithdrawalReason != "" || msg.Staff ||
			msg.Body != "It went offline again this morning." {
			t.Fatalf("reopened: %+v, message %+v", row.Ticket, msg)
		}
		_, _, err = r.svc.Reopen(ctx, emp, tk, "Again.")
		wantCode(t, "reopening an open ticket", err, errs.Conflict, "ticket.not_closed")
		ms, err := r.svc.TicketMessages(ctx, hot, tk)
		if err != nil || len(ms) != 1 || ms[0].ID != msg.ID {
			t.Fatalf("the conversation: %+v %v", ms, err)
		}
		if ns := notes(t, st, hot.ID, notify.TypeTicketReopened); len(ns) != 1 || *ns[0].ActorID != emp.ID || *ns[0].TicketID != tk {
			t.Fatalf("the former holder's notifications: %+v", ns)
		}
		open, _, _ = r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: deflection.TicketOpen})
		if !sameIDs(ids(open), []int64{tk}) {
			t.Fatalf("the open queue after reopening: %v", ids(open))
		}
		if _, err := r.svc.RunDeliveries(ctx); err != nil {
			t.Fatal(err)
		}
		calls = hook.take(deflection.EventTicketReopened)
		if len(calls) != 1 {
			t.Fatalf("ticket.reopened requests: %+v", hook.got)
		}
		b = calls[0].body
		if b["event"] != "ticket.reopened" || b["ticket_status"] != "open" ||
			b["message"].(map[string]any)["body"] != "It went offline again this morning." ||
			!strings.HasSuffix(b["messages_url"].(string), "/api/v1/tickets/"+itoa(tk)+"/messages") {
			t.Fatalf("ticket.reopened payload: %v", b)
		}

		// Resolved by another agent: they are told of a reopening within the
		// window; after it the ticket stays closed.
		answer := "Restart the printer and wait two minutes, then retry."
		if _, err := r.svc.Resolve(ctx, hot2, tk, deflection.ResolutionInput{Answer: answer}); err != nil {
			t.Fatal(err)
		}
		resolvedAt := r.clk.Now()
		_, err = r.svc.Withdraw(ctx, emp, tk, "")
		wantCode(t, "withdrawing a resolved ticket", err, errs.Conflict, "ticket.already_resolved")
		r.clk.Advance(deflection.ReopenWindow + time.Minute)
		row, _ = r.svc.TicketByID(ctx, emp, tk)
		if r.svc.Reopenable(&row.Ticket) {
			t.Fatal("reopenable after the window")
		}
		_, _, err = r.svc.Reopen(ctx, emp, tk, "Still broken.")
		wantCode(t, "reopening after the window", err, errs.Conflict, "ticket.reopen_expired")
		r.clk.t = resolvedAt.Add(deflection.ReopenWindow - time.Hour)
		if _, _, err := r.svc.Reopen(ctx, emp, tk, "Still broken after the restart."); err != nil {
			t.Fatal(err)
		}
		if ns := notes(t, st, hot2.ID, notify.TypeTicketReopened); len(ns) != 1 || *ns[0].ActorID != emp.ID {
			t.Fatalf("the resolver's notifications: %+v", ns)
		}
		hist, err := r.svc.TicketHistory(ctx, hot, tk)
		if err != nil || len(hist) != 3 {
			t.Fatalf("history: %+v %v", hist, err)
		}
		if hist[0].Kind != "withdrawn" || hist[0].Note != "I found the answer" || *hist[0].AgentID != hot.ID ||
			hist[1].Kind != "reopened" || hist[1].Note != "" || *hist[1].MessageID != msg.ID ||
			hist[2].Kind != "reopened" || hist[2].Note != answer || *hist[2].AgentID != hot2.ID {
			t.Fatalf("history: %+v", hist)
		}
		if _, err := r.svc.TicketHistory(ctx, other, tk); !errs.Is(err, errs.NotFound) {
			t.Fatalf("another's history: %v", err)
		}

		// A resolver who no longer works tickets is not told: they could
		// not open the ticket's page.
		if _, err := r.svc.Resolve(ctx, hot2, tk, deflection.ResolutionInput{Answer: answer}); err != nil {
			t.Fatal(err)
		}
		st.DB.Model(&store.User{}).Where("id = ?", hot2.ID).Update("role", store.RoleUser)
		r.clk.Advance(time.Minute) // the gap between the employee's messages
		if _, _, err := r.svc.Reopen(ctx, emp, tk, "Broken once more since the update."); err != nil {
			t.Fatal(err)
		}
		if ns := notes(t, st, hot2.ID, notify.TypeTicketReopened); len(ns) != 1 {
			t.Fatalf("a demoted resolver was told of the reopening: %+v", ns)
		}
	})
}

// TestTicketFiledWithoutLoginIsNotWithdrawn: a ticket filed without logging
// in has no employee to withdraw it; a logged-in user gets a 404.
func TestTicketFiledWithoutLoginIsNotWithdrawn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		anon := deflection.Who{Visitor: "v1", Client: "10.0.0.1"}
		s := r.start(t, anon, "2026-03-02 10:00", "printer on floor 3 is offline")
		tk := r.outcome(t, anon, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Printer offline")}).Ticket.ID
		someone := storetest.User(t, st, "someone", store.RoleUser)
		_, err := r.svc.Withdraw(ctx, someone, tk, "")
		wantCode(t, "withdrawing an anonymous ticket", err, errs.NotFound, "ticket.not_found")
		_, _, err = r.svc.Reopen(ctx, someone, tk, "Again.")
		wantCode(t, "reopening an anonymous ticket", err, errs.NotFound, "ticket.not_found")
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestTicketWithdrawRace: of withdrawals sent at once (a double click, two
// tabs) exactly one withdraws the ticket; the others are conflicts, not
// failures, and the history and the webhook record it once.
func TestTicketWithdrawRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		r.svc.Settings.WebhookURL = "http://127.0.0.1:1/hook" // queued, not sent
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		const n = 4
		var wg sync.WaitGroup
		start := make(chan struct{})
		errsOf := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errsOf[i] = r.svc.Withdraw(ctx, emp, tk, "found it")
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for i, err := range errsOf {
			switch {
			case err == nil:
				won++
			case errs.As(err).Msg.ID != "ticket.already_withdrawn":
				t.Errorf("withdrawal %d: %v", i, err)
			}
		}
		var events, hooks int64
		st.DB.Model(&deflection.TicketEvent{}).Where("ticket_id = ?", tk).Count(&events)
		st.DB.Model(&deflection.Delivery{}).Where("ticket_id = ? AND payload LIKE ?", tk, `%"ticket.withdrawn"%`).Count(&hooks)
		if won != 1 || events != 1 || hooks != 1 {
			t.Fatalf("%d withdrawals went through, %d history entries, %d webhook deliveries", won, events, hooks)
		}
	})
}

// TestReopenedPublishedTicketKeepsItsQuestion: a published ticket, reopened
// and resolved again, is not published a second time and still links its
// question.
func TestReopenedPublishedTicketKeepsItsQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		s := r.start(t, deflection.Who{User: emp}, "2026-03-02 10:00", "camera black in teams")
		tk := r.outcome(t, deflection.Who{User: emp}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Camera is black in Teams calls", Body: "Since the update the camera shows a black image in every call.", ConsentPublish: true}}).Ticket
		answer := "Close Teams, open Settings > Privacy > Camera and allow desktop apps to use the camera."
		row, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: answer, Publish: true})
		if err != nil || row.PublishedQuestionID == nil {
			t.Fatalf("publish: %v", err)
		}
		q := *row.PublishedQuestionID
		if _, _, err := r.svc.Reopen(ctx, emp, tk.ID, "The camera is black again after today's update."); err != nil {
			t.Fatal(err)
		}
		// As the API resolves by default: published when the employee
		// consented, but not a second time.
		row, err = r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: answer + " Then restart the computer.", IfConsented: true})
		if err != nil || row.PublishedQuestionID == nil || *row.PublishedQuestionID != q {
			t.Fatalf("resolved again: %v, question %v (was %d)", err, row.PublishedQuestionID, q)
		}
		var questions int64
		st.DB.Model(&store.Post{}).Where(store.TypeIs("type", store.PostQuestion)).Count(&questions)
		if questions != 1 {
			t.Fatalf("%d questions after resolving the reopened ticket again", questions)
		}
	})
}
