package qa

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// IsNewMember reports whether u meets the throttles on new members
// (Service.NewMembers): a member, by the account's own role whatever a
// token's scope, with less reputation than the threshold.
func (s *Service) IsNewMember(u *store.User) bool {
	return u != nil && s.NewMembers.Below > 0 && u.OwnRole() == store.RoleUser && u.Reputation < s.NewMembers.Below
}

// throttleNew refuses a new member's question, answer or comment (kind, a
// post type or 0 for a comment) written too soon (errs.RateLimited, with
// RetryAfter): more than NewMembers.Questions questions within the window,
// or an answer or comment within the gap after the last. It counts what
// the author wrote, deleted or not (not questions the hotline published
// from their tickets), as the database holds it (so the
// limits hold across restarts and processes), and runs in the write's
// transaction, after the author's writer lock (lockWriter), so that two
// writes at once cannot both pass.
func (s *Service) throttleNew(tx *gorm.DB, actor *store.User, kind int, now time.Time) error {
	if !s.IsNewMember(actor) {
		return nil
	}
	if err := lockWriter(tx, actor.ID); err != nil {
		return err
	}
	n := s.NewMembers
	switch kind {
	case store.PostQuestion:
		if n.Questions <= 0 {
			return nil
		}
		// The author's newest questions, by the index posts_owner
		// (owner_id, type, id DESC): ids follow the time of writing. A
		// question the hotline published from one of their tickets is not
		// one they wrote here, and is left out (index tickets_published).
		var times []time.Time
		if err := tx.Model(&store.Post{}).Where("owner_id = ? AND type = ?", actor.ID, store.PostQuestion).
			Where("NOT EXISTS (SELECT 1 FROM tickets WHERE tickets.published_question_id = posts.id)").
			Order("id DESC").Limit(n.Questions).Pluck("created_at", &times).Error; err != nil {
			return err
		}
		if len(times) < n.Questions {
			return nil
		}
		oldest := times[len(times)-1]
		if wait := oldest.Add(n.QuestionWindow).Sub(now); wait > 0 {
			return tooSoon(errs.E(errs.RateLimited, "throttle.questions",
				"New members ask at most {{.Max}} questions in {{.Window}}; you may ask your next one in {{.Wait}}. Once others vote your posts up ({{.Need}} reputation), this limit no longer applies.",
				"Max", n.Questions, "Window", errs.InSpan(n.QuestionWindow), "Wait", errs.InSpan(wait), "Need", n.Below), wait)
		}
	case store.PostAnswer:
		if n.AnswerGap <= 0 {
			return nil
		}
		var times []time.Time
		if err := tx.Model(&store.Post{}).Where("owner_id = ? AND type = ?", actor.ID, store.PostAnswer).
			Order("id DESC").Limit(1).Pluck("created_at", &times).Error; err != nil {
			return err
		}
		if len(times) == 0 {
			return nil
		}
		if wait := times[0].Add(n.AnswerGap).Sub(now); wait > 0 {
			return tooSoon(errs.E(errs.RateLimited, "throttle.answers",
				"New members leave {{.Gap}} between their answers; you may answer again in {{.Wait}}. Once others vote your posts up ({{.Need}} reputation), this limit no longer applies.",
				"Gap", errs.Span(n.AnswerGap), "Wait", errs.InSpan(wait), "Need", n.Below), wait)
		}
	default:
		if n.CommentGap <= 0 {
			return nil
		}
		var times []time.Time
		// The author's newest comment, by the index comments_owner (owner_id, id).
		if err := tx.Model(&store.Comment{}).Where("owner_id = ?", actor.ID).
			Order("id DESC").Limit(1).Pluck("created_at", &times).Error; err != nil {
			return err
		}
		if len(times) == 0 {
			return nil
		}
		if wait := times[0].Add(n.CommentGap).Sub(now); wait > 0 {
			return tooSoon(errs.E(errs.RateLimited, "throttle.comments",
				"New members leave {{.Gap}} between their comments; you may comment again in {{.Wait}}. Once others vote your posts up ({{.Need}} reputation), this limit no longer applies.",
				"Gap", errs.Span(n.CommentGap), "Wait", errs.InSpan(wait), "Need", n.Below), wait)
		}
	}
	return nil
}

// tooSoon is e with when to try again.
func tooSoon(e *errs.Error, wait time.Duration) *errs.Error {
	e.RetryAfter = wait
	return e
}
