package notify

import (
	"time"

	"gorm.io/gorm"
)

// TicketSettled runs in the transaction that resolved or withdrew a ticket:
// the unread notifications that ask the hotline to work it (ticket_reply:
// the employee wrote on a ticket the agent holds; ticket_reopened: the
// employee reopened one the agent had closed; ticket_handed_over: a
// colleague gave the agent the ticket) are marked read, so that
// no agent's inbox or header keeps counting work that is done. The
// employee's own notifications about the ticket are left as they are.
func TicketSettled(tx *gorm.DB, ticketID int64, now time.Time) error {
	// Not mailed either when not yet mailed (a daily digest's): nothing
	// waits on the agent any more.
	return tx.Model(&Notification{}).
		Where("ticket_id = ? AND type IN ? AND read_at IS NULL", ticketID, []string{TypeTicketReply, TypeTicketReopened, TypeTicketHandedOver}).
		Updates(map[string]any{"read_at": now.UTC(), "emailed_at": gorm.Expr("COALESCE(emailed_at, ?)", now.UTC())}).Error
}

// TicketHandedAway runs in the transaction that handed a ticket from the
// agent who held it (userID) to a colleague: what asked the agent to work
// it (TicketSettled's types) is read, as the ticket is no longer theirs.
func TicketHandedAway(tx *gorm.DB, ticketID, userID int64, now time.Time) error {
	return tx.Model(&Notification{}).
		Where("ticket_id = ? AND user_id = ? AND type IN ? AND read_at IS NULL", ticketID, userID, []string{TypeTicketReply, TypeTicketReopened, TypeTicketHandedOver}).
		Updates(map[string]any{"read_at": now.UTC(), "emailed_at": gorm.Expr("COALESCE(emailed_at, ?)", now.UTC())}).Error
}
