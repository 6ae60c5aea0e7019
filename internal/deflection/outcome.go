package deflection

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// OutcomeInput ends a session: solved (question_id, optionally the answer
// that helped), asked (the question posted) or ticket (the ticket).
type OutcomeInput struct {
	Outcome    string
	QuestionID int64
	AnswerID   int64
	Ticket     *TicketInput
}

// OutcomeResult is the ended session and, for a ticket, the ticket.
type OutcomeResult struct {
	Session *Session
	Ticket  *Ticket
}

// SetOutcome gives an open session its one outcome; a second is a conflict.
// Solving with an answer rewards its author (logged-in searchers only, once
// per searcher and answer, within the daily cap). Everything, the ticket and
// its deliveries included, is written in one transaction.
func (s *Service) SetOutcome(ctx context.Context, who Who, id int64, in OutcomeInput) (*OutcomeResult, error) {
	var f errs.Fields
	switch in.Outcome {
	case OutcomeSolved, OutcomeAsked:
		if in.QuestionID <= 0 {
			f.Add("question_id", "help.question_required_outcome", "Name the question.")
		}
	case OutcomeTicket:
		if in.Ticket == nil {
			f.Add("ticket", "help.ticket_required", "Describe the ticket.")
		} else {
			in.Ticket.validate(&f, "ticket.", who)
		}
	default:
		f.Add("outcome", "help.outcome_value", "The outcome is solved, asked or ticket.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	sess, err := loadSession(s.Store.DB.WithContext(ctx), who, id)
	if err != nil {
		return nil, wrap(err, "outcome")
	}
	if !sess.Takes(in.Outcome, s.now()) {
		return s.repeated(ctx, sess, in)
	}
	out := &OutcomeResult{}
	if in.Outcome == OutcomeTicket && counted(who) {
		// A ticket filed without logging in counts towards its address's
		// day: the address files one at a time, checked and counted in its
		// turn, so tickets sent at once cannot all pass.
		a := s.anon()
		unlock := a.lock(who.Client)
		defer unlock()
		// In the turn, the same request sent twice at once finds the
		// ticket the first one filed, and gets it back.
		if sess, err = loadSession(s.Store.DB.WithContext(ctx), who, id); err != nil {
			return nil, wrap(err, "outcome")
		}
		if !sess.Takes(in.Outcome, s.now()) {
			return s.repeated(ctx, sess, in)
		}
		if err := a.check(who.Client, s.now()); err != nil {
			return nil, err
		}
		defer func() {
			if out.Session != nil && out.Ticket != nil {
				a.filed(who.Client, s.now())
			}
		}()
	}
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		switch in.Outcome {
		case OutcomeTicket:
			t, err := s.createTicket(tx, who, sess, *in.Ticket)
			if err != nil {
				return err
			}
			out.Ticket = t
			return s.finish(tx, who, sess, OutcomeTicket, nil, nil, &t.ID)
		case OutcomeAsked:
			q, err := questionField(tx, in.QuestionID)
			if err != nil {
				return err
			}
			if who.User == nil || q.OwnerID == nil || *q.OwnerID != who.User.ID {
				var f errs.Fields
				f.Add("question_id", "help.not_your_question", "Name the question you asked.")
				return f.Err()
			}
			if err := askedOnce(tx, sess, q); err != nil {
				return err
			}
			return s.finish(tx, who, sess, OutcomeAsked, q, nil, nil)
		}
		prior, err := solvedBefore(tx, who, in.QuestionID, s.now().Add(-solvedAgainAfter))
		if err != nil {
			return err
		}
		if err := s.solve(tx, who, sess, in.QuestionID, in.AnswerID); err != nil || prior == nil || prior.ID == sess.ID {
			return err
		}
		// Solved by the same question as another session of the person's
		// within a day: one problem, which the dashboard counts once. The
		// session stays (the holdout comparison counts every session).
		if err := tx.Model(&Session{}).Where("id = ?", sess.ID).Update("merged_into_id", prior.ID).Error; err != nil {
			return err
		}
		sess.MergedIntoID = &prior.ID
		return nil
	})
	if errs.Is(err, errs.Conflict) {
		// Ended meanwhile: by this very request sent twice at once?
		if again, lerr := loadSession(s.Store.DB.WithContext(ctx), who, id); lerr == nil && !again.Takes(in.Outcome, s.now()) {
			return s.repeated(ctx, again, in)
		}
	}
	if err != nil {
		return nil, wrap(err, "outcome")
	}
	out.Session = sess
	return out, nil
}

