package notify

import (
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store"
)

// alreadyTold returns the users who already hold a notification about a question.
func alreadyTold(tx *gorm.DB, questionID int64) (map[int64]bool, error) {
	var ids []int64
	if err := tx.Model(&Notification{}).Where("question_id = ?", questionID).Distinct("user_id").Pluck("user_id", &ids).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// Asked runs in a new question's transaction, after any routing: the asker
// follows the question, people it @mentions are told, and followers of its
// tags are told, each once, skipping whoever was already told about it.
func Asked(tx *gorm.DB, q *store.Post, now time.Time) error {
	if q.OwnerID == nil {
		return nil
	}
	if err := followQuestion(tx, *q.OwnerID, q.ID, now); err != nil {
		return err
	}
	told, err := alreadyTold(tx, q.ID)
	if err != nil {
		return err
	}
	base := Notification{ActorID: q.OwnerID, QuestionID: &q.ID, PostID: &q.ID, CreatedAt: now}
	var ns []Notification
	ids, err := mentioned(tx, Mentions(q.BodyHTML))
	if err != nil {
		return err
	}
	for _, id := range ids {
		n := base
		n.UserID, n.Type = id, TypeMention
		ns = append(ns, n)
	}
	var followers []struct {
		UserID int64
		Name   string
	}
	if err := tx.Raw(`SELECT tf.user_id, t.name FROM tag_follows tf
		JOIN post_tags pt ON pt.tag_id = tf.tag_id JOIN tags t ON t.id = tf.tag_id
		WHERE pt.post_id = ? ORDER BY tf.user_id, t.name`, q.ID).Scan(&followers).Error; err != nil {
		return err
	}
	for _, f := range followers {
		n := base
		n.UserID, n.Type, n.Tag = f.UserID, TypeTag, f.Name
		ns = append(ns, n)
	}
	return Write(tx, skip(ns, told)...)
}

// skip drops notifications for users in told.
func skip(ns []Notification, told map[int64]bool) []Notification {
	out := ns[:0]
	for _, n := range ns {
		if !told[n.UserID] {
			out = append(out, n)
		}
	}
	return out
}

// Answered runs in a new answer's transaction: the answerer follows the
// question (unless they unfollowed it); its followers, the asker among them
// unless they unfollowed it, are told of the answer, and people the answer
// @mentions of the mention.
func Answered(tx *gorm.DB, questionID int64, a *store.Post, now time.Time) error {
	if a.OwnerID == nil {
		return nil
	}
	if err := followQuestion(tx, *a.OwnerID, questionID, now); err != nil {
		return err
	}
	followers, err := questionFollowers(tx, questionID)
	if err != nil {
		return err
	}
	mentions, err := mentioned(tx, Mentions(a.BodyHTML))
	if err != nil {
		return err
	}
	base := Notification{ActorID: a.OwnerID, QuestionID: &questionID, PostID: &a.ID, CreatedAt: now}
	var ns []Notification
	for _, id := range followers {
		n := base
		n.UserID, n.Type = id, TypeAnswer
		ns = append(ns, n)
	}
	for _, id := range mentions {
		n := base
		n.UserID, n.Type = id, TypeMention
		ns = append(ns, n)
	}
	return Write(tx, ns...)
}

// Commented runs in a new comment's transaction: the post's author is told,
// and people the comment @mentions.
func Commented(tx *gorm.DB, c *store.Comment, now time.Time) error {
	var p store.Post
	if err := tx.Select("id", "type", "parent_id", "owner_id").Where("id = ?", c.PostID).Take(&p).Error; err != nil {
		return err
	}
	qid := p.ID
	if p.ParentID != nil {
		qid = *p.ParentID
	}
	mentions, err := mentioned(tx, Mentions(c.BodyHTML))
	if err != nil {
		return err
	}
	base := Notification{ActorID: c.OwnerID, QuestionID: &qid, PostID: &p.ID, CommentID: &c.ID, CreatedAt: now}
	var ns []Notification
	if p.OwnerID != nil {
		n := base
		n.UserID, n.Type = *p.OwnerID, TypeComment
		ns = append(ns, n)
	}
	for _, id := range mentions {
		n := base
		n.UserID, n.Type = id, TypeMention
		ns = append(ns, n)
	}
	return Write(tx, ns...)
}

// Edited runs in an edit's transaction: people @mentioned in the new body
// and not in the old one are told. Both are read from their stored HTML
// (oldHTML is the old body's, which may have been stored before mention
// links were marked: markdown.PriorMentionNames reads both kinds).
func Edited(tx *gorm.DB, p *store.Post, oldBody, oldHTML string, editorID int64, now time.Time) error {
	if p.BodyMarkdown == oldBody {
		return nil
	}
	before := map[string]bool{}
	for _, n := range markdown.PriorMentionNames(oldHTML, MaxMentions) {
		before[n] = true
	}
	var fresh []string
	for _, n := range Mentions(p.BodyHTML) {
		if !before[n] {
			fresh = append(fresh, n)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	ids, err := mentioned(tx, fresh)
	if err != nil {
		return err
	}
	qid := p.ID
	if p.ParentID != nil {
		qid = *p.ParentID
	}
	ns := make([]Notification, 0, len(ids))
	for _, id := range ids {
		ns = append(ns, Notification{UserID: id, Type: TypeMention, ActorID: &editorID, QuestionID: &qid, PostID: &p.ID, CreatedAt: now})
	}
	return Write(tx, ns...)
}

// Accepted runs in an acceptance's transaction: the answer's author is told,
// once for that answer.
func Accepted(tx *gorm.DB, q, a *store.Post, accepterID int64, now time.Time) error {
	if a.OwnerID == nil {
		return nil
	}
	// Accepted, taken back and accepted again: the answerer heard of it once.
	var told int64
	if err := tx.Model(&Notification{}).Where("question_id = ? AND user_id = ? AND type = ? AND post_id = ?",
		q.ID, *a.OwnerID, TypeAccepted, a.ID).Count(&told).Error; err != nil || told > 0 {
		return err
	}
	return Write(tx, Notification{UserID: *a.OwnerID, Type: TypeAccepted, ActorID: &accepterID,
		QuestionID: &q.ID, PostID: &a.ID, CreatedAt: now})
}

// ClosedOrReopened runs in the transaction that closed (or reopened) a
// question, with q as it now is: its asker is told (and why it was closed),
// unless they did it themselves. An actorID of 0 is members' close votes:
// the notification names no one (Line says the votes closed it).
func ClosedOrReopened(tx *gorm.DB, q *store.Post, actorID int64, closed bool, now time.Time) error {
	if q.OwnerID == nil {
		return nil
	}
	n := Notification{UserID: *q.OwnerID, Type: TypeReopened, QuestionID: &q.ID, PostID: &q.ID, CreatedAt: now}
	if actorID != 0 {
		n.ActorID = &actorID
	}
	if closed {
		n.Type, n.Reason = TypeClosed, q.ClosedReason
	}
	return Write(tx, n)
}

// Deleted runs in the transaction that deleted a post: its author is told
// when someone else (a moderator) did it.
func Deleted(tx *gorm.DB, p *store.Post, actorID int64, now time.Time) error {
	if p.OwnerID == nil || *p.OwnerID == actorID {
		return nil
	}
	qid := p.ID
	if p.ParentID != nil {
		qid = *p.ParentID
	}
	return Write(tx, Notification{UserID: *p.OwnerID, Type: TypeDeleted, ActorID: &actorID, QuestionID: &qid,
		PostID: &p.ID, CreatedAt: now})
}

// Restored runs in the transaction that restored a post, with p as it was
// before: its author, who was told of the deletion (someone else deleted
// it), is told that it is back, unless they restored it themselves.
func Restored(tx *gorm.DB, p *store.Post, actorID int64, now time.Time) error {
	if p.OwnerID == nil || p.DeletedBy == nil || *p.DeletedBy == *p.OwnerID {
		return nil // never deleted by someone else, so nobody was told
	}
	return Write(tx, Notification{UserID: *p.OwnerID, Type: TypeRestored, ActorID: &actorID, QuestionID: ptr(questionOf(p)),
		PostID: &p.ID, CreatedAt: now})
}

// BadgeAwarded runs in the transaction that inserted a badge row (and only
// when it really inserted one): its holder is told.
func BadgeAwarded(tx *gorm.DB, userID int64, badge, tag string, postID int64, now time.Time) error {
	n := Notification{UserID: userID, Type: TypeBadge, Badge: badge, Tag: tag, CreatedAt: now}
	if postID > 0 {
		var p store.Post
		if err := tx.Select("id", "parent_id").Where("id = ?", postID).Take(&p).Error; err != nil && !store.IsNotFound(err) {
			return err
		} else if err == nil {
			n.PostID = &p.ID
			n.QuestionID = &p.ID
			if p.ParentID != nil {
				n.QuestionID = p.ParentID
			}
		}
	}
	return Write(tx, n)
}

// Routed tells experts, inside the question's transaction (or the routing
// job's), that a question was routed to them.
func Routed(tx *gorm.DB, q *store.Post, userIDs []int64, now time.Time) error {
	ns := make([]Notification, 0, len(userIDs))
	for _, id := range userIDs {
		ns = append(ns, Notification{UserID: id, Type: TypeRouted, ActorID: q.OwnerID, QuestionID: &q.ID, PostID: &q.ID, CreatedAt: now})
	}
	return Write(tx, ns...)
}

// TicketAnswered runs in the transaction that resolved a ticket without
// publishing it: the employee who filed it (logged in at the time) is told.
func TicketAnswered(tx *gorm.DB, userID, ticketID, actorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: userID, Type: TypeTicket, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now})
}

// TicketPublished runs in the transaction that resolved a ticket by
// publishing it as question questionID with the hotline's answer answerID:
// the employee who filed it (logged in at the time), the question's asker,
// is told that their ticket was answered, once. The answer notification
// the publication wrote them in this transaction (Answered) gives way to
// this one, which leads to the ticket's page and names the question.
func TicketPublished(tx *gorm.DB, userID, ticketID, questionID, answerID, actorID int64, now time.Time) error {
	if err := tx.Where("user_id = ? AND type = ? AND post_id = ?", userID, TypeAnswer, answerID).Delete(&Notification{}).Error; err != nil {
		return err
	}
	return Write(tx, Notification{UserID: userID, Type: TypeTicket, ActorID: &actorID, TicketID: &ticketID,
		QuestionID: &questionID, PostID: &answerID, CreatedAt: now})
}

// TicketMessage runs in the transaction that stored the hotline's message
// on a ticket: the employee who filed it (logged in at the time) is told.
// mailed says the message also goes to the ticket's address by e-mail, so
// the notification is not e-mailed again.
func TicketMessage(tx *gorm.DB, userID, ticketID, actorID int64, mailed bool, now time.Time) error {
	n := Notification{UserID: userID, Type: TypeTicketMessage, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now}
	if mailed {
		n.EmailedAt = ptr(now.UTC())
	}
	return Write(tx, n)
}

// TicketReply runs in the transaction that stored the employee's message on
// a ticket: the agent who holds it is told.
func TicketReply(tx *gorm.DB, agentID, ticketID, actorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: agentID, Type: TypeTicketReply, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now})
}

