package deflection

import (
	"context"
	"database/sql"
)

// Ending is what came of a finished help session, for the person whose
// session it is: the question they asked or the one that solved their
// problem, while it is there to read, and the ticket they filed.
type Ending struct {
	Outcome  string  // solved, asked, ticket or abandoned
	Question *Viewed // the question asked (asked) or that solved it (solved); nil when none is recorded or it is gone
	TicketID int64   // the ticket filed (ticket); 0 for none
	// TicketMine says the reader filed the ticket logged in: its page is
	// theirs to open (one filed without logging in has none for them).
	TicketMine bool
}

// Ending says what came of sess, a session who owns (another's is not
// found); nil while it has no outcome.
func (s *Service) Ending(ctx context.Context, who Who, sess *Session) (*Ending, error) {
	if !owns(who, sess) {
		return nil, errSessionNotFound()
	}
	if sess.Outcome == nil {
		return nil, nil
	}
	db := s.Store.DB.WithContext(ctx)
	e := &Ending{Outcome: *sess.Outcome}
	if sess.QuestionID != nil && (e.Outcome == OutcomeAsked || e.Outcome == OutcomeSolved) {
		q, err := liveQuestion(db, *sess.QuestionID)
		if err != nil {
			return nil, wrap(err, "ending")
		}
		if q != nil {
			e.Question = &Viewed{ID: q.ID, Title: q.Title}
		}
	}
	if sess.TicketID != nil && e.Outcome == OutcomeTicket {
		e.TicketID = *sess.TicketID
		var filers []sql.NullInt64 // none when the ticket was filed without logging in
		if err := db.Model(&Ticket{}).Where("id = ?", e.TicketID).Pluck("user_id", &filers).Error; err != nil {
			return nil, wrap(err, "ending")
		}
		e.TicketMine = who.User != nil && len(filers) == 1 && filers[0].Valid && filers[0].Int64 == who.User.ID
	}
	return e, nil
}
