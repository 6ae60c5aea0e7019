package deflection_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"gorm.io/gorm"

	"stackdesk/internal/auth"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// withMailbox points the rig's hotline mail at a real local SMTP server.
func (r *rig) withMailbox(t *testing.T) *mailbox {
	t.Helper()
	box := &mailbox{}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &r.svc.Settings
	cfg.SMTPAddr, cfg.SMTPUser, cfg.SMTPPassword = ln.Addr().String(), "stackdesk", "pw"
	cfg.EmailFrom, cfg.EmailTo = "stackdesk@example.com", "hotline@example.com"
	r.svc.BaseURL, r.svc.T = "https://help.example.com", cat.T
	return box
}

// replies sends the due deliveries and returns the mails that went to addr.
func (r *rig) replies(t *testing.T, box *mailbox, addr string) []*mail.Message {
	t.Helper()
	if _, err := r.svc.RunDeliveries(context.Background()); err != nil {
		t.Fatal(err)
	}
	box.mu.Lock()
	defer box.mu.Unlock()
	var out []*mail.Message
	for _, m := range box.messages {
		if m.to != addr {
			continue
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(m.data)))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, msg)
	}
	box.messages = nil
	return out
}

func mailText(t *testing.T, m *mail.Message) (string, string) {
	t.Helper()
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	return subject, strings.ReplaceAll(string(body), "\r\n", "\n")
}

func notes(t *testing.T, st *store.Store, userID int64, typ string) []notify.Notification {
	t.Helper()
	var ns []notify.Notification
	if err := st.DB.Where("user_id = ? AND type = ?", userID, typ).Order("id").Find(&ns).Error; err != nil {
		t.Fatal(err)
	}
	return ns
}

// TestTicketConversation: the hotline asks the employee for more and sets
// the ticket waiting; the employee learns of it in their inbox and by one
// e-mail to the ticket's address, greeting them in their language and
// repeating their ticket; their answer opens the ticket again and tells the
// agent who holds it. Nobody else reads or writes the conversation; the
// list filters waiting tickets; a waiting ticket is resolved like an open
// one, after which nobody writes on it.
func TestTicketConversation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		box := r.withMailbox(t)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		st.DB.Model(emp).Updates(map[string]any{"language": "de", "display_name": "Erika"})
		other := storetest.User(t, st, "other", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		r.replies(t, box, "emp@example.com") // the ticket's own mail to the hotline
		if _, err := r.svc.Take(ctx, hot, tk); err != nil {
			t.Fatal(err)
		}

		m, tick, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "  Which printer exactly? The label on its front says.  ", Waiting: true})
		if err != nil {
			t.Fatal(err)
		}
		if !m.Staff || m.Body != "Which printer exactly? The label on its front says." || tick.Status != deflection.TicketWaiting {
			t.Fatalf("message %+v, ticket %s", m, tick.Status)
		}
		ns := notes(t, st, emp.ID, notify.TypeTicketMessage)
		if len(ns) != 1 || ns[0].TicketID == nil || *ns[0].TicketID != tk || ns[0].EmailedAt == nil {
			t.Fatalf("the employee's notification: %+v (it is mailed with the message, not again)", ns)
		}
		mails := r.replies(t, box, "emp@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails to the employee", len(mails))
		}
		subject, body := mailText(t, mails[0])
		for _, want := range []string{"Hallo Erika,", "Die Hotline hat zu Ihrem Ticket #", "Which printer exactly?",
			"Ihr Ticket:\n\n> Printer offline again\n>\n> It still fails after everything I tried.", "https://help.example.com/tickets/"} {
			if !strings.Contains(body, want) {
				t.Errorf("the mail lacks %q:\n%s", want, body)
			}
		}
		if !strings.Contains(subject, "Printer offline again") || mails[0].Header.Get("Reply-To") != "hotline@example.com" {
			t.Errorf("subject %q, reply-to %q", subject, mails[0].Header.Get("Reply-To"))
		}
		rows, _, err := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: deflection.TicketWaiting})
		if err != nil || !sameIDs(ids(rows), []int64{tk}) {
			t.Fatalf("waiting list %v %v", ids(rows), err)
		}
		if rows, _, _ := r.svc.Tickets(ctx, hot, deflection.TicketFilter{Status: deflection.TicketOpen}); len(rows) != 0 {
			t.Fatalf("a waiting ticket listed as open: %v", ids(rows))
		}

		// The employee answers: open again, the holder told, no mail out.
		if _, _, err := r.svc.PostMessage(ctx, emp, tk, deflection.MessageInput{Body: "It is the HP in room 3.12.", Waiting: true}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("the employee sets waiting: %v", err)
		}
		m, tick, err = r.svc.PostMessage(ctx, emp, tk, deflection.MessageInput{Body: "It is the HP in room 3.12."})
		if err != nil || m.Staff || tick.Status != deflection.TicketOpen {
			t.Fatalf("reply: %+v %v %v", m, tick, err)
		}
		if ns := notes(t, st, hot.ID, notify.TypeTicketReply); len(ns) != 1 || *ns[0].ActorID != emp.ID {
			t.Fatalf("the holder's notification: %+v", ns)
		}
		if mails := r.replies(t, box, "emp@example.com"); len(mails) != 0 {
			t.Fatalf("the employee's own message mailed to them")
		}

		// Only the employee and the hotline read and write it.
		if _, err := r.svc.TicketMessages(ctx, other, tk); !errs.Is(err, errs.NotFound) {
			t.Fatalf("someone else reads: %v", err)
		}
		if _, _, err := r.svc.PostMessage(ctx, other, tk, deflection.MessageInput{Body: "Me too!"}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("someone else writes: %v", err)
		}
		if _, err := r.svc.TicketMessages(ctx, ana, tk); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an analyst reads: %v", err)
		}
		if _, _, err := r.svc.PostMessage(ctx, nil, tk, deflection.MessageInput{Body: "Hi"}); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("nobody writes: %v", err)
		}
		for _, bad := range []string{"   ", "\u200b", "bell\x07", strings.Repeat("x", deflection.MessageMax+1)} {
			if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: bad}); !errs.Is(err, errs.Invalid) {
				t.Fatalf("message %.20q: %v", bad, err)
			}
		}
		all, err := r.svc.TicketMessages(ctx, emp, tk)
		if err != nil || len(all) != 2 || !all[0].Staff || all[1].AuthorID != emp.ID {
			t.Fatalf("conversation %+v %v", all, err)
		}

		// Waiting again, then resolved from waiting; then closed to messages.
		if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Thanks, one moment.", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		row, err := r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: "The HP in 3.12 had a stuck job; cleared and restarted."})
		if err != nil || row.Status != deflection.TicketResolved {
			t.Fatalf("resolve from waiting: %v", err)
		}
		if _, _, err := r.svc.PostMessage(ctx, emp, tk, deflection.MessageInput{Body: "Thanks!"}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("a message on a resolved ticket: %v", err)
		}
	})
}