// solve ends a session as solved by a question (and one of its answers).
func (s *Service) solve(tx *gorm.DB, who Who, sess *Session, questionID, answerID int64) error {
	q, err := questionField(tx, questionID)
	if err != nil {
		return err
	}
	// Only a question the session showed and opened solves it (a
	// suggestion followed, "view" in the API): naming any other would count
	// a problem as solved, and pay its answer, by something the searcher
	// was never shown. A view takes only a question shown (AddEvent); the
	// check stands here too for the views recorded before that.
	if shown, err := wasShown(tx, sess.ID, q.ID); err != nil {
		return err
	} else if !shown {
		return errNotShown()
	}
	var viewed int64
	if err := tx.Model(&Event{}).Where("session_id = ? AND type = ? AND question_id = ?", sess.ID, EventView, q.ID).
		Limit(1).Count(&viewed).Error; err != nil {
		return err
	}
	if viewed == 0 {
		var f errs.Fields
		f.Add("question_id", "help.not_viewed", "Open the question from this help session first: a session is solved by a question it showed.")
		return f.Err()
	}
	a, err := creditedAnswer(tx, q, answerID)
	if err != nil {
		return err
	}
	if a == nil {
		var f errs.Fields
		f.Add("question_id", "help.no_answer_yet", "This question has no answer yet.")
		return f.Err()
	}
	if err := s.finish(tx, who, sess, OutcomeSolved, q, a, nil); err != nil {
		return err
	}
	if who.User != nil {
		return reputation.RewardSolved(tx, s.Rep, a, who.User.ID, s.now())
	}
	return nil
}

// finish sets the outcome if the session still takes it (Session.Takes), in tx.
func (s *Service) finish(tx *gorm.DB, who Who, sess *Session, outcome string, q, a *store.Post, ticketID *int64) error {
	now := s.now()
	upd := map[string]any{"outcome": outcome, "outcome_at": now, "last_event_at": now}
	if outcome != OutcomeSolved {
		upd["answer_id"] = nil // a later outcome: the answer did not solve it
		sess.AnswerID = nil
		// Nor is it the problem of a session solved the same way: it counts
		// on its own again, as do the sessions that counted with it.
		upd["merged_into_id"] = nil
		sess.MergedIntoID = nil
		if sess.OutcomeName() == OutcomeSolved { // only a solved session has others merged into it
			if err := tx.Model(&Session{}).Where("merged_into_id = ?", sess.ID).Update("merged_into_id", nil).Error; err != nil {
				return err
			}
		}
	}
	if q != nil {
		upd["question_id"] = q.ID
		sess.QuestionID = &q.ID
		if err := tagSession(tx, sess.ID, q.Tags); err != nil {
			return err
		}
	}
	if a != nil {
		upd["answer_id"] = a.ID
		sess.AnswerID = &a.ID
	}
	if ticketID != nil {
		upd["ticket_id"] = *ticketID
		sess.TicketID = ticketID
	}
	if sess.UserID == nil && who.User != nil {
		upd["user_id"] = who.User.ID
		sess.UserID = who.userID()
	}
	cond, args := stillOpen(now)
	if later := replaceable[outcome]; len(later) > 0 {
		cond = "(" + cond + " OR outcome IN ?)"
		args = append(args, later)
	}
	res := tx.Model(&Session{}).Where("id = ? AND "+cond, append([]any{sess.ID}, args...)...).Updates(upd)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errSessionEnded()
	}
	sess.Outcome, sess.OutcomeAt, sess.LastEventAt = &outcome, &now, now
	return nil
}

// questionField reads a live question named in the input, or fails on question_id.
func questionField(tx *gorm.DB, id int64) (*store.Post, error) {
	q, err := liveQuestion(tx, id)
	if err != nil {
		return nil, err
	}
	if q == nil {
		var f errs.Fields
		f.Add("question_id", "help.no_question", "No such question.")
		return nil, f.Err()
	}
	return q, nil
}

// repeated answers an outcome for a session that no longer takes it: the
// session (and its ticket) when the request is the one that ended it, sent
// again (a retry), else a conflict.
func (s *Service) repeated(ctx context.Context, sess *Session, in OutcomeInput) (*OutcomeResult, error) {
	if !sess.repeats(in) {
		return nil, errEnded(sess)
	}
	out := &OutcomeResult{Session: sess}
	if in.Outcome != OutcomeTicket {
		return out, nil
	}
	var t Ticket
	if err := s.Store.DB.WithContext(ctx).Where("id = ?", *sess.TicketID).Take(&t).Error; err != nil {
		return nil, wrap(err, "outcome")
	}
	if t.Subject != strings.TrimSpace(in.Ticket.Subject) || t.Body != strings.TrimSpace(in.Ticket.Body) {
		return nil, errEnded(sess) // another ticket: one a session
	}
	out.Ticket = &t
	return out, nil
}

