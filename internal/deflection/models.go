package deflection

import (
	"slices"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/i18n"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Outcomes of a help session.
const (
	OutcomeSolved    = "solved"
	OutcomeAsked     = "asked"
	OutcomeTicket    = "ticket"
	OutcomeAbandoned = "abandoned"
)

// Event types of a help session.
const (
	EventSearch = "search"
	EventView   = "view"
)

// Where a session started.
const (
	SourceHelp   = "help"   // the Get-help page or the API
	SourceSearch = "search" // a question found through the site search
)

// Ticket states.
const (
	TicketOpen      = "open"
	TicketWaiting   = "waiting" // the hotline asked the employee for more and waits for their answer
	TicketResolved  = "resolved"
	TicketWithdrawn = "withdrawn" // the employee who filed it withdrew it (found the answer, say)
)

// Kinds of a ticket's history (TicketEvent).
const (
	TicketEventWithdrawn = "withdrawn"
	TicketEventReopened  = "reopened"
)

// Delivery channels and states.
const (
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
	ChannelReply   = "reply" // the hotline's message to the employee, by e-mail to the ticket's address

	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Session is one help session.
type Session struct {
	ID        int64
	Visitor   string // the random cookie id of the browser; "" for API clients
	UserID    *int64
	Source    string
	Query     string // the problem as first described
	LastQuery string // the latest search
	Holdout   bool   // drawn once at the start: shown no suggestions
	// SupportTeam marks a session an analyst or a hotline agent opened: not
	// an employee's problem, so the dashboard leaves it out.
	SupportTeam bool
	Searches    int
	Views       int
	Outcome     *string
	OutcomeAt   *time.Time
	QuestionID  *int64 // the question that solved it, or the one asked
	AnswerID    *int64 // the answer credited with solving it
	TicketID    *int64
	// MergedIntoID is the person's earlier session solved by the same
	// question within a day: the same problem, counted once.
	MergedIntoID *int64
	CreatedAt    time.Time
	LastEventAt  time.Time
}

// TableName names the table of Session.
func (Session) TableName() string { return "help_sessions" }

// Problem is the problem as the searcher last put it: the latest search,
// else the first description. The ask and hotline forms start from it.
func (s *Session) Problem() string {
	if s.LastQuery != "" {
		return s.LastQuery
	}
	return s.Query
}

// resumeWindow is how long after its last event an abandoned session can
// be resumed; older ones stay as the dashboard reported them.
const resumeWindow = 24 * time.Hour

// OpenAt reports whether the session takes events and an outcome at now: it
// has none yet, or it was abandoned within resumeWindow of its last event
// (abandoned only says it was idle past the timeout: a searcher who comes
// back resumes it).
func (s *Session) OpenAt(now time.Time) bool {
	return s.Outcome == nil || (*s.Outcome == OutcomeAbandoned && now.Sub(s.LastEventAt) < resumeWindow)
}

// Takes reports whether the session, at now, takes the outcome: when open,
// and when the searcher comes back with a later one: solved, then asked or
// ticket (it did not solve the problem after all); asked, then ticket.
func (s *Session) Takes(outcome string, now time.Time) bool {
	return s.OpenAt(now) || slices.Contains(replaceable[outcome], s.OutcomeName())
}

// replaceable lists, for each outcome, the outcomes it replaces besides
// abandoned.
var replaceable = map[string][]string{
	OutcomeAsked:  {OutcomeSolved},
	OutcomeTicket: {OutcomeSolved, OutcomeAsked},
}

// OutcomeName returns the outcome, or "" while it has none.
func (s *Session) OutcomeName() string {
	if s.Outcome == nil {
		return ""
	}
	return *s.Outcome
}

// SessionTag links a session to a tag of a question it touched.
type SessionTag struct {
	SessionID int64  `gorm:"primaryKey;autoIncrement:false"`
	Tag       string `gorm:"primaryKey"`
}

// TableName names the table of SessionTag.
func (SessionTag) TableName() string { return "help_session_tags" }

// Event is a search or a view in a session.
type Event struct {
	ID         int64
	SessionID  int64
	Type       string
	Query      string
	Norm       string // its words lower-cased with single spaces, grouping content gaps; "" for none (normalize, normalizeProblem)
	QuestionID *int64
	Results    *int // suggestions found; nil when search was unavailable
	// Shown is, for a search, the ids of the questions it showed, separated
	// by spaces (shownText): a view, and "solved", takes only those. nil
	// for a search recorded before they were kept (migration 00057).
	Shown     *string
	CreatedAt time.Time
}

// TableName names the table of Event.
func (Event) TableName() string { return "help_events" }

// Ticket is a request handed to the hotline.
type Ticket struct {
	ID                  int64
	SessionID           *int64
	UserID              *int64
	Visitor             string
	Subject             string
	Body                string
	SearchFold          string `json:"-"` // Subject and Body folded (ticketFold), what the ticket list searches
	Email               string
	ConsentPublish      bool
	Trail               string // JSON of Trail, as it was when the ticket was made
	Status              string
	Resolution          string
	ResolvedBy          *int64
	ResolvedAt          *time.Time
	PublishedQuestionID *int64
	AssignedTo          *int64     // the hotline agent who holds the open ticket
	AssignedAt          *time.Time // since when they hold it
	Language            string     // the language of the page it was filed on; "" (filed before it was recorded): the site's default
	WithdrawnAt         *time.Time // when the employee withdrew it, while it is withdrawn
	WithdrawalReason    string     // the employee's word on why, while it is withdrawn; may be ""
	Priority            string     `gorm:"default:normal"` // low, normal, high or urgent (Priorities): the hotline's; "" where redacted
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// MailLang is the language of the mails to the employee who filed t: the
// language setting of their account (u, nil when they were not logged in),
// else the language of the page they filed it on, else the site's default.
func (t *Ticket) MailLang(u *store.User) string {
	if u != nil && u.Language != "" {
		return u.Language
	}
	if t.Language != "" {
		return t.Language
	}
	return i18n.Languages[0]
}

// pageLang is the language a ticket records: one the site speaks, else ""
// (the site's default).
func pageLang(lang string) string {
	for _, l := range i18n.Languages {
		if l == lang {
			return lang
		}
	}
	return ""
}

// TableName names the table of Ticket.
func (Ticket) TableName() string { return "tickets" }

// Closed reports whether the ticket is out of the hotline's queue: resolved,
// or withdrawn by its employee. A closed ticket takes no messages and no
// resolution; its employee may reopen it within ReopenWindow.
func (t *Ticket) Closed() bool { return t.Status == TicketResolved || t.Status == TicketWithdrawn }

// ClosedAt is when the ticket was closed (resolved or withdrawn), or nil
// while it is open or waiting.
func (t *Ticket) ClosedAt() *time.Time {
	switch t.Status {
	case TicketResolved:
		return t.ResolvedAt
	case TicketWithdrawn:
		return t.WithdrawnAt
	}
	return nil
}

// TicketEvent is one entry of a ticket's history: its employee withdrew or
// reopened it, or an agent handed it to a colleague.
type TicketEvent struct {
	ID        int64
	TicketID  int64
	Kind      string // TicketEventWithdrawn, TicketEventReopened or TicketEventHandedOver
	ActorID   int64  // the employee; for a hand-over, the agent who gave it
	AgentID   *int64 // the agent who held it (withdrawn), had resolved it (reopened) or was given it (handed over)
	HeldBy    *int64 // of a hand-over, the agent who held it before (nil: nobody, or recorded before this was kept)
	Note      string // the reason for a withdrawal; for a reopening, the answer the ticket had; for a hand-over, the giver's word
	MessageID *int64 // the employee's message saying why it was reopened
	CreatedAt time.Time
}

// TableName names the table of TicketEvent.
func (TicketEvent) TableName() string { return "ticket_events" }

// BeforeCreate fills SearchFold from the subject and text, which no later
// write changes.
func (t *Ticket) BeforeCreate(*gorm.DB) error {
	t.SearchFold = ticketFold(t.Subject, t.Body)
	return nil
}

// ticketFold is what the ticket list searches: the subject and the text,
// each folded (text.Fold), on lines of their own, so that no match spans
// the two (a search is one line).
func ticketFold(subject, body string) string {
	return text.Fold(subject) + "\n" + text.Fold(body)
}

// TicketMessage is one message of a ticket's conversation: by the hotline
// (Staff) or by the employee who filed the ticket.
type TicketMessage struct {
	ID        int64
	TicketID  int64
	AuthorID  int64
	Staff     bool
	Body      string
	CreatedAt time.Time
}

// TableName names the table of TicketMessage.
func (TicketMessage) TableName() string { return "ticket_messages" }

// Delivery is one ticket on its way to the hotline through one channel.
type Delivery struct {
	ID            int64
	TicketID      int64
	Channel       string
	Target        string
	Payload       string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LeaseUntil    *time.Time
	LastError     string
	LastStatus    int
	DeliveredAt   *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Event is what the delivery tells (EventTicketCreated, EventTicketMessage,
// EventTicketWithdrawn, EventTicketReopened),
// by its payload; "" when the payload is not the reader's to see.
func (d Delivery) Event() string {
	if d.Payload == "" {
		return ""
	}
	return payloadEvent(d.Payload)
}

// TableName names the table of Delivery.
func (Delivery) TableName() string { return "deliveries" }
