package deflection

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// OutcomeOpen names, in a drill-down filter, the sessions without an outcome yet.
const OutcomeOpen = "open"

// DrillOutcomes are the outcome filters of the drill-down, one per figure
// of the dashboard that counts sessions; "" is every session counted.
var DrillOutcomes = []string{OutcomeSolved, OutcomeAsked, OutcomeTicket, OutcomeAbandoned, OutcomeOpen}

// MaxDrillOffset bounds how far down the drill-down pages: past it, a
// narrower filter (a day, an outcome, a tag) is the way to more sessions.
const MaxDrillOffset = 10000

// maxDrillSearches bounds the searches shown per session.
const maxDrillSearches = 3

// Drill selects the help sessions behind one of the dashboard's figures:
// those the dashboard counts for its Query (range and tag), narrowed to an
// outcome, a further tag (Topic) and one of the query's intervals (Day, its
// first day), newest first.
type Drill struct {
	Query
	Outcome        string    // "" (every session counted) or one of DrillOutcomes
	Topic          string    // a tag the sessions touched, besides the query's
	Day            time.Time // the first day of one of the query's intervals; zero for the whole range
	Page, PageSize int
}

// DayEnd is the end (exclusive) of the interval starting at Day.
func (d Drill) DayEnd() time.Time {
	for _, b := range d.Buckets() {
		if b.Start.Equal(d.Day) {
			return b.End
		}
	}
	return d.Day
}

// ParseDrill reads the drill-down's own parameters on top of the
// dashboard's query: outcome, topic (a tag) and day (YYYY-MM-DD, the first
// day of one of the query's intervals). Bad values are field errors.
func ParseDrill(q Query, outcome, topic, day string) (Drill, error) {
	var f errs.Fields
	d := Drill{Query: q, Outcome: strings.TrimSpace(outcome), Topic: text.NormalizeTag(topic)}
	if d.Outcome != "" && !slices.Contains(DrillOutcomes, d.Outcome) {
		f.Add("outcome", "analytics.drill_outcome_value", "The outcome is solved (Solved by existing answers), asked (Asked the community), ticket, abandoned or open.")
	}
	if d.Topic != "" && !text.ValidTag(d.Topic) {
		f.Add("topic", "analytics.tag_format", "This is not a tag.")
	}
	if day = strings.TrimSpace(day); day != "" {
		t, err := time.Parse(dateFmt, day)
		ok := err == nil
		if ok {
			ok = false
			for _, b := range q.Buckets() {
				ok = ok || b.Start.Equal(t)
			}
		}
		if !ok {
			f.Add("day", "analytics.drill_day_value", "Choose the first day of one of the dashboard's intervals.")
		}
		d.Day = t
	}
	return d, f.Err()
}

// DrillSession is one help session as the drill-down lists it. It holds
// nothing personal: like the dashboard, it names no user or visitor, and
// shows a session's searches only as the content gaps do (Searches), and
// never beside a question its searcher asked, whose page names them. Its
// times are whole hours (DrillTimeStep), so that a row whose question names
// its asker cannot be matched by the second to that person's other rows.
type DrillSession struct {
	ID int64 `json:"id"`
	// CreatedAt is the hour the session started in (UTC, DrillTimeStep).
	CreatedAt time.Time `json:"created_at"`
	Source    string    `json:"source"`  // help or search
	Outcome   string    `json:"outcome"` // "" while open
	// OutcomeAt is the hour it ended in, as CreatedAt; nil while open.
	OutcomeAt *time.Time `json:"outcome_at"`
	// Searches are the session's searches by their words (lower case,
	// spaces collapsed), as the content gaps show them: only those of a
	// session that ended in a ticket, or that found no suggestion, and none
	// with filters or without a letter or digit; at most three. None when
	// the session links a question its searcher asked (QuestionID: every
	// "asked" session, and one that then ended otherwise).
	Searches   []string `json:"searches"`
	QuestionID *int64   `json:"question_id"` // the question that solved it, or the one asked
	// QuestionTitle is that question's title; "" when it is deleted.
	QuestionTitle string   `json:"question_title"`
	AnswerID      *int64   `json:"answer_id"` // the answer credited with solving it
	TicketID      *int64   `json:"ticket_id"`
	Tags          []string `json:"tags"` // the tags of the questions it touched
}

// DrillSessions lists the help sessions behind a dashboard figure (analysts
// and admins, as the dashboard), newest first, with how many there are: the
// number the dashboard shows for the same range, tag, outcome and interval.
// It reads one page and a fixed number of lookups, whatever the page size.
func (s *Service) DrillSessions(ctx context.Context, actor *store.User, d Drill) ([]DrillSession, int64, error) {
	if err := requireRole(actor, store.RoleAnalyst, store.RoleAdmin); err != nil {
		return nil, 0, err
	}
	page, size := pageOf(d.Page, d.PageSize)
	offset := int64(page-1) * int64(size)
	db := s.Store.DB.WithContext(ctx)
	var f errs.Fields
	for _, ft := range [][2]string{{"tag", d.Tag}, {"topic", d.Topic}} {
		field, tag := ft[0], ft[1]
		if tag == "" {
			continue
		}
		var n int64
		if err := db.Table("tags").Where("name = ?", tag).Count(&n).Error; err != nil {
			return nil, 0, wrap(err, "drill-down")
		}
		if n == 0 {
			f.Add(field, "analytics.tag_unknown", "No such tag.")
		}
	}
	if err := f.Err(); err != nil {
		return nil, 0, err
	}
	var total int64
	if err := drillScope(db, d).Count(&total).Error; err != nil {
		return nil, 0, wrap(err, "drill-down")
	}
	switch {
	case offset >= total: // past the end of the list: an empty page, and how many there are
		return []DrillSession{}, total, nil
	case offset >= MaxDrillOffset: // a list that really is this long
		f.Add("page", "analytics.drill_page_too_far", "Narrow the list (a day, an outcome or a tag) to see sessions this far down.")
		return nil, 0, f.Err()
	}
	var rows []Session
	err := drillScope(db, d).Select("s.*").Order("s.created_at DESC, s.id DESC").
		Limit(size).Offset((page - 1) * size).Scan(&rows).Error
	if err != nil {
		return nil, 0, wrap(err, "drill-down")
	}
	out, err := drillDetails(db, rows)
	return out, total, wrap(err, "drill-down")
}

