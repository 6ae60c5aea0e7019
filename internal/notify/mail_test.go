package notify_test

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func (f *fixture) mailer(smtpAddr string) *notify.Mailer {
	cat := i18n.MustLoad()
	cfg := config.Defaults().Notify
	cfg.SMTPAddr, cfg.EmailFrom = smtpAddr, "stackdesk@example.com"
	return &notify.Mailer{Store: f.st, Now: func() time.Time { return f.now }, Config: cfg,
		BaseURL: "https://desk.example.com", T: cat.T, N: cat.N, Log: nil}
}

func (f *fixture) setMode(t *testing.T, u *store.User, mode string) {
	t.Helper()
	err := f.st.Tx(context.Background(), func(tx *gorm.DB) error { return notify.SetEmailMode(tx, u.ID, mode, f.now) })
	if err != nil {
		t.Fatal(err)
	}
}

func sendDue(t *testing.T, m *notify.Mailer) int {
	t.Helper()
	n, err := m.SendDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var unsubscribeRE = regexp.MustCompile(`https://desk\.example\.com/unsubscribe/([0-9a-f]{48})`)

func TestImmediateEmailsGoOutOnceWithAnUnsubscribeLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		srv := notifytest.Start(t)
		m := f.mailer(srv.Addr)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy.")
		st.DB.Model(cy).Update("email", nil) // no address: never e-mailed
		f.setMode(t, ada, config.EmailImmediate)
		f.setMode(t, bob, config.EmailOff)
		q := f.ask(t, ada, "Please help, @cy.")
		a := f.answer(t, bob, q, "Try this.")

		if n := sendDue(t, m); n != 1 {
			t.Fatalf("sent %d e-mails, want 1 (ada's)", n)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("server got %d messages", len(msgs))
		}
		msg := msgs[0]
		if msg.From != "stackdesk@example.com" || len(msg.To) != 1 || msg.To[0] != "ada@example.com" {
			t.Fatalf("envelope %s → %v", msg.From, msg.To)
		}
		if msg.Subject != "bob answered: "+q.Title {
			t.Fatalf("subject %q", msg.Subject)
		}
		link := "https://desk.example.com/questions/" + itoa(q.ID) + "#answer-" + itoa(a.ID)
		for _, want := range []string{"Hello ada,", link, "https://desk.example.com/inbox", "https://desk.example.com/settings"} {
			if !strings.Contains(msg.Body, want) {
				t.Fatalf("body lacks %q:\n%s", want, msg.Body)
			}
		}
		tok := unsubscribeRE.FindStringSubmatch(msg.Body)
		if tok == nil || msg.Header.Get("List-Unsubscribe") != "<"+tok[0]+">" || msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Fatalf("unsubscribe link %v, header %q", tok, msg.Header.Get("List-Unsubscribe"))
		}
		// Sent once: the notification is marked.
		if n := sendDue(t, m); n != 0 || len(srv.Messages()) != 0 {
			t.Fatalf("sent again: %d", n)
		}
		// A failing server keeps the notification queued; it goes out when the server is back.
		srv.Fail(true)
		f.now = f.now.Add(time.Minute)
		f.answer(t, bob, q, "Second try.")
		if _, err := m.SendDue(ctx); err == nil {
			t.Fatal("no error from a refusing server")
		}
		srv.Fail(false)
		if n := sendDue(t, m); n != 1 {
			t.Fatalf("after the server came back: sent %d", n)
		}
		srv.Messages()
		// Unsubscribing by the link's token turns e-mail off.
		who, err := f.notes.Unsubscribe(ctx, tok[1])
		if err != nil || who.User.ID != ada.ID || who.Mode != config.EmailOff {
			t.Fatalf("unsubscribe: %+v %v", who, err)
		}
		if mode, _ := f.notes.EmailMode(ctx, ada.ID); mode != config.EmailOff {
			t.Fatalf("mode %s", mode)
		}
		f.answer(t, bob, q, "Third try.")
		if n := sendDue(t, m); n != 0 {
			t.Fatalf("sent %d after unsubscribing", n)
		}
		if _, err := f.notes.Unsubscribe(ctx, strings.Repeat("0", 48)); err == nil {
			t.Fatal("unknown token accepted")
		}
		// Switching e-mail on again sends nothing of the backlog.
		f.now = f.now.Add(time.Hour)
		f.setMode(t, ada, config.EmailImmediate)
		if n := sendDue(t, m); n != 0 {
			t.Fatalf("backlog sent: %d", n)
		}
	})
}

func TestDailyDigestGoesOutOncePerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st) // 2 March, 09:30 UTC; digests go out at 07:00
		srv := notifytest.Start(t)
		m := f.mailer(srv.Addr)
		ada, bob := f.user(t, "ada"), f.user(t, "bob") // ada has the default mode: daily
		q := f.ask(t, ada, "Question.")
		a := f.answer(t, bob, q, "One.")
		if _, err := f.qa.AddComment(ctx, bob, q.ID, "Which version of the client is it?"); err != nil {
			t.Fatal(err)
		}
		if n := sendDue(t, m); n != 0 {
			t.Fatalf("digest before its time: %d", n)
		}
		f.now = time.Date(2026, 3, 3, 6, 59, 0, 0, time.UTC)
		if n := sendDue(t, m); n != 0 {
			t.Fatalf("digest a minute early: %d", n)
		}
		f.now = time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)
		if n := sendDue(t, m); n != 1 {
			t.Fatalf("digest at 07:00: sent %d", n)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 || msgs[0].Subject != "Your Stackdesk digest: 2 notifications" {
			t.Fatalf("digest %+v", msgs)
		}
		body := msgs[0].Body
		for _, want := range []string{"bob answered: " + q.Title, "#answer-" + itoa(a.ID), "bob commented on your post: " + q.Title, "#comment-"} {
			if !strings.Contains(body, want) {
				t.Fatalf("digest lacks %q:\n%s", want, body)
			}
		}
		// Later that day: a new notification waits for tomorrow's digest.
		f.now = f.now.Add(30 * time.Minute)
		f.answer(t, bob, q, "Two.")
		if n := sendDue(t, m); n != 0 {
			t.Fatalf("second digest on one day: %d", n)
		}
		f.now = time.Date(2026, 3, 4, 7, 5, 0, 0, time.UTC)
		if n := sendDue(t, m); n != 1 {
			t.Fatalf("next day's digest: %d", n)
		}
		if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].Subject != "Your Stackdesk digest: 1 notification" {
			t.Fatalf("next digest %+v", msgs)
		}
	})
}

