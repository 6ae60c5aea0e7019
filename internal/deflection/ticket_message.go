package deflection

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// MessageMax bounds a message on a ticket, in characters.
const MessageMax = TicketBodyMax

// MessageInput is a message on a ticket. Waiting, for the hotline only,
// sets the ticket to waiting on the employee; the hotline's message without
// it puts a waiting ticket back in the open queue.
type MessageInput struct {
	Body    string
	Waiting bool
}

// CanMessage reports whether u may read and write the conversation of
// ticket t: the hotline and administrators, and the employee who filed it
// while logged in. Analysts, who see tickets to count them, do not.
func CanMessage(u *store.User, t *Ticket) bool {
	return u != nil && (CanResolve(u) || (t.UserID != nil && *t.UserID == u.ID))
}

// MailsReplies reports whether the hotline's messages can be e-mailed to a
// ticket's address: a mail server is configured.
func (s *Service) MailsReplies() bool { return s.Settings.SMTPAddr != "" }

// MessageReaches reports whether the hotline's message on ticket t reaches
// its employee: in their inbox, when they filed it logged in, else by
// e-mail to the ticket's address, when replies are mailed (MailsReplies).
// A message that would reach nobody is refused.
func (s *Service) MessageReaches(t *Ticket) bool {
	return t.UserID != nil || (t.Email != "" && s.MailsReplies())
}

// messageTicket reads the ticket for a message's reader or writer, or says
// why they may not: a ticket someone else filed is not found, except for
// analysts, who see it but not its conversation.
func messageTicket(tx *gorm.DB, actor *store.User, id int64, lock bool) (*Ticket, error) {
	return ticketAllowed(tx, actor, id, lock, CanMessage,
		errs.M("ticket.messages_forbidden", "Only the hotline and the employee who filed the ticket read its messages."))
}

