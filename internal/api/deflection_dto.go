package api

import (
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/search/engine"
)

// HelpSessionInputJSON starts a help session with the problem as its first search.
type HelpSessionInputJSON struct {
	Query string `json:"query"`
}

// HelpEventJSON is a search (with query) or a view (with question_id) in a help session.
type HelpEventJSON struct {
	Type       string `json:"type"`
	Query      string `json:"query,omitempty"`
	QuestionID int64  `json:"question_id,omitempty"`
}

// HelpOutcomeJSON ends a help session: solved (question_id, optionally
// answer_id), asked (question_id of the question posted) or ticket (ticket).
type HelpOutcomeJSON struct {
	Outcome    string           `json:"outcome"`
	QuestionID int64            `json:"question_id,omitempty"`
	AnswerID   int64            `json:"answer_id,omitempty"`
	Ticket     *TicketInputJSON `json:"ticket,omitempty"`
}

// TicketInputJSON is a ticket for the hotline. consent_publish allows
// publishing the hotline's answer as a question with an accepted answer.
type TicketInputJSON struct {
	Subject        string  `json:"subject"`
	Body           string  `json:"body"`
	Email          string  `json:"email,omitempty"`
	ConsentPublish bool    `json:"consent_publish"`
	QuestionIDs    []int64 `json:"question_ids,omitempty"`
}

// HelpSessionJSON is a help session with the suggestions for its latest
// search (always empty for a holdout session).
type HelpSessionJSON struct {
	ID         int64   `json:"id"`
	Query      string  `json:"query"`
	LastQuery  string  `json:"last_query"`
	Holdout    bool    `json:"holdout"`
	Searches   int     `json:"searches"`
	Views      int     `json:"views"`
	Outcome    *string `json:"outcome"`
	QuestionID *int64  `json:"question_id"`
	AnswerID   *int64  `json:"answer_id"`
	TicketID   *int64  `json:"ticket_id"`
	// MergedIntoID: solved by the question of the caller's session that, the
	// same day, it solved: the same problem, which the dashboard counts once.
	MergedIntoID *int64           `json:"merged_into_id,omitempty"`
	CreatedAt    time.Time        `json:"created_at"`
	Suggestions  []SearchItemJSON `json:"suggestions"`
	// Following lists the suggested questions the caller follows (logged
	// in; empty for a visitor), so that a question nobody answered shows
	// Follow or Unfollow.
	Following []int64     `json:"following"`
	Ticket    *TicketJSON `json:"ticket,omitempty"`
}

func helpSessionJSON(s *deflection.Session, items []engine.Item) HelpSessionJSON {
	j := HelpSessionJSON{ID: s.ID, Query: s.Query, LastQuery: s.LastQuery, Holdout: s.Holdout, Searches: s.Searches,
		Views: s.Views, Outcome: s.Outcome, QuestionID: s.QuestionID, AnswerID: s.AnswerID, TicketID: s.TicketID,
		MergedIntoID: s.MergedIntoID, CreatedAt: s.CreatedAt, Suggestions: make([]SearchItemJSON, len(items)), Following: []int64{}}
	for i, it := range items {
		j.Suggestions[i] = searchItem(it)
	}
	return j
}

// TicketJSON is a hotline ticket with its session trail and delivery state.
// email and user_id are shown to the hotline and admins only; assigned_to
// (the agent who holds an open ticket) and assigned_at to the hotline,
// analysts and admins; priority (low, normal, high or urgent) to them too,
// left out for the employee. language is the language to answer the
// employee in, the webhook's ticket.language: the language setting of the
// filer's account when they filed it logged in, else the language of the
// page they filed it on; shown to everyone who may read the ticket (to the
// employee it is their own).
type TicketJSON struct {
	ID                  int64            `json:"id"`
	SessionID           *int64           `json:"session_id"`
	UserID              *int64           `json:"user_id"`
	Subject             string           `json:"subject"`
	Body                string           `json:"body"`
	Email               string           `json:"email,omitempty"`
	ConsentPublish      bool             `json:"consent_publish"`
	Status              string           `json:"status"`
	Resolution          string           `json:"resolution"`
	ResolvedAt          *time.Time       `json:"resolved_at"`
	ResolvedBy          *int64           `json:"resolved_by"` // the user who resolved it
	PublishedQuestionID *int64           `json:"published_question_id"`
	AssignedTo          *int64           `json:"assigned_to"` // the hotline agent who holds it
	AssignedAt          *time.Time       `json:"assigned_at"`
	WithdrawnAt         *time.Time       `json:"withdrawn_at"`      // when the employee withdrew it, while it is withdrawn
	WithdrawalReason    string           `json:"withdrawal_reason"` // the employee's word on why; may be ""
	Priority            string           `json:"priority,omitempty"`
	Language            string           `json:"language"`       // the language to answer the employee in: en or de
	DeliveryState       string           `json:"delivery_state"` // "" (no channel), pending, delivered or failed
	Trail               deflection.Trail `json:"trail"`
	CreatedAt           time.Time        `json:"created_at"`
}

// TicketDetailJSON is one ticket as GET /tickets/{id} answers it: the
// ticket with its history.
type TicketDetailJSON struct {
	TicketJSON
	History []TicketEventJSON `json:"history"` // oldest first; [] when it has none
}