// repeats reports whether in is the outcome the session already has, with
// the same question (and answer, when one is named), or a ticket: a request
// sent again, when the ticket is the same (see repeated).
func (s *Session) repeats(in OutcomeInput) bool {
	switch {
	case s.Outcome == nil || *s.Outcome != in.Outcome:
		return false
	case in.Outcome == OutcomeTicket:
		return s.TicketID != nil && in.Ticket != nil
	case s.QuestionID == nil || *s.QuestionID != in.QuestionID:
		return false
	}
	return in.AnswerID == 0 || s.AnswerID != nil && *s.AnswerID == in.AnswerID
}

// askedOnce refuses a question as the one asked in a session when it was
// asked before the session began, or ended another session as asked: one
// question resolved by the community counts once. On PostgreSQL the
// question's row is locked first, so that two sessions naming it at once
// are taken one after the other.
func askedOnce(tx *gorm.DB, sess *Session, q *store.Post) error {
	if tx.Dialector.Name() == "postgres" {
		if err := tx.Exec("SELECT id FROM posts WHERE id = ? FOR UPDATE", q.ID).Error; err != nil {
			return err
		}
	}
	var f errs.Fields
	if q.CreatedAt.Before(sess.CreatedAt) {
		f.Add("question_id", "help.question_before_session", "Name the question you asked for this problem: this one was asked before it.")
		return f.Err()
	}
	var other int64
	if err := tx.Model(&Session{}).Where("question_id = ? AND outcome = ? AND id <> ?", q.ID, OutcomeAsked, sess.ID).
		Count(&other).Error; err != nil {
		return err
	}
	if other > 0 {
		f.Add("question_id", "help.question_taken", "This question already ended another help request.")
		return f.Err()
	}
	return nil
}

// creditedAnswer picks the answer that solved the problem: the one named,
// else the accepted answer, else the best-scored one; nil if there is none.
func creditedAnswer(tx *gorm.DB, q *store.Post, answerID int64) (*store.Post, error) {
	var as []store.Post
	if err := tx.Select("id", "owner_id", "parent_id", "score").
		Where("parent_id = ? AND "+store.TypeIs("type", store.PostAnswer)+" AND deleted_at IS NULL", q.ID).
		Order("score DESC, id").Find(&as).Error; err != nil {
		return nil, err
	}
	want := answerID
	if want == 0 && q.AcceptedAnswerID != nil {
		want = *q.AcceptedAnswerID
	}
	for i := range as {
		if as[i].ID == want {
			return &as[i], nil
		}
	}
	if answerID != 0 {
		var f errs.Fields
		f.Add("answer_id", "help.no_answer", "No such answer to this question.")
		return nil, f.Err()
	}
	if len(as) > 0 {
		return &as[0], nil
	}
	return nil, nil
}

// AskFromSession posts a question and ends the session as asked, in one
// transaction. The question that ended the session, sent again (a double
// click, a reload), gives back that question; any other question is a
// conflict naming how the session ended (errEnded): a session is one
// problem, and another problem is another search.
func (s *Service) AskFromSession(ctx context.Context, who Who, id int64, in qa.QuestionInput) (*store.Post, error) {
	sess, err := loadSession(s.Store.DB.WithContext(ctx), who, id)
	if err != nil {
		return nil, wrap(err, "ask")
	}
	if !sess.Takes(OutcomeAsked, s.now()) {
		return s.askedAgain(ctx, sess, in)
	}
	q, err := s.QA.AskThen(ctx, who.User, in, func(tx *gorm.DB, q *store.Post) error {
		return s.finish(tx, who, sess, OutcomeAsked, q, nil, nil)
	})
	if errs.Is(err, errs.Conflict) {
		// Ended meanwhile: by this very question sent twice at once?
		if again, lerr := loadSession(s.Store.DB.WithContext(ctx), who, id); lerr == nil && !again.Takes(OutcomeAsked, s.now()) {
			return s.askedAgain(ctx, again, in)
		}
	}
	return q, err
}