// TicketWithdrawn runs in the transaction in which the employee withdrew
// a ticket: the agent who held it is told.
func TicketWithdrawn(tx *gorm.DB, agentID, ticketID, actorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: agentID, Type: TypeTicketWithdrawn, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now})
}

// TicketReopened runs in the transaction in which the employee reopened a
// ticket: the agent who resolved it (or held it when it was withdrawn) is told.
func TicketReopened(tx *gorm.DB, agentID, ticketID, actorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: agentID, Type: TypeTicketReopened, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now})
}

// TicketHandedOver runs in the transaction in which an agent (or an
// administrator) handed a ticket to a colleague: the colleague is told.
func TicketHandedOver(tx *gorm.DB, agentID, ticketID, actorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: agentID, Type: TypeTicketHandedOver, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now})
}

// TicketTakenAway runs in the transaction in which an administrator (actorID)
// handed a ticket another agent held (agentID) to a colleague: the agent is
// told, so they do not go on working a ticket that is no longer theirs. It
// only informs; nothing waits on them.
func TicketTakenAway(tx *gorm.DB, agentID, ticketID, actorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: agentID, Type: TypeTicketHandedAway, ActorID: &actorID, TicketID: &ticketID, CreatedAt: now})
}

// EditSuggested runs in the transaction that stored a suggested edit of p:
// its author, who may review it, is told.
func EditSuggested(tx *gorm.DB, p *store.Post, suggesterID int64, now time.Time) error {
	if p.OwnerID == nil {
		return nil
	}
	return Write(tx, Notification{UserID: *p.OwnerID, Type: TypeEditSuggested, ActorID: &suggesterID,
		QuestionID: ptr(questionOf(p)), PostID: &p.ID, CreatedAt: now})
}