func TestDigestSlot(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	for _, c := range []struct{ now, want time.Time }{
		{at(3, 7, 0), at(3, 7, 0)},
		{at(3, 6, 59), at(2, 7, 0)},
		{at(3, 23, 0), at(3, 7, 0)},
	} {
		if got := notify.DigestSlot(c.now, 7); !got.Equal(c.want) {
			t.Errorf("DigestSlot(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}

// TestDeactivatedAccountsGetNoMail checks that a deactivated account's
// notifications are not e-mailed (the person left), not even once it is
// active again; what comes after the reactivation is.
func TestDeactivatedAccountsGetNoMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		srv := notifytest.Start(t)
		m := f.mailer(srv.Addr)
		ada, bob := f.user(t, "ada"), f.user(t, "bob")
		f.setMode(t, ada, config.EmailImmediate)
		q := f.ask(t, ada, "Please help.")
		f.answer(t, bob, q, "Try this.")
		st.DB.Model(ada).Update("deactivated_at", f.now)
		if n := sendDue(t, m); n != 0 || len(srv.Messages()) != 0 {
			t.Fatalf("a deactivated account was e-mailed: %d", n)
		}
		st.DB.Model(ada).Update("deactivated_at", nil)
		if n := sendDue(t, m); n != 0 {
			t.Fatalf("what came while deactivated was mailed after reactivating: %d", n)
		}
		f.now = f.now.Add(time.Minute)
		f.answer(t, bob, q, "Or try that.")
		if n := sendDue(t, m); n != 1 {
			t.Fatalf("after reactivating: sent %d", n)
		}
	})
}

// bidiMarked fails the test unless s shows the override before "txt.exe"
// as a mark, [U+202E], and holds the character itself nowhere.
func bidiMarked(t *testing.T, what, s string) {
	t.Helper()
	if strings.ContainsRune(s, '\u202e') || !strings.Contains(s, "[U+202E]txt.exe") {
		t.Errorf("%s does not show the override as a mark: %q", what, s)
	}
}

// TestEmailsMarkBidiControls: user text in a notification's e-mail and in
// a digest (a title, a name; here imported, as the forms refuse these
// characters in one-line text) shows its bidirectional overrides as marks,
// in the subject, the recipient's name and the body: a title cannot read
// as another in a mail client. A subject is one line whatever the title.
func TestEmailsMarkBidiControls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		srv := notifytest.Start(t)
		m := f.mailer(srv.Addr)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy") // cy has the default mode: daily
		f.setMode(t, ada, config.EmailImmediate)
		q, r := f.ask(t, ada, "Please help."), f.ask(t, cy, "Me too.")
		st.DB.Model(&store.Post{}).Where("id = ?", q.ID).Update("title", "VPN \u202etxt.exe\r\nBcc: eve@example.com")
		st.DB.Model(&store.Post{}).Where("id = ?", r.ID).Update("title", "VPN \u202etxt.exe")
		st.DB.Model(ada).Update("display_name", "Ada \u202etxt.exe")
		st.DB.Model(bob).Update("display_name", "Bob \u202etxt.exe")
		f.answer(t, bob, q, "Try this.")
		f.answer(t, bob, r, "And this.")

		if n := sendDue(t, m); n != 1 {
			t.Fatalf("sent %d e-mails, want 1 (ada's)", n)
		}
		msg := srv.Messages()[0]
		bidiMarked(t, "the subject", msg.Subject)
		if msg.Subject != "Bob [U+202E]txt.exe answered: VPN [U+202E]txt.exe Bcc: eve@example.com" || msg.Header.Get("Bcc") != "" {
			t.Errorf("subject %q, Bcc %q: not one line", msg.Subject, msg.Header.Get("Bcc"))
		}
		to, err := mail.ParseAddress(msg.Header.Get("To"))
		if err != nil {
			t.Fatal(err)
		}
		bidiMarked(t, "the recipient's name", to.Name)
		bidiMarked(t, "the body", msg.Body)
		if !strings.Contains(msg.Body, "Hello Ada [U+202E]txt.exe,") || !strings.Contains(msg.Body, "* Bob [U+202E]txt.exe answered: VPN [U+202E]txt.exe") {
			t.Errorf("body:\n%s", msg.Body)
		}

		f.now = time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)
		if n := sendDue(t, m); n != 1 {
			t.Fatalf("digest: sent %d", n)
		}
		digest := srv.Messages()[0]
		bidiMarked(t, "the digest", digest.Body)
		if digest.To[0] != "cy@example.com" || !strings.Contains(digest.Body, "* Bob [U+202E]txt.exe answered: VPN [U+202E]txt.exe") {
			t.Errorf("digest to %v:\n%s", digest.To, digest.Body)
		}
	})
}