// askedAgain answers a question sent from a session that no longer takes
// one: the question that ended it when in is that question (qa.SameQuestion),
// else a conflict saying how the session ended.
func (s *Service) askedAgain(ctx context.Context, sess *Session, in qa.QuestionInput) (*store.Post, error) {
	if sess.OutcomeName() != OutcomeAsked || sess.QuestionID == nil {
		return nil, errEnded(sess)
	}
	var qs []store.Post
	if err := s.Store.DB.WithContext(ctx).Where("id = ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL",
		*sess.QuestionID).Limit(1).Find(&qs).Error; err != nil {
		return nil, wrap(err, "ask")
	}
	if len(qs) == 0 || !qa.SameQuestion(&qs[0], in) {
		return nil, errEnded(sess)
	}
	return &qs[0], nil
}

// errEnded is the conflict of an outcome a session no longer takes, naming
// the ticket or question it ended with, so that a second problem sent from
// the same form is neither lost nor taken for the first one sent again.
func errEnded(sess *Session) error {
	switch {
	case sess.OutcomeName() == OutcomeTicket && sess.TicketID != nil:
		return errs.E(errs.Conflict, "help.ended_ticket",
			"This search already ended with ticket #{{.ID}}. For another problem, start a new search.", "ID", *sess.TicketID)
	case sess.OutcomeName() == OutcomeAsked && sess.QuestionID != nil:
		return errs.E(errs.Conflict, "help.ended_asked",
			"This search already ended with question {{.ID}}. For another problem, start a new search.", "ID", *sess.QuestionID)
	}
	return errSessionEnded()
}

// solvedAgainAfter is how long a person's "this solved my problem" for one
// question stands: saying it again within it counts no new session.
const solvedAgainAfter = 24 * time.Hour

// solvedBefore returns the person's session solved by the question since
// the time given, or nil. On PostgreSQL it first takes a transaction lock
// for the person and question, so that two requests at once (a double
// click) record one session; SQLite runs one writer at a time.
func solvedBefore(tx *gorm.DB, who Who, questionID int64, since time.Time) (*Session, error) {
	q := tx.Where("outcome = ? AND question_id = ? AND outcome_at >= ? AND merged_into_id IS NULL", OutcomeSolved, questionID, since)
	var person string
	switch {
	case who.User != nil:
		q = q.Where("user_id = ?", who.User.ID)
		person = fmt.Sprintf("user %d", who.User.ID)
	case who.Visitor != "":
		q = q.Where("user_id IS NULL AND visitor = ?", who.Visitor)
		person = "visitor " + who.Visitor
	default:
		return nil, nil
	}
	if tx.Dialector.Name() == "postgres" {
		h := fnv.New64a()
		fmt.Fprintf(h, "solved %s %d", person, questionID)
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", int64(h.Sum64())).Error; err != nil {
			return nil, err
		}
	}
	var prior []Session
	if err := q.Order("id DESC").Limit(1).Find(&prior).Error; err != nil || len(prior) == 0 {
		return nil, err
	}
	return &prior[0], nil
}

// SolvedFromSearch records a session for a visitor who found a question
// through the site search and says it solved the problem: the search, the
// view and the outcome, in one transaction. shown is the page of results
// the search showed (the caller searches again to know it): a question not
// on it is refused, as in a help session. Saying so again for the same
// question within a day returns the session already recorded.
func (s *Service) SolvedFromSearch(ctx context.Context, who Who, query string, shown []int64, questionID, answerID int64) (*Session, error) {
	query = strings.TrimSpace(query)
	var f errs.Fields
	checkQuery(&f, "q", query)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var sess *Session
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		prior, err := solvedBefore(tx, who, questionID, now.Add(-solvedAgainAfter))
		if err != nil || prior != nil {
			sess = prior
			return err
		}
		sess = &Session{Visitor: who.Visitor, UserID: who.userID(), SupportTeam: who.SupportTeam(), Source: SourceSearch, Query: query, LastQuery: query,
			Searches: 1, Views: 1, CreatedAt: now, LastEventAt: now}
		if err := tx.Create(sess).Error; err != nil {
			return err
		}
		if err := tx.Create(&Event{SessionID: sess.ID, Type: EventSearch, Query: query, Norm: normalize(query),
			Shown: shownText(shown), CreatedAt: now}).Error; err != nil {
			return err
		}
		if err := tx.Create(&Event{SessionID: sess.ID, Type: EventView, QuestionID: &questionID, CreatedAt: now}).Error; err != nil {
			return err
		}
		return s.solve(tx, who, sess, questionID, answerID)
	})
	if err != nil {
		return nil, wrap(err, "solved from search")
	}
	return sess, nil
}