// TestTicketMessageFiledWithoutLogin: the employee who filed a ticket
// without logging in has no page nor inbox, so the hotline's message goes
// by e-mail only, greeting them without a name, in the language of the
// page they filed it on (here none is known: the site's default, English);
// with no mail server it is refused, and nothing is written.
func TestTicketMessageFiledWithoutLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		me := deflection.Who{Visitor: "v1"}
		s := r.start(t, me, "2026-03-02 10:00", "printer on floor 3 is offline")
		in := ticket("Printer offline again")
		in.Email = "anon@example.com"
		tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: in}).Ticket.ID

		if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer exactly?", Waiting: true}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("without a mail server: %v", err)
		}
		var n int64
		st.DB.Model(&deflection.TicketMessage{}).Count(&n)
		if row, _ := r.svc.TicketByID(ctx, hot, tk); n != 0 || row.Status != deflection.TicketOpen {
			t.Fatalf("a refused message left %d messages, status %s", n, row.Status)
		}

		box := r.withMailbox(t)
		if _, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer exactly?", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		mails := r.replies(t, box, "anon@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails", len(mails))
		}
		_, body := mailText(t, mails[0])
		for _, want := range []string{"Hello,\n", "Which printer exactly?", "> Printer offline again", "Reply to this e-mail"} {
			if !strings.Contains(body, want) {
				t.Errorf("the mail lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "/tickets/") {
			t.Errorf("the mail leads to a page its reader cannot open:\n%s", body)
		}
	})
}