// ticketAllowed reads ticket id (locked for update with lock, on
// PostgreSQL) for an actor that may act on it; to those who see tickets
// another's is forbidden (why), to others as if there were none.
func ticketAllowed(tx *gorm.DB, actor *store.User, id int64, lock bool, may func(*store.User, *Ticket) bool, why errs.Msg) (*Ticket, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	q := tx
	if lock && tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var t Ticket
	err := q.Where("id = ?", id).Take(&t).Error
	if err == nil && !may(actor, &t) {
		if CanSeeTickets(actor) {
			return nil, errs.New(errs.Forbidden, why)
		}
		err = gorm.ErrRecordNotFound // someone else's: as if there were none
	}
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// TicketMessages lists a ticket's conversation, oldest first, to the
// hotline, administrators and the employee who filed it.
func (s *Service) TicketMessages(ctx context.Context, actor *store.User, id int64) ([]TicketMessage, error) {
	db := s.Store.DB.WithContext(ctx)
	if _, err := messageTicket(db, actor, id, false); err != nil {
		return nil, wrap(err, "ticket messages")
	}
	out := []TicketMessage{}
	if err := db.Where("ticket_id = ?", id).Order("id").Find(&out).Error; err != nil {
		return nil, wrap(err, "ticket messages")
	}
	return out, nil
}

// PostMessage adds a message to a ticket that is not resolved, in one
// transaction with what follows from it. The hotline's message may set the
// ticket to waiting on the employee; the employee is told in their inbox
// (when they filed it logged in) and by e-mail to the ticket's address
// (when a mail server is configured); without waiting it puts a waiting
// ticket back in the open queue. A ticket filed without logging in
// has no page for its employee, so there the message goes by e-mail only,
// and without an address or a mail server it is refused, saying which. The employee's message sets a
// waiting ticket open again and tells the agent who holds it, and the
// hotline's system by its webhook (when one is configured). The same
// message sent again by its author within qa.RepeatWindow (a double click,
// a retry) gives back the first, and nothing more is written, sent or told.
func (s *Service) PostMessage(ctx context.Context, actor *store.User, id int64, in MessageInput) (*TicketMessage, *Ticket, error) {
	m, t, _, err := s.PostMessageOnce(ctx, actor, id, in)
	return m, t, err
}

// PostMessageOnce is PostMessage telling also whether the message was sent
// again (true: the first one is given back and nothing was written).
func (s *Service) PostMessageOnce(ctx context.Context, actor *store.User, id int64, in MessageInput) (*TicketMessage, *Ticket, bool, error) {
	in.Body = strings.TrimSpace(in.Body)
	staff := CanResolve(actor)
	var msg TicketMessage
	var t *Ticket
	again := false
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		again = false
		var err error
		if t, err = messageTicket(tx, actor, id, true); err != nil {
			return err
		}
		if t.Closed() {
			return errClosed(t)
		}
		var f errs.Fields
		checkMessage(&f, in.Body)
		if in.Waiting && !staff {
			f.Add("waiting", "ticket.waiting_staff", "Only the hotline sets a ticket to waiting.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.now()
		// The same message sent again (a double click, a retry after a slow
		// answer) gives back the first, before the employee's gap could refuse
		// it: the ticket's row lock (PostgreSQL; SQLite writes one at a time)
		// keeps two at once from both writing.
		prior, err := repeatedMessage(tx, t.ID, actor.ID, in.Body, now)
		if err != nil {
			return err
		}
		if prior != nil {
			msg, again = *prior, true
			return nil
		}
		if !staff {
			if err := s.throttleEmployee(tx, t.ID, now); err != nil {
				return err
			}
		}
		mailed := staff && t.Email != "" && s.MailsReplies()
		if staff && !s.MessageReaches(t) {
			if t.Email == "" { // a mail server would not help: say what would
				return errs.E(errs.Conflict, "ticket.message_no_address",
					"The employee was not logged in and left no e-mail address: nothing would reach them.")
			}
			return errs.E(errs.Conflict, "ticket.message_no_mail",
				"The employee was not logged in and no mail server is configured: nothing would reach them. Write to them from your own mail.")
		}
		msg = TicketMessage{TicketID: t.ID, AuthorID: actor.ID, Staff: staff, Body: in.Body, CreatedAt: now}
		if err := tx.Create(&msg).Error; err != nil {
			return err
		}
		// The hotline's message sets the ticket waiting on the employee, or
		// (without waiting) back in the open queue; the employee's opens it.
		status := TicketOpen
		if staff && in.Waiting {
			status = TicketWaiting
		}
		if err := tx.Model(&Ticket{}).Where("id = ?", t.ID).Updates(map[string]any{"status": status, "updated_at": now}).Error; err != nil {
			return err
		}
		t.Status, t.UpdatedAt = status, now
		if !staff {
			if err := s.enqueueMessage(tx, t, &msg, now); err != nil {
				return err
			}
			if t.AssignedTo == nil {
				return nil
			}
			return notify.TicketReply(tx, *t.AssignedTo, t.ID, actor.ID, now)
		}
		if mailed {
			if err := s.enqueueReply(tx, t, &msg, now); err != nil {
				return err
			}
		}
		if t.UserID == nil {
			return nil
		}
		return notify.TicketMessage(tx, *t.UserID, t.ID, actor.ID, mailed, now)
	})
	if err != nil {
		return nil, nil, false, wrap(err, "ticket message")
	}
	return &msg, t, again, nil
}

// repeatedMessage finds the author's message on ticket id written within
// qa.RepeatWindow before now with the same text (both trimmed): body sent
// again, to give back instead of a copy; nil if there is none.
func repeatedMessage(tx *gorm.DB, id, authorID int64, body string, now time.Time) (*TicketMessage, error) {
	var found []TicketMessage
	// By the index ticket_messages_ticket (ticket_id, id), newest first.
	err := tx.Where("ticket_id = ? AND author_id = ? AND created_at >= ? AND body = ?", id, authorID, now.Add(-qa.RepeatWindow), body).
		Order("id DESC").Limit(1).Find(&found).Error
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// checkMessage checks the text of a message on a ticket, as field body.
func checkMessage(f *errs.Fields, body string) {
	if !text.Shows(body) {
		f.Add("body", "ticket.message_empty", "Write a message.")
	} else if p, ok := text.Check(body, 1, MessageMax, true); !ok {
		f.Add("body", p.ID, p.Text, p.KV()...)
	} else if utf8.RuneCountInString(body) > MessageMax {
		f.Add("body", "help.query_long", "Use at most {{.Max}} characters.", "Max", MessageMax)
	}
}

// throttleEmployee refuses the employee's message on ticket id within
// Settings.MessageGap of their last one there (errs.RateLimited, with
// RetryAfter), so that the hotline's queue is not flooded from one ticket.
// It reads the database in the message's transaction, after the ticket's
// row lock (PostgreSQL; SQLite writes one at a time), so that two messages
// at once cannot both pass, and the limit holds across processes.
func (s *Service) throttleEmployee(tx *gorm.DB, id int64, now time.Time) error {
	gap := s.Settings.MessageGap
	if gap <= 0 {
		return nil
	}
	var times []time.Time
	// The ticket's newest messages, by the index ticket_messages_ticket (ticket_id, id).
	if err := tx.Model(&TicketMessage{}).Where("ticket_id = ? AND staff = ?", id, false).
		Order("id DESC").Limit(1).Pluck("created_at", &times).Error; err != nil {
		return err
	}
	if len(times) == 0 {
		return nil
	}
	if wait := times[0].Add(gap).Sub(now); wait > 0 {
		e := errs.E(errs.RateLimited, "throttle.ticket_messages",
			"Leave {{.Gap}} between your messages on a ticket; you may write again in {{.Wait}}.",
			"Gap", errs.Span(gap), "Wait", errs.InSpan(wait))
		e.RetryAfter = wait
		return e
	}
	return nil
}

// ReplyPayload is what a reply delivery carries: the hotline's message to
// the employee, mailed to the ticket's address in the employee's language
// setting, else in the language of the page they filed it on (Ticket.MailLang).
type ReplyPayload struct {
	Event   string        `json:"event"` // ticket.message
	Ticket  TicketPayload `json:"ticket"`
	Message string        `json:"message"`
	Lang    string        `json:"lang"`
	Name    string        `json:"name"` // the employee's display name; "" when they were not logged in
}

// enqueueReply adds the delivery that mails the hotline's message to the
// ticket's address, in tx.
func (s *Service) enqueueReply(tx *gorm.DB, t *Ticket, m *TicketMessage, now time.Time) error {
	p := ReplyPayload{Event: "ticket.message", Message: m.Body, Lang: t.MailLang(nil),
		Ticket: TicketPayload{ID: t.ID, Subject: t.Subject, Body: t.Body, Email: t.Email, UserID: t.UserID,
			CreatedAt: t.CreatedAt, URL: s.url("/tickets/" + itoa(t.ID))}}
	if t.UserID != nil {
		var u store.User
		if err := tx.Select("id", "username", "display_name", "language").Where("id = ?", *t.UserID).Take(&u).Error; err == nil {
			p.Lang, p.Name = t.MailLang(&u), u.DisplayName
		}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return tx.Create(&Delivery{TicketID: t.ID, Channel: ChannelReply, Target: t.Email, Payload: string(body),
		Status: DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}).Error
}

// ResolutionPayload is what the reply delivery of a resolution carries: the
// hotline's answer to a ticket filed without logging in, mailed to the
// ticket's address in the language of the page it was filed on (its
// employee has no page to read it on).
type ResolutionPayload struct {
	Event       string        `json:"event"` // ticket.resolved
	Ticket      TicketPayload `json:"ticket"`
	Resolution  string        `json:"resolution"`
	QuestionURL string        `json:"question_url,omitempty"` // the published question's address
	Lang        string        `json:"lang"`
	Name        string        `json:"name"` // the employee's display name; "" when they were not logged in
}

// mailsResolution reports whether resolving ticket t mails the answer to
// its address: filed without logging in (a logged-in employee reads it on
// the ticket's page and is told in their inbox), with an address, and a
// mail server to send it (MailsReplies).
func (s *Service) mailsResolution(t *Ticket) bool {
	return t.UserID == nil && t.Email != "" && s.MailsReplies()
}

// enqueueResolution adds the reply delivery that mails the resolution of
// ticket t (its question qid when published, else nil) to the ticket's
// address, in tx.
func (s *Service) enqueueResolution(tx *gorm.DB, t *Ticket, answer string, qid *int64, now time.Time) error {
	p := ResolutionPayload{Event: EventTicketResolved, Resolution: answer, Lang: t.MailLang(nil),
		Ticket: TicketPayload{ID: t.ID, Subject: t.Subject, Body: t.Body, Email: t.Email, UserID: t.UserID,
			CreatedAt: t.CreatedAt, URL: s.url("/tickets/" + itoa(t.ID))}}
	if qid != nil {
		p.QuestionURL = s.url("/questions/" + itoa(*qid))
	}
	if t.UserID != nil {
		var u store.User
		if err := tx.Select("id", "username", "display_name", "language").Where("id = ?", *t.UserID).Take(&u).Error; err == nil {
			p.Lang, p.Name = t.MailLang(&u), u.DisplayName
		}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return tx.Create(&Delivery{TicketID: t.ID, Channel: ChannelReply, Target: t.Email, Payload: string(body),
		Status: DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now}).Error
}

// ResolutionParts are the lines around a resolved ticket's answer in the
// text that brings it to its employee, by tr in their language: the
// greeting (by name when given), the line leading to the published question
// (questionURL; "" when not published) and the quoted ticket.
func ResolutionParts(tr func(id string, kv ...any) string, name, questionURL, subject, body string) (greeting, published, quote string) {
	greeting = tr("tickets.mail_greeting")
	if name != "" {
		greeting = tr("email.greeting", "Name", name)
	}
	if questionURL != "" {
		published = tr("tickets.reply_mail_published", "URL", questionURL)
	}
	return greeting, published, tr("tickets.mail_your_ticket") + "\n\n" + Quote(subject, body)
}

// ResolutionText is the text that brings a resolved ticket's answer to its
// employee, the mail the hotline sends and the mailto link alike: the
// greeting, the answer, the line leading to the published question and
// the quoted ticket (ResolutionParts), the empty ones left out.
func ResolutionText(greeting, answer, published, quote string) string {
	parts := []string{}
	for _, p := range []string{greeting, answer, published, quote} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n\n")
}

// quoteMax bounds how much of the employee's text a mail to them repeats.
const quoteMax = 300

// Quote repeats a ticket's subject and the start of its text as quoted
// lines ("> "), for the mails that answer the employee.
func Quote(subject, body string) string {
	lines := []string{"> " + strings.Join(strings.Fields(subject), " ")}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if r := []rune(body); len(r) > quoteMax {
		body = strings.TrimSpace(string(r[:quoteMax])) + " …"
	}
	if body != "" {
		lines = append(lines, ">")
		for _, l := range strings.Split(body, "\n") {
			lines = append(lines, strings.TrimRight("> "+l, " "))
		}
	}
	return strings.Join(lines, "\n")
}
