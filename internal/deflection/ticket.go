package deflection

import (
	"encoding/json"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// TicketInput is what an employee sends to the hotline.
type TicketInput struct {
	Subject        string
	Body           string
	Email          string // required from anonymous visitors; a user's own address by default
	ConsentPublish bool   // the hotline's answer may be published as a question
	QuestionIDs    []int64
}

func (in *TicketInput) validate(f *errs.Fields, prefix string, who Who) {
	in.Subject = strings.TrimSpace(in.Subject)
	in.Body = strings.TrimSpace(in.Body)
	in.Email = strings.TrimSpace(in.Email)
	if n := utf8.RuneCountInString(in.Subject); n < SubjectMin || n > SubjectMax || !text.Shows(in.Subject) {
		f.Add(prefix+"subject", "ticket.subject_length", "Use {{.Min}} to {{.Max}} characters.", "Min", SubjectMin, "Max", SubjectMax)
	} else if p, ok := text.Check(in.Subject, 0, SubjectMax, false); !ok {
		// One line, as a question's title, which it becomes when published:
		// no control characters, nothing that reorders the text.
		f.Add(prefix+"subject", p.ID, p.Text, p.KV()...)
	}
	if utf8.RuneCountInString(in.Body) > TicketBodyMax {
		f.Add(prefix+"body", "help.query_long", "Use at most {{.Max}} characters.", "Max", TicketBodyMax)
	}
	if in.Email == "" && who.User != nil && who.User.Email != nil {
		in.Email = *who.User.Email
	}
	if in.Email == "" {
		f.Add(prefix+"email", "ticket.email_required", "Give an e-mail address the hotline can answer to.")
	} else if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
		f.Add(prefix+"email", "ticket.email_invalid", "This is not an e-mail address.")
	}
	if len(in.QuestionIDs) > maxTicketViews {
		in.QuestionIDs = in.QuestionIDs[:maxTicketViews]
	}
}

// Trail is a ticket's snapshot of its help session: what the employee
// searched for and which questions they looked at before escalating.
type Trail struct {
	SessionID int64           `json:"session_id"`
	Problem   string          `json:"problem"`
	Holdout   bool            `json:"holdout"`
	StartedAt time.Time       `json:"started_at"`
	Searches  []TrailSearch   `json:"searches"`
	Viewed    []TrailQuestion `json:"viewed"`
}

// TrailSearch is one search of the trail; Results is null when search was unavailable.
type TrailSearch struct {
	Query   string    `json:"query"`
	Results *int      `json:"results"`
	At      time.Time `json:"at"`
}

// TrailQuestion is a question the employee looked at, or named on the form.
type TrailQuestion struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// createTicket writes a ticket with its trail and one delivery per
// configured channel, inside the outcome's transaction.
func (s *Service) createTicket(tx *gorm.DB, who Who, sess *Session, in TicketInput) (*Ticket, error) {
	now := s.now()
	trail, err := s.trail(tx, sess, in.QuestionIDs)
	if err != nil {
		return nil, err
	}
	tb, err := json.Marshal(trail)
	if err != nil {
		return nil, err
	}
	uid := sess.UserID
	if uid == nil {
		uid = who.userID()
	}
	t := &Ticket{SessionID: &sess.ID, UserID: uid, Visitor: sess.Visitor, Subject: in.Subject, Body: in.Body,
		Email: in.Email, ConsentPublish: in.ConsentPublish, Trail: string(tb), Status: TicketOpen,
		Language: pageLang(who.Lang), CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(t).Error; err != nil {
		return nil, err
	}
	if err := s.enqueue(tx, t, trail, now); err != nil {
		return nil, err
	}
	return t, nil
}

// trail snapshots a session's searches and viewed questions, plus any
// questions the employee named on the form.
func (s *Service) trail(tx *gorm.DB, sess *Session, named []int64) (*Trail, error) {
	tr := &Trail{SessionID: sess.ID, Problem: sess.Query, Holdout: sess.Holdout, StartedAt: sess.CreatedAt,
		Searches: []TrailSearch{}, Viewed: []TrailQuestion{}}
	var evs []Event
	if err := tx.Where("session_id = ? AND type = ?", sess.ID, EventSearch).Order("id").Find(&evs).Error; err != nil {
		return nil, err
	}
	for _, e := range evs {
		tr.Searches = append(tr.Searches, TrailSearch{Query: e.Query, Results: e.Results, At: e.CreatedAt})
	}
	vs, err := viewed(tx, sess.ID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, v := range vs {
		seen[v.ID] = true
		tr.Viewed = append(tr.Viewed, TrailQuestion{ID: v.ID, Title: v.Title, URL: s.url("/questions/" + strconv.FormatInt(v.ID, 10))})
	}
	var extra []int64
	for _, id := range named {
		if !seen[id] && id > 0 {
			seen[id] = true
			extra = append(extra, id)
		}
	}
	if len(extra) > 0 {
		var ps []store.Post
		if err := tx.Select("id", "title").Where("id IN ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL", extra).
			Order("id").Find(&ps).Error; err != nil {
			return nil, err
		}
		for _, p := range ps {
			tr.Viewed = append(tr.Viewed, TrailQuestion{ID: p.ID, Title: p.Title, URL: s.url("/questions/" + strconv.FormatInt(p.ID, 10))})
		}
	}
	return tr, nil
}

// url makes a site path absolute when the public URL is known.
func (s *Service) url(path string) string { return strings.TrimSuffix(s.BaseURL, "/") + path }

// ParseTrail decodes a ticket's trail; a damaged one reads as empty.
func (t *Ticket) ParseTrail() Trail {
	var tr Trail
	if err := json.Unmarshal([]byte(t.Trail), &tr); err != nil {
		return Trail{}
	}
	return tr
}