// SuggestionSettled runs in the transaction that took a suggested edit of p
// out of waiting (approved, rejected, withdrawn, or closed by a direct
// edit): the edit_suggested notifications about it that are still unread
// are marked read, so that no inbox asks for a review nobody can give any
// more. One suggestion waits for a post at a time, so those of the post are
// the ones about it (or about earlier suggestions, settled already).
func SuggestionSettled(tx *gorm.DB, p *store.Post, now time.Time) error {
	// Not mailed either when not yet mailed (a daily digest's): nothing
	// waits for a review any more.
	return tx.Model(&Notification{}).
		Where("question_id = ? AND post_id = ? AND type = ? AND read_at IS NULL", questionOf(p), p.ID, TypeEditSuggested).
		Updates(map[string]any{"read_at": now.UTC(), "emailed_at": gorm.Expr("COALESCE(emailed_at, ?)", now.UTC())}).Error
}

// EditReviewed runs in the transaction that approved or rejected a
// suggested edit of p: whoever suggested it is told, and why it was
// rejected (reason); the notification leads to the suggestion (sug).
func EditReviewed(tx *gorm.DB, p *store.Post, sug *store.SuggestedEdit, reviewerID int64, approved bool, reason string, now time.Time) error {
	n := Notification{UserID: sug.UserID, Type: TypeEditApproved, ActorID: &reviewerID,
		QuestionID: ptr(questionOf(p)), PostID: &p.ID, SuggestedEditID: ptr(sug.ID), CreatedAt: now}
	if !approved {
		n.Type, n.Reason = TypeEditRejected, reason
	}
	return Write(tx, n)
}