// DrillTimeStep is how exactly the drill-down says when a session started
// and ended: the start of the hour (UTC). The list is still sorted by the
// exact start, newest first.
const DrillTimeStep = time.Hour

// drillTime is t as the drill-down shows it: the start of its hour, in UTC.
func drillTime(t time.Time) time.Time { return t.UTC().Truncate(DrillTimeStep) }

// drillScope is the sessions the dashboard counts for the drill-down's
// query (as sessionRows reads them, less those merged into an earlier
// session, which the figures leave out), narrowed by its filters.
func drillScope(db *gorm.DB, d Drill) *gorm.DB {
	tx := db.Table("help_sessions AS s").
		Where("s.created_at >= ? AND s.created_at < ? AND NOT s.support_team AND s.merged_into_id IS NULL", d.From, d.To)
	if !d.Day.IsZero() {
		tx = tx.Where("s.created_at >= ? AND s.created_at < ?", d.Day, d.DayEnd())
	}
	for _, tag := range []string{d.Tag, d.Topic} {
		if tag != "" {
			tx = tx.Where("EXISTS (SELECT 1 FROM help_session_tags t WHERE t.session_id = s.id AND t.tag = ?)", tag)
		}
	}
	switch d.Outcome {
	case "":
	case OutcomeOpen:
		tx = tx.Where("s.outcome IS NULL")
	default:
		tx = tx.Where("s.outcome = ?", d.Outcome)
	}
	return tx
}

// drillDetails completes a page of sessions with their tags, the titles
// of their questions and their searches: three lookups for the page.
func drillDetails(db *gorm.DB, rows []Session) ([]DrillSession, error) {
	out := make([]DrillSession, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	var questions []int64
	at := map[int64]*DrillSession{}
	for i, r := range rows {
		ids[i] = r.ID
		out[i] = DrillSession{ID: r.ID, CreatedAt: drillTime(r.CreatedAt), Source: r.Source, Outcome: r.OutcomeName(),
			QuestionID: r.QuestionID, AnswerID: r.AnswerID, TicketID: r.TicketID, Tags: []string{}, Searches: []string{}}
		if r.OutcomeAt != nil {
			end := drillTime(*r.OutcomeAt)
			out[i].OutcomeAt = &end
		}
		at[r.ID] = &out[i]
		if r.QuestionID != nil {
			questions = append(questions, *r.QuestionID)
		}
	}
	var tags []SessionTag
	if err := db.Where("session_id IN ?", ids).Order("session_id, tag").Find(&tags).Error; err != nil {
		return nil, err
	}
	for _, t := range tags {
		at[t.SessionID].Tags = append(at[t.SessionID].Tags, t.Tag)
	}
	if len(questions) > 0 {
		var titles []struct {
			ID    int64
			Title string
		}
		err := db.Table("posts").Select("id, title").
			Where("id IN ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL", questions).Scan(&titles).Error
		if err != nil {
			return nil, err
		}
		title := map[int64]string{}
		for _, t := range titles {
			title[t.ID] = t.Title
		}
		for i := range out {
			if q := out[i].QuestionID; q != nil {
				out[i].QuestionTitle = title[*q]
			}
		}
	}
	// The searches the content gaps would show: of a session that ended in
	// a ticket, or that found no suggestion; by their words alone. None of
	// a session that links a question its searcher asked (every "asked"
	// one): that question's page names the asker, and the row would tie
	// them to what they searched, which the content gaps never do.
	var searches []struct {
		SessionID int64
		Norm      string
	}
	err := db.Table("help_events AS e").Select("e.session_id, e.norm").
		Joins("JOIN help_sessions s ON s.id = e.session_id").
		Where("e.session_id IN ? AND e.type = ? AND e.norm <> ''", ids, EventSearch).
		Where("(s.outcome = ? OR e.results = 0)", OutcomeTicket).
		Where("(s.outcome IS NULL OR s.outcome <> ?)", OutcomeAsked).
		Where("(s.question_id IS NULL OR NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.question_id AND p.owner_id = s.user_id))").
		Order("e.session_id, e.id").Scan(&searches).Error
	if err != nil {
		return nil, err
	}
	for _, e := range searches {
		s := at[e.SessionID]
		if len(s.Searches) < maxDrillSearches && !slices.Contains(s.Searches, e.Norm) {
			s.Searches = append(s.Searches, e.Norm)
		}
	}
	return out, nil
}