// TestPublishingTextTakenFromTheTicket: a ticket's subject may be shorter
// than a question's title, and its text empty; what is taken from it by
// default and does not fit is refused as such (not as if the agent had
// typed it), and nothing is written.
func TestPublishingTextTakenFromTheTicket(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		s := r.start(t, deflection.Who{User: emp}, "2026-03-02 10:00", "printer on floor 3 is offline")
		tk := r.outcome(t, deflection.Who{User: emp}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Printer", Email: "emp@example.com", ConsentPublish: true}}).Ticket.ID
		answer := "The printer had a stuck job; cleared it and restarted the spooler."
		_, err := r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: answer, Publish: true, Tags: []string{"printing"}})
		e := errs.As(err)
		got := map[string]string{}
		for _, f := range e.Fields {
			got[f.Field] = f.Msg.ID
		}
		if e.Code != errs.Invalid || got["title"] != "ticket.title_from_subject" || got["question_body"] != "ticket.question_body_from_ticket" {
			t.Fatalf("defaults that do not fit: %v %v", err, got)
		}
		_, err = r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: answer, Publish: true, Title: "Printer",
			QuestionBody: "Too short.", Tags: []string{"printing"}})
		for _, f := range errs.As(err).Fields {
			if f.Msg.ID == "ticket.title_from_subject" || f.Msg.ID == "ticket.question_body_from_ticket" {
				t.Errorf("typed text said to be the ticket's: %s", f.Field)
			}
		}
		var n int64
		st.DB.Model(&store.Post{}).Count(&n)
		if row, _ := r.svc.TicketByID(ctx, hot, tk); n != 0 || row.Status != deflection.TicketOpen {
			t.Fatalf("a refused publication wrote %d posts, status %s", n, row.Status)
		}
	})
}

// TestWaitingTicketGoesBackWhenItsAgentLeaves: a ticket waiting on the
// employee is still the agent's; an agent who leaves the hotline, or whose
// account is deactivated, lets go of their waiting tickets as of open ones.
func TestWaitingTicketGoesBackWhenItsAgentLeaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		r.withMailbox(t)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		admin := storetest.User(t, st, "admin", store.RoleAdmin)
		hot1 := storetest.User(t, st, "hot1", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline one", "Printer offline two")
		for i, hot := range []*store.User{hot1, hot2} {
			if _, err := r.svc.Take(ctx, hot, tk[i]); err != nil {
				t.Fatal(err)
			}
			if _, _, err := r.svc.PostMessage(ctx, hot, tk[i], deflection.MessageInput{Body: "Which printer exactly?", Waiting: true}); err != nil {
				t.Fatal(err)
			}
		}
		accounts := &auth.Service{Store: st, Now: time.Now}
		if _, err := accounts.AssignRole(ctx, hot1.ID, store.RoleUser, &admin.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.SetActive(ctx, admin, hot2.ID, false); err != nil {
			t.Fatal(err)
		}
		for _, id := range tk {
			row, err := r.svc.TicketByID(ctx, admin, id)
			if err != nil || row.AssignedTo != nil || row.Status != deflection.TicketWaiting {
				t.Errorf("ticket %d: held by %v, %s (%v)", id, row.AssignedTo, row.Status, err)
			}
		}
	})
}