// SuggestionsRejectedOnDelete runs in the transaction that deleted posts
// (ps, with their parent ids) and rejected the suggested edits that waited
// for them (sugs): whoever suggested one is told, as by EditReviewed, with
// the reason that the post was deleted, in one insert.
func SuggestionsRejectedOnDelete(tx *gorm.DB, ps []store.Post, sugs []store.SuggestedEdit, actorID int64, now time.Time) error {
	byID := make(map[int64]*store.Post, len(ps))
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
	}
	var ns []Notification
	for _, sg := range sugs {
		p := byID[sg.PostID]
		if p == nil || sg.UserID == actorID {
			continue
		}
		ns = append(ns, Notification{UserID: sg.UserID, Type: TypeEditRejected, Reason: ReasonPostDeleted, ActorID: &actorID,
			QuestionID: ptr(questionOf(p)), PostID: &p.ID, SuggestedEditID: ptr(sg.ID), CreatedAt: now.UTC()})
	}
	return insert(tx, ns)
}

// ReasonPostDeleted is the Reason of a TypeEditRejected notification whose
// suggested edit was rejected because its post was deleted (qa's
// RejectPostDeleted).
const ReasonPostDeleted = "post_deleted"

// FlagDeleted is the Reason of a TypeFlagHelpful notification whose flag a
// moderator resolved by deleting what it flagged.
const FlagDeleted = "deleted"

// FlagsResolved runs in the transaction that resolved flags, helpful or
// declined: each flagger is told once. deleted says a moderator deleted what
// they flagged; the notification then leads to the post, not to a comment
// gone with it. note is the moderator's word on declining them, if any.
func FlagsResolved(tx *gorm.DB, flags []store.Flag, helpful, deleted bool, note string, actorID int64, now time.Time) error {
	if len(flags) == 0 {
		return nil
	}
	ids := make([]int64, len(flags))
	for i, fl := range flags {
		ids[i] = fl.PostID
	}
	var posts []store.Post
	if err := tx.Select("id", "parent_id").Where("id IN ?", ids).Find(&posts).Error; err != nil {
		return err
	}
	questions := make(map[int64]int64, len(posts))
	for i := range posts {
		questions[posts[i].ID] = questionOf(&posts[i])
	}
	ns := make([]Notification, 0, len(flags))
	for _, fl := range flags {
		n := Notification{UserID: fl.UserID, Type: TypeFlagDeclined, ActorID: &actorID,
			QuestionID: ptr(questions[fl.PostID]), PostID: ptr(fl.PostID), CommentID: fl.CommentID, CreatedAt: now}
		if helpful {
			n.Type = TypeFlagHelpful
		} else {
			n.Note = note
		}
		if deleted {
			n.Reason, n.CommentID = FlagDeleted, nil
		}
		ns = append(ns, n)
	}
	return Write(tx, ns...)
}

// EditSuperseded runs in the transaction of a direct edit of p that closed
// a suggested edit (sug) waiting for it: whoever suggested it is told.
func EditSuperseded(tx *gorm.DB, p *store.Post, sug *store.SuggestedEdit, editorID int64, now time.Time) error {
	return Write(tx, Notification{UserID: sug.UserID, Type: TypeEditClosed, ActorID: &editorID,
		QuestionID: ptr(questionOf(p)), PostID: &p.ID, SuggestedEditID: ptr(sug.ID), CreatedAt: now})
}

// questionOf is the question a post belongs to: itself, or an answer's parent.
func questionOf(p *store.Post) int64 {
	if p.ParentID != nil {
		return *p.ParentID
	}
	return p.ID
}
