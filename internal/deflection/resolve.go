package deflection

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/i18n"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// ResolutionInput is the hotline's answer to a ticket. When Publish is set
// and the employee consented, the ticket becomes a question (Title and
// QuestionBody default to the ticket's subject and text; Tags to those of the
// questions the employee looked at) with the answer accepted, marked as
// answered by the hotline. A ticket published before (then reopened) is
// not published again, whatever Publish says: Answer joins its question.
type ResolutionInput struct {
	Answer       string
	Publish      bool // a request to publish: refused when the employee did not consent
	IfConsented  bool // publish exactly when the employee consented (Publish is then ignored)
	Title        string
	QuestionBody string
	Tags         []string
	Mark         string // appended to the published answer, e.g. "Answered by the hotline."
}

// Resolve records the hotline's answer (hotline and admins, also on a
// ticket another agent holds, open or waiting on the employee) and lets go
// of the ticket; the employee who filed it logged in is told in their
// inbox (once, with the question when published), one who did not gets the answer by e-mail when replies are mailed
// (a reply delivery, in the same transaction). A ticket is
// resolved once, a second resolution is a conflict whatever its answer: the
// ticket's state is checked, in the transaction, before the answer is.
// A ticket published before and reopened by its employee is not published
// again: the new answer joins its question and is accepted there in place
// of the earlier one, in the transaction that resolves the ticket (the
// answer stays on the ticket alone when the question was deleted or closed
// since).
func (s *Service) Resolve(ctx context.Context, actor *store.User, id int64, in ResolutionInput) (*TicketRow, error) {
	if err := requireRole(actor, store.RoleHotline, store.RoleAdmin); err != nil {
		return nil, err
	}
	in.Answer = strings.TrimSpace(in.Answer)
	var t Ticket
	questionGone := false // a reopened published ticket's question was deleted or closed since
	// mark resolves the ticket read into t, in tx; a ticket filed without
	// logging in gets the answer by e-mail when replies are mailed.
	mark := func(tx *gorm.DB, qid *int64) error {
		now := s.now()
		upd := map[string]any{"status": TicketResolved, "resolution": in.Answer, "resolved_by": actor.ID, "resolved_at": now,
			"assigned_to": nil, "assigned_at": nil, "updated_at": now}
		if qid != nil { // a reopened ticket resolved again without publishing keeps its question
			upd["published_question_id"] = qid
		}
		res := tx.Model(&Ticket{}).Where("id = ? AND status IN ?", id, []string{TicketOpen, TicketWaiting}).Updates(upd)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errResolved()
		}
		if err := notify.TicketSettled(tx, id, now); err != nil {
			return err
		}
		if !s.mailsResolution(&t) {
			return nil
		}
		if qid == nil && !questionGone { // a reopened ticket published before still leads to its question
			qid = t.PublishedQuestionID
		}
		return s.enqueueResolution(tx, &t, in.Answer, qid, now)
	}
	// answerOnTicket resolves the ticket with the answer it alone keeps:
	// the employee reads it on the ticket's page (a published one reaches
	// them as an answer to their question).
	answerOnTicket := func(tx *gorm.DB) error {
		if err := mark(tx, nil); err != nil || t.UserID == nil {
			return err
		}
		return notify.TicketAnswered(tx, *t.UserID, t.ID, actor.ID, s.now())
	}
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		err := q.Where("id = ?", id).Take(&t).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "ticket.not_found", "No such ticket.")
		}
		if err != nil {
			return err
		}
		if t.Closed() {
			return errClosed(&t)
		}
		if err := checkResolution(&t, &in); err != nil {
			return err
		}
		if in.Publish || t.PublishedQuestionID != nil { // in the transaction that publishes the answer, below
			return nil
		}
		return answerOnTicket(tx)
	})
	if err != nil {
		return nil, wrap(err, "resolve")
	}
	if !in.Publish && t.PublishedQuestionID == nil {
		return s.TicketByID(ctx, actor, id)
	}
	answer := in.Answer
	if m := strings.TrimSpace(in.Mark); m != "" {
		answer += "\n\n---\n*" + m + "*"
	}
	if t.PublishedQuestionID != nil {
		// Reopened after publishing: the new answer joins the question,
		// accepted in place of the one that did not help.
		_, _, err = s.QA.AddAcceptedAnswer(ctx, qa.AcceptedAnswerInput{QuestionID: *t.PublishedQuestionID, AnswererID: actor.ID, Answer: answer},
			func(tx *gorm.DB, q, a *store.Post) error {
				if questionGone = q == nil; questionGone { // deleted or closed since: the answer's mail leads to no question
					return answerOnTicket(tx)
				}
				if err := mark(tx, nil); err != nil || t.UserID == nil || a == nil {
					return err
				}
				// As at the first publication: told of the ticket, once.
				return notify.TicketPublished(tx, *t.UserID, t.ID, q.ID, a.ID, actor.ID, s.now())
			})
		if err != nil {
			return nil, wrap(err, "resolve")
		}
		return s.TicketByID(ctx, actor, id)
	}
	db := s.Store.DB.WithContext(ctx)
	qin, err := s.publication(db, &t, in)
	if err != nil {
		return nil, wrap(err, "resolve")
	}
	// Reworded by the hotline for publishing, the question shows as the
	// agent's edit (the ticket's own text stays private).
	original := &qa.QuestionInput{Title: t.Subject, Body: t.QuestionMarkdown()}
	_, _, err = s.QA.PublishAnswered(ctx, qa.PublishInput{Question: qin, Original: original, AskerID: t.UserID, AnswererID: actor.ID, Answer: answer},
		func(tx *gorm.DB, q, a *store.Post) error {
			if t.SessionID != nil {
				if err := tagSession(tx, *t.SessionID, q.Tags); err != nil {
					return err
				}
			}
			if err := mark(tx, &q.ID); err != nil || t.UserID == nil {
				return err
			}
			// The employee hears that their ticket was answered, leading to
			// it and naming the question, instead of an answer notification.
			return notify.TicketPublished(tx, *t.UserID, t.ID, q.ID, a.ID, actor.ID, s.now())
		})
	if err != nil {
		return nil, prefixFields(err, strings.TrimSpace(in.Title) == "", strings.TrimSpace(in.QuestionBody) == "")
	}
	return s.TicketByID(ctx, actor, id)
}