// TestTicketMessageSentAgain: a message sent again by its author on the
// same ticket within qa.RepeatWindow (a double click, a retry after a slow
// answer) gives back the first: one row, one mail to the employee, one
// notification, one webhook delivery; the employee's resend is given back,
// not refused by the gap between their messages. Sent at once, it is
// written once. Later, or another text, is a new message.
func TestTicketMessageSentAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		box := r.withMailbox(t)
		r.svc.Settings.WebhookURL = "http://127.0.0.1:1/hook" // queued; counted, not sent
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		tk := r.tickets(t, emp, "Printer offline again")[0]
		if _, err := r.svc.Take(ctx, hot, tk); err != nil {
			t.Fatal(err)
		}
		count := func(what string, q *gorm.DB) int64 {
			t.Helper()
			var n int64
			if err := q.Count(&n).Error; err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			return n
		}
		messages := func() int64 {
			return count("messages", st.DB.Model(&deflection.TicketMessage{}).Where("ticket_id = ?", tk))
		}
		deliveries := func(channel string) int64 {
			return count("deliveries", st.DB.Model(&deflection.Delivery{}).Where("ticket_id = ? AND channel = ?", tk, channel))
		}

		first, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer exactly?", Waiting: true})
		if err != nil {
			t.Fatal(err)
		}
		r.clk.Advance(9 * time.Minute)
		again, tick, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: " Which printer exactly?\n", Waiting: true})
		if err != nil || again.ID != first.ID || !again.CreatedAt.Equal(first.CreatedAt) || tick.Status != deflection.TicketWaiting {
			t.Fatalf("sent again: %+v (first %+v), %v", again, first, err)
		}
		if n, d, ns := messages(), deliveries(deflection.ChannelReply), notes(t, st, emp.ID, notify.TypeTicketMessage); n != 1 || d != 1 || len(ns) != 1 {
			t.Fatalf("sent again: %d messages, %d reply deliveries, %d notifications", n, d, len(ns))
		}
		if mails := r.replies(t, box, "emp@example.com"); len(mails) != 1 {
			t.Fatalf("%d mails to the employee", len(mails))
		}

		// The employee's resend within the gap: given back, not 429.
		hooks := deliveries(deflection.ChannelWebhook)
		mine, _, err := r.svc.PostMessage(ctx, emp, tk, deflection.MessageInput{Body: "The HP in room 3.12."})
		if err != nil {
			t.Fatal(err)
		}
		r.clk.Advance(5 * time.Second)
		again, _, err = r.svc.PostMessage(ctx, emp, tk, deflection.MessageInput{Body: "The HP in room 3.12."})
		if err != nil || again.ID != mine.ID {
			t.Fatalf("the employee's resend: %+v (first %d), %v", again, mine.ID, err)
		}
		if n, h, ns := messages(), deliveries(deflection.ChannelWebhook), notes(t, st, hot.ID, notify.TypeTicketReply); n != 2 || h != hooks+1 || len(ns) != 1 {
			t.Fatalf("the employee's resend: %d messages, %d webhook deliveries (before %d), %d notifications", n, h, hooks, len(ns))
		}
		if _, _, err := r.svc.PostMessage(ctx, emp, tk, deflection.MessageInput{Body: "The HP, I mean."}); !errs.Is(err, errs.RateLimited) {
			t.Fatalf("another text within the gap: %v", err)
		}
		// Another author's same text is theirs.
		other, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "The HP in room 3.12."})
		if err != nil || other.ID == mine.ID || !other.Staff {
			t.Fatalf("the hotline's same text: %+v, %v", other, err)
		}

		// Past the window, the same text is a new message.
		r.clk.Advance(qa.RepeatWindow + time.Second)
		later, _, err := r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Which printer exactly?", Waiting: true})
		if err != nil || later.ID == first.ID || messages() != 4 {
			t.Fatalf("after the window: %+v, %v, %d messages", later, err, messages())
		}

		// Sent at once: written once, each sender given the same message.
		// On PostgreSQL the ticket's row is held meanwhile, so that all of
		// them wait for it and are let go together (SQLite writes one at a time).
		r.clk.Advance(time.Minute)
		const n = 4
		var wg sync.WaitGroup
		start := make(chan struct{})
		var hold *gorm.DB
		if st.DB.Dialector.Name() == "postgres" {
			hold = st.DB.Begin()
			if err := hold.Exec("SELECT id FROM tickets WHERE id = ? FOR UPDATE", tk).Error; err != nil {
				t.Fatal(err)
			}
		}
		got := make([]*deflection.TicketMessage, n)
		errsOf := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				got[i], _, errsOf[i] = r.svc.PostMessage(ctx, hot, tk, deflection.MessageInput{Body: "Is it on now?", Waiting: true})
			}()
		}
		close(start)
		if hold != nil {
			waitLocked(t, st, n)
			hold.Rollback()
		}
		wg.Wait()
		for i := range n {
			if errsOf[i] != nil || got[i].ID != got[0].ID {
				t.Fatalf("sent at once, %d: %+v %v (first %+v)", i, got[i], errsOf[i], got[0])
			}
		}
		if m := count("messages", st.DB.Model(&deflection.TicketMessage{}).Where("ticket_id = ? AND body = ?", tk, "Is it on now?")); m != 1 {
			t.Fatalf("sent at once: %d copies", m)
		}
	})
}

// waitLocked waits until n other sessions of the PostgreSQL database wait
// for a row lock, or fails the test after ten seconds.
func waitLocked(t *testing.T, st *store.Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var waiting int64
		if err := st.DB.Raw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&waiting).Error; err != nil {
			t.Fatal(err)
		}
		if waiting >= int64(n) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d sessions wait for the ticket's row", waiting, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
