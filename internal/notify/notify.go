// Package notify is the inbox of every user: notifications of answers,
// comments, mentions, accepted answers, badges, questions routed to experts,
// new questions in followed tags and what became of one's flags; follows of
// tags and questions; and notification e-mail. Write paths call its
// functions inside their own transactions, so a notification exists exactly
// when its cause committed. The notifications table is also the e-mail
// queue: emailed_at marks what the mailer sent. It imports only store, errs
// and config.
package notify

import (
	"slices"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
)

// Notification types.
const (
	TypeAnswer   = "answer"   // an answer on a question the user asked or follows
	TypeComment  = "comment"  // a comment on the user's post
	TypeMention  = "mention"  // the user was @mentioned
	TypeAccepted = "accepted" // the user's answer was accepted
	TypeBadge    = "badge"    // the user earned a badge
	TypeRouted   = "routed"   // a question was routed to the user as an expert
	TypeTag      = "tag"      // a new question in a tag the user follows
	TypeClosed   = "closed"   // someone closed the user's question
	TypeReopened = "reopened" // someone reopened the user's question
	TypeDeleted  = "deleted"  // a moderator deleted the user's post
	TypeRestored = "restored" // someone restored the user's post that a moderator had deleted
	TypeTicket   = "ticket"   // the hotline answered the user's ticket

	TypeTicketMessage = "ticket_message" // the hotline wrote on the user's ticket (asking for more, say)
	TypeTicketReply   = "ticket_reply"   // the employee wrote on a ticket the user (an agent) holds

	TypeTicketWithdrawn  = "ticket_withdrawn"   // the employee withdrew a ticket the user (an agent) held
	TypeTicketReopened   = "ticket_reopened"    // the employee reopened a ticket the user (an agent) resolved or held
	TypeTicketHandedOver = "ticket_handed_over" // a colleague handed a ticket to the user (an agent)
	TypeTicketHandedAway = "ticket_handed_away" // an administrator handed a ticket the user (an agent) held to a colleague or took it

	TypeEditSuggested = "edit_suggested" // someone suggested an edit of the user's post
	TypeEditApproved  = "edit_approved"  // a reviewer approved the user's suggested edit
	TypeEditRejected  = "edit_rejected"  // a reviewer rejected the user's suggested edit (Reason says why)
	TypeEditClosed    = "edit_closed"    // the user's suggested edit was closed: the post was edited meanwhile

	TypeFlagHelpful  = "flag_helpful"  // a moderator found the user's flag helpful (Reason "deleted": by deleting what it flagged)
	TypeFlagDeclined = "flag_declined" // a moderator declined the user's flag
)

// Types lists every notification type.
var Types = []string{TypeAnswer, TypeComment, TypeMention, TypeAccepted, TypeBadge, TypeRouted, TypeTag, TypeClosed, TypeReopened, TypeDeleted, TypeRestored, TypeTicket,
	TypeTicketMessage, TypeTicketReply, TypeTicketWithdrawn, TypeTicketReopened, TypeTicketHandedOver, TypeTicketHandedAway,
	TypeEditSuggested, TypeEditApproved, TypeEditRejected, TypeEditClosed, TypeFlagHelpful, TypeFlagDeclined}

// Notification is one entry of a user's inbox.
type Notification struct {
	ID         int64
	UserID     int64
	Type       string
	ActorID    *int64 // who caused it; nobody is notified of their own action
	QuestionID *int64
	PostID     *int64 // the answer or question it is about
	CommentID  *int64
	Badge      string
	Tag        string
	Reason     string // why a question was closed, for TypeClosed; why an edit was rejected, for TypeEditRejected; "deleted" for TypeFlagHelpful by a deletion
	TicketID   *int64 // the ticket it is about, for TypeTicket, TypeTicketMessage, TypeTicketReply, TypeTicketWithdrawn, TypeTicketReopened, TypeTicketHandedOver and TypeTicketHandedAway
	Note       string // the moderator's word to the flagger, for TypeFlagDeclined (plain text; may be empty)
	// SuggestedEditID is the suggestion a TypeEditApproved, TypeEditRejected
	// or TypeEditClosed notification is about (nil for those written before
	// it was kept).
	SuggestedEditID *int64
	CreatedAt       time.Time
	ReadAt          *time.Time
	EmailedAt       *time.Time
	EmailAttempts   int
}

// Service reads and changes inboxes, follows and e-mail settings.
type Service struct {
	Store  *store.Store
	Now    func() time.Time
	Config config.Notify
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Write inserts notifications inside the caller's transaction. It drops
// those addressed to their own actor and all but the first for each user,
// so one event notifies a person once: list the most specific kind first.
func Write(tx *gorm.DB, ns ...Notification) error {
	seen := map[int64]bool{}
	out := make([]Notification, 0, len(ns))
	for _, n := range ns {
		if n.UserID <= 0 || seen[n.UserID] || (n.ActorID != nil && *n.ActorID == n.UserID) {
			continue
		}
		seen[n.UserID] = true
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, n)
	}
	return insert(tx, out)
}

// insertBatch is how many notifications one insert writes.
const insertBatch = 200

// insert is the one place notifications are inserted, inside the caller's
// transaction. It leaves out those addressed to deactivated accounts: their
// inbox is read by nobody (and never mailed). Each batch costs one look-up of
// its recipients on the partial index of deactivated users (users_deactivated),
// however many recipients it has.
func insert(tx *gorm.DB, ns []Notification) error {
	for len(ns) > 0 {
		batch := ns[:min(len(ns), insertBatch)]
		ns = ns[len(batch):]
		ids := make([]int64, len(batch))
		for i, n := range batch {
			ids[i] = n.UserID
		}
		var gone []int64
		if err := tx.Model(&store.User{}).Where("id IN ? AND deactivated_at IS NOT NULL", ids).Pluck("id", &gone).Error; err != nil {
			return err
		}
		if len(gone) > 0 {
			keep := make([]Notification, 0, len(batch))
			for _, n := range batch {
				if !slices.Contains(gone, n.UserID) {
					keep = append(keep, n)
				}
			}
			batch = keep
		}
		if len(batch) == 0 {
			continue
		}
		if err := tx.Create(&batch).Error; err != nil {
			return err
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