// checkResolution checks the answer to the open ticket t, and settles
// whether it is published: with IfConsented exactly when the employee
// consented and it was not published before (reopened; a ticket published
// before never is), and asked for without consent, refused.
func checkResolution(t *Ticket, in *ResolutionInput) error {
	var f errs.Fields
	if n := utf8.RuneCountInString(in.Answer); n < ResolutionMin || n > qa.BodyMax {
		f.Add("answer", "ticket.answer_length", "Use {{.Min}} to {{.Max}} characters.", "Min", ResolutionMin, "Max", qa.BodyMax)
	}
	if err := f.Err(); err != nil {
		return err
	}
	if t.PublishedQuestionID != nil {
		// A reopened ticket published before is not published again: its
		// new answer goes to its question.
		in.Publish = false
	}
	if in.IfConsented {
		in.Publish = t.ConsentPublish && t.PublishedQuestionID == nil
	}
	if in.Publish && !t.ConsentPublish {
		f.Add("publish", "ticket.publish_no_consent", "The employee did not agree to publishing; resolve without publish.")
	}
	return f.Err()
}

func errResolved() error {
	return errs.E(errs.Conflict, "ticket.already_resolved", "This ticket is already resolved.")
}

func errWithdrawn() error {
	return errs.E(errs.Conflict, "ticket.already_withdrawn", "This ticket is withdrawn.")
}

// errClosed says why a closed ticket takes no message, resolution or
// withdrawal: it is resolved, or withdrawn.
func errClosed(t *Ticket) error {
	if t.Status == TicketWithdrawn {
		return errWithdrawn()
	}
	return errResolved()
}

// HotlineTag is the tag a question the hotline publishes gets when the
// ticket leads to no tags of its own.
const HotlineTag = "hotline"

// publication builds the question to publish from the ticket and the input.
func (s *Service) publication(db *gorm.DB, t *Ticket, in ResolutionInput) (qa.QuestionInput, error) {
	q := qa.QuestionInput{Title: in.Title, Body: in.QuestionBody, Tags: in.Tags}
	if strings.TrimSpace(q.Title) == "" {
		q.Title = t.Subject
	}
	if strings.TrimSpace(q.Body) == "" {
		q.Body = t.QuestionMarkdown()
	}
	if len(q.Tags) == 0 {
		tags, err := publicationTags(db, t)
		if err != nil {
			return q, err
		}
		q.Tags = tags
	}
	return q, nil
}