// TicketEventJSON is one entry of a ticket's history, as its page shows it:
// kind withdrawn (note: the employee's reason, may be "") or reopened
// (note: the answer the ticket had, "" when it was withdrawn; message_id:
// the employee's message saying why, in the ticket's conversation).
type TicketEventJSON struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind" enum:"withdrawn,reopened,handed_over"`
	Note      string `json:"note"`
	MessageID *int64 `json:"message_id"`
	// FromID and ToID, of a hand-over only (which only the hotline and
	// administrators read): the agent who gave the ticket and the colleague.
	FromID *int64 `json:"from_id,omitempty"`
	ToID   *int64 `json:"to_id,omitempty"`
	// HeldByID, of a hand-over: the agent who held the ticket before it
	// (absent when nobody did, and on hand-overs recorded before it was
	// kept). An administrator's Take over has to_id their own, from_id too.
	HeldByID  *int64    `json:"held_by_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func ticketDetailJSON(row *deflection.TicketRow, history []deflection.TicketEvent) TicketDetailJSON {
	j := TicketDetailJSON{TicketJSON: ticketRowJSON(row), History: make([]TicketEventJSON, len(history))}
	for i, e := range history {
		j.History[i] = TicketEventJSON{ID: e.ID, Kind: e.Kind, Note: e.Note, MessageID: e.MessageID, CreatedAt: e.CreatedAt}
		if e.Kind == deflection.TicketEventHandedOver {
			j.History[i].FromID, j.History[i].ToID, j.History[i].HeldByID = &e.ActorID, e.AgentID, e.HeldBy
		}
	}
	return j
}

// ticketRowJSON is a ticket as read for its reader, with its delivery
// state and the language to answer the employee in.
func ticketRowJSON(row *deflection.TicketRow) TicketJSON {
	j := ticketJSON(&row.Ticket, row.DeliveryState())
	j.Language = row.Language
	return j
}

func ticketJSON(t *deflection.Ticket, state string) TicketJSON {
	return TicketJSON{ID: t.ID, SessionID: t.SessionID, UserID: t.UserID, Subject: t.Subject, Body: t.Body, Email: t.Email,
		ConsentPublish: t.ConsentPublish, Status: t.Status, Resolution: t.Resolution, ResolvedAt: t.ResolvedAt, ResolvedBy: t.ResolvedBy,
		PublishedQuestionID: t.PublishedQuestionID, AssignedTo: t.AssignedTo, AssignedAt: t.AssignedAt, Priority: t.Priority,
		WithdrawnAt: t.WithdrawnAt, WithdrawalReason: t.WithdrawalReason, DeliveryState: state, Trail: t.ParseTrail(), CreatedAt: t.CreatedAt}
}

// ResolutionJSON is the hotline's answer to a ticket. publish turns the
// ticket into a question with this answer accepted; it defaults to whether
// the employee consented, and true without consent is refused (422); a
// ticket published before is not published again, its new answer joins its
// question, accepted there.
// title, question_body and tags override what is taken from the ticket.
type ResolutionJSON struct {
	Answer       string   `json:"answer"`
	Publish      *bool    `json:"publish,omitempty"`
	Title        string   `json:"title,omitempty"`
	QuestionBody string   `json:"question_body,omitempty"`
	Tags         []string `json:"tags,omitempty"`
}

// WithdrawJSON is the employee's withdrawal of their ticket: reason is
// optional, one line of at most 500 characters ("I found the answer").
type WithdrawJSON struct {
	Reason string `json:"reason,omitempty"`
}

// TicketMessageInputJSON is a message on a ticket. waiting (the hotline
// only) sets the ticket to waiting on the employee; the hotline's message
// without it sets a waiting ticket open again.
type TicketMessageInputJSON struct {
	Body    string `json:"body"`
	Waiting bool   `json:"waiting,omitempty"`
}

// TicketMessageJSON is one message of a ticket's conversation; staff marks
// the hotline's. ticket_status is the ticket's status after it.
type TicketMessageJSON struct {
	ID           int64     `json:"id"`
	TicketID     int64     `json:"ticket_id"`
	AuthorID     int64     `json:"author_id"`
	Staff        bool      `json:"staff"`
	Body         string    `json:"body"`
	CreatedAt    time.Time `json:"created_at"`
	TicketStatus string    `json:"ticket_status,omitempty"`
}

func ticketMessageJSON(m deflection.TicketMessage) TicketMessageJSON {
	return TicketMessageJSON{ID: m.ID, TicketID: m.TicketID, AuthorID: m.AuthorID, Staff: m.Staff, Body: m.Body, CreatedAt: m.CreatedAt}
}

// DeliveryJSON is one ticket's delivery to the hotline through one channel.
type DeliveryJSON struct {
	ID            int64      `json:"id"`
	TicketID      int64      `json:"ticket_id"`
	Channel       string     `json:"channel"`
	Event         string     `json:"event"` // ticket.created (a new ticket), ticket.message (a message on it), ticket.withdrawn or ticket.reopened (by the employee)
	Target        string     `json:"target"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LastError     string     `json:"last_error"`
	LastStatus    int        `json:"last_status"`
	DeliveredAt   *time.Time `json:"delivered_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

func deliveryJSON(d deflection.Delivery) DeliveryJSON {
	return DeliveryJSON{ID: d.ID, TicketID: d.TicketID, Channel: d.Channel, Event: d.Event(), Target: d.Target, Status: d.Status,
		Attempts: d.Attempts, NextAttemptAt: d.NextAttemptAt, LastError: d.LastError, LastStatus: d.LastStatus,
		DeliveredAt: d.DeliveredAt, CreatedAt: d.CreatedAt}
}
