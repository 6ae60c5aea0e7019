package deflection_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestResolutionMailedToTicketFiledWithoutLogin: when the hotline's
// messages are mailed, resolving a ticket filed without logging in queues
// a reply delivery with the answer, sent once, in the language of the page
// the ticket was filed on, as the ticket page's mailto link words it
// (greeting, answer, the published question's link, the quoted ticket). A
// logged-in employee's ticket gets none (their inbox tells them), nor does
// any ticket without a mail server. A message mail still pending at the
// resolution is not sent, the resolution's is; a resolution's mail whose
// ticket is open again is not sent, and the new resolution's is.
func TestResolutionMailedToTicketFiledWithoutLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		box := r.withMailbox(t)
		ctx := context.Background()
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		emp := storetest.User(t, st, "emp", store.RoleUser)
		anon := func(visitor, lang, subject, email string, consent bool) int64 {
			t.Helper()
			who := deflection.Who{Visitor: visitor, Lang: lang}
			s := r.start(t, who, "2026-03-02 10:00", "docking station gives no picture")
			in := ticket(subject)
			in.Email, in.ConsentPublish = email, consent
			return r.outcome(t, who, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: in}).Ticket.ID
		}
		answers := func(id int64) []deflection.Delivery {
			t.Helper()
			var all, out []deflection.Delivery
			if err := st.DB.Where("ticket_id = ? AND channel = ?", id, deflection.ChannelReply).Order("id").Find(&all).Error; err != nil {
				t.Fatal(err)
			}
			for _, d := range all {
				if d.Event() == deflection.EventTicketResolved {
					out = append(out, d)
				}
			}
			return out
		}
		delivery := func(id int64) deflection.Delivery {
			t.Helper()
			var d deflection.Delivery
			if err := st.DB.Where("id = ?", id).Take(&d).Error; err != nil {
				t.Fatal(err)
			}
			return d
		}

		// Published, filed on a German page: the mail in German, with the question's link.
		pub := anon("v1", "de", "Dock gives no picture", "anon@example.com", true)
		mine := r.tickets(t, emp, "Headset crackles")[0]
		r.replies(t, box, "") // the tickets' own mails to the hotline
		answer := "Update the dock's firmware with the vendor tool and restart the laptop."
		row, err := r.svc.Resolve(ctx, hot, pub, deflection.ResolutionInput{Answer: answer, Publish: true})
		if err != nil || row.PublishedQuestionID == nil {
			t.Fatalf("resolve: %v", err)
		}
		if ds := answers(pub); len(ds) != 1 || ds[0].Target != "anon@example.com" || ds[0].Status != deflection.DeliveryPending {
			t.Fatalf("the resolution's deliveries: %+v", ds)
		}
		mails := r.replies(t, box, "anon@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails to the employee", len(mails))
		}
		subject, body := mailText(t, mails[0])
		want := "Guten Tag,\n\n" + answer + "\n\nDie Antwort ist auch als Frage veröffentlicht: https://help.example.com/questions/" +
			itoa(*row.PublishedQuestionID) + "\n\nIhr Ticket:\n\n> Dock gives no picture\n>\n> It still fails after everything I tried.\n"
		if body != want {
			t.Errorf("the mail:\n%s\nwant:\n%s", body, want)
		}
		if !strings.Contains(subject, "Ticket #"+itoa(pub)+": Dock gives no picture") || mails[0].Header.Get("Reply-To") != "hotline@example.com" {
			t.Errorf("subject %q, reply-to %q", subject, mails[0].Header.Get("Reply-To"))
		}
		if d := delivery(answers(pub)[0].ID); d.Status != deflection.DeliveryDelivered {
			t.Fatalf("the resolution's mail: %s %q", d.Status, d.LastError)
		}
		if mails := r.replies(t, box, "anon@example.com"); len(mails) != 0 {
			t.Fatalf("mailed again: %d", len(mails))
		}

		// Logged in: told in the inbox, not mailed the answer.
		if _, err := r.svc.Resolve(ctx, hot, mine, deflection.ResolutionInput{Answer: answer}); err != nil {
			t.Fatal(err)
		}
		if ds := answers(mine); len(ds) != 0 {
			t.Fatalf("a logged-in employee's ticket mailed its answer: %+v", ds)
		}

		// No mail server: nothing queued (the agent mails it by hand).
		plain := anon("v2", "", "Dock still black", "anon2@example.com", false)
		addr := r.svc.Settings.SMTPAddr
		r.svc.Settings.SMTPAddr = ""
		if _, err := r.svc.Resolve(ctx, hot, plain, deflection.ResolutionInput{Answer: answer}); err != nil {
			t.Fatal(err)
		}
		r.svc.Settings.SMTPAddr = addr
		if ds := answers(plain); len(ds) != 0 {
			t.Fatalf("without a mail server: %+v", ds)
		}

		// A message mail pending at the resolution is not sent; the answer is.
		asked := anon("v3", "", "Monitor flickers", "anon3@example.com", false)
		if _, _, err := r.svc.PostMessage(ctx, hot, asked, deflection.MessageInput{Body: "Which monitor is it?", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Resolve(ctx, hot, asked, deflection.ResolutionInput{Answer: "Replace the DisplayPort cable; the one you have is damaged."}); err != nil {
			t.Fatal(err)
		}
		mails = r.replies(t, box, "anon3@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails after the resolution", len(mails))
		}
		if _, body := mailText(t, mails[0]); !strings.HasPrefix(body, "Hello,\n\nReplace the DisplayPort cable") || strings.Contains(body, "Which monitor") {
			t.Fatalf("the mail sent:\n%s", body)
		}

		// Open again before its mail went (as a reopening leaves a ticket),
		// then resolved anew: only the new answer is mailed.
		again := anon("v4", "", "Keyboard types twice", "anon4@example.com", false)
		if _, err := r.svc.Resolve(ctx, hot, again, deflection.ResolutionInput{Answer: "Turn off the key repeat in the keyboard settings."}); err != nil {
			t.Fatal(err)
		}
		reopen := func() {
			t.Helper()
			if err := st.DB.Model(&deflection.Ticket{}).Where("id = ?", again).Updates(map[string]any{
				"status": deflection.TicketOpen, "resolution": "", "resolved_by": nil, "resolved_at": nil}).Error; err != nil {
				t.Fatal(err)
			}
		}
		reopen()
		if mails := r.replies(t, box, "anon4@example.com"); len(mails) != 0 {
			t.Fatalf("the answer of a ticket open again was mailed")
		}
		if d := delivery(answers(again)[0].ID); d.Status != deflection.DeliveryFailed || d.LastError != "not sent: the ticket was reopened" {
			t.Fatalf("the stale answer's mail: %s %q", d.Status, d.LastError)
		}
		r.clk.Advance(time.Hour)
		if _, err := r.svc.Resolve(ctx, hot, again, deflection.ResolutionInput{Answer: "Replace the keyboard: its controller is failing."}); err != nil {
			t.Fatal(err)
		}
		// The first answer's mail, retried by an admin, is not sent either.
		if _, err := r.svc.RetryDelivery(ctx, storetest.User(t, st, "adm", store.RoleAdmin), answers(again)[0].ID); err != nil {
			t.Fatal(err)
		}
		mails = r.replies(t, box, "anon4@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails after resolving anew", len(mails))
		}
		if _, body := mailText(t, mails[0]); !strings.Contains(body, "Replace the keyboard") || strings.Contains(body, "key repeat") {
			t.Fatalf("the mail sent:\n%s", body)
		}
		ds := answers(again)
		if len(ds) != 2 || ds[0].Status != deflection.DeliveryFailed || ds[1].Status != deflection.DeliveryDelivered {
			t.Fatalf("the answers' mails: %+v", ds)
		}
	})
}