// publishedTagsMax is how many tags a published ticket takes from the
// questions its employee viewed.
const publishedTagsMax = 3

// PublicationTags are the tags a ticket's question gets when it is
// published without tags of its own; the ticket's page offers them.
func (s *Service) PublicationTags(ctx context.Context, t *Ticket) ([]string, error) {
	return publicationTags(s.Store.DB.WithContext(ctx), t)
}

// publicationTags are the tags most of the questions the ticket's trail
// names carry (those the employee viewed, then those they named on the
// ticket's form; a tie goes to the one first in it), else the tags the
// session touched otherwise, else the hotline's.
func publicationTags(db *gorm.DB, t *Ticket) ([]string, error) {
	if t.SessionID == nil {
		return []string{HotlineTag}, nil
	}
	var ids []int64
	for _, v := range t.ParseTrail().Viewed {
		ids = append(ids, v.ID)
	}
	if len(ids) == 0 { // a trail without them: what the session viewed
		seen, err := viewed(db, *t.SessionID)
		if err != nil {
			return nil, err
		}
		for _, v := range seen {
			ids = append(ids, v.ID)
		}
	}
	var tags []string
	if len(ids) > 0 {
		var ps []store.Post
		if err := db.Select("id", "tags").Where("id IN ? AND deleted_at IS NULL", ids).Find(&ps).Error; err != nil {
			return nil, err
		}
		byID := make(map[int64]string, len(ps))
		for _, p := range ps {
			byID[p.ID] = p.Tags
		}
		count := map[string]int{}
		for _, id := range ids { // in the order viewed
			for _, tag := range strings.Fields(byID[id]) {
				if count[tag] == 0 {
					tags = append(tags, tag)
				}
				count[tag]++
			}
		}
		slices.SortStableFunc(tags, func(a, b string) int { return count[b] - count[a] })
	} else {
		err := db.Model(&SessionTag{}).Where("session_id = ?", *t.SessionID).
			Order(clause.OrderByColumn{Column: clause.Column{Name: "tag"}}).Pluck("tag", &tags).Error
		if err != nil {
			return nil, err
		}
	}
	if len(tags) == 0 {
		return []string{HotlineTag}, nil
	}
	return tags[:min(len(tags), publishedTagsMax)], nil
}

// QuestionMarkdown is the text of the question a ticket becomes when it is
// published: the employee's text (else the subject) as Markdown that shows
// it as typed, since a ticket is plain text.
func (t *Ticket) QuestionMarkdown() string {
	text := t.Body
	if strings.TrimSpace(text) == "" {
		text = t.Subject
	}
	return markdown.FromText(text)
}

// HotlineMark is the line a published answer ends with, saying the hotline
// answered. It is stored in the answer's text, which every reader reads, so
// it is in the site's default language, whoever the agent is.
func HotlineMark(cat *i18n.Catalog) string {
	return cat.T(i18n.Languages[0], "ticket.answered_by_hotline")
}

// prefixFields renames the question's fields for the resolution's input:
// body becomes question_body, so the caller knows which text to fix. A
// title (or text) taken from the ticket because none was given is said to
// be so: the agent wrote nothing there, the ticket's subject (a subject
// may be shorter than a title) or text is what does not fit.
func prefixFields(err error, titleDefaulted, bodyDefaulted bool) error {
	e := errs.As(err)
	if e.Code != errs.Invalid {
		return e
	}
	out := *e
	out.Fields = make([]errs.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if fe.Field == "body" {
			fe.Field = "question_body"
			if bodyDefaulted {
				fe.Msg = errs.M("ticket.question_body_from_ticket", "The question's text is the ticket's unless you give one, and it does not fit a question's text: write one of {{.Min}} to {{.Max}} characters.",
					"Min", qa.BodyMin, "Max", qa.BodyMax)
			}
		}
		if fe.Field == "title" && titleDefaulted {
			fe.Msg = errs.M("ticket.title_from_subject", "The title is the ticket's subject unless you give one, and it does not fit a question's title: write a title of {{.Min}} to {{.Max}} characters.",
				"Min", qa.TitleMin, "Max", qa.TitleMax)
		}
		out.Fields[i] = fe
	}
	return &out
}
