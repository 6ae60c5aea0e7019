package search

import (
	"fmt"
	"strconv"
	"time"
)

// indexDoc is the shape Bleve walks with the mapping; property names match
// the document mapping in mapping.go.
type indexDoc struct {
	Title        string    `json:"title"`
	Body         string    `json:"body"`
	Answers      string    `json:"answers"`
	Accepted     string    `json:"accepted"`
	TitleDE      string    `json:"title_de"` // the German fields (lang.go)
	BodyDE       string    `json:"body_de"`
	AnswersDE    string    `json:"answers_de"`
	AcceptedDE   string    `json:"accepted_de"`
	Tags         []string  `json:"tags"`
	AuthorID     string    `json:"author_id"`
	Score        float64   `json:"score"`
	AnswerCount  float64   `json:"answer_count"`
	AnswerScore  float64   `json:"answer_score"`
	HasAccepted  bool      `json:"has_accepted"`
	Answered     bool      `json:"answered"`
	Closed       bool      `json:"closed"`
	DuplicateOf  string    `json:"duplicate_of"`
	Duplicate    bool      `json:"duplicate"`
	Created      time.Time `json:"created"`
	LastActivity time.Time `json:"last_activity"`
	SortCreated  string    `json:"sort_created"`
	SortActivity string    `json:"sort_activity"`
	SortVotes    string    `json:"sort_votes"`
	CreatedDay   string    `json:"created_day"`
	ActivityDay  string    `json:"activity_day"`
	VotesDay     string    `json:"votes_day"`
}

// Apply writes upserts and deletes in one Bleve batch, together with the
// outbox high-water mark, so that the mark on disk never runs ahead of the
// documents it covers. Upserting an existing ID replaces it; deleting an
// unknown ID is a no-op.
func (ix *Index) Apply(upserts []Document, deletes []int64, mark int64) error {
	b := ix.idx.NewBatch()
	for i := range upserts {
		d := &upserts[i]
		if err := b.Index(docID(d.ID), toIndexDoc(d)); err != nil {
			return fmt.Errorf("search: apply: document %d: %w", d.ID, err)
		}
	}
	for _, id := range deletes {
		b.Delete(docID(id))
	}
	b.SetInternal(keyMark, []byte(strconv.FormatInt(mark, 10)))
	if err := ix.write(b); err != nil {
		return fmt.Errorf("search: apply: %w", err)
	}
	return nil
}

// toIndexDoc converts a Document to its indexed form, cleaning text and
// tags so invalid UTF-8 or control characters never reach the index.
func toIndexDoc(d *Document) indexDoc {
	tags := make([]string, 0, len(d.Tags))
	for _, t := range d.Tags {
		if t = normalizeTag(t); t != "" {
			tags = append(tags, t)
		}
	}
	created, activity := clampDate(d.Created), clampDate(d.LastActivity)
	if d.LastActivity.IsZero() {
		activity = created
	}
	doc := indexDoc{
		Title:        cleanText(d.Title),
		Body:         cleanText(d.Body),
		Answers:      cleanText(d.Answers),
		Accepted:     cleanText(d.Accepted),
		Tags:         tags,
		AuthorID:     docID(d.AuthorID),
		Score:        float64(d.Score),
		AnswerCount:  float64(d.AnswerCount),
		AnswerScore:  float64(d.AnswerScore),
		HasAccepted:  d.HasAccepted,
		Answered:     d.HasAccepted || d.AnswerScore > 0,
		Closed:       d.Closed,
		DuplicateOf:  docID(d.DuplicateOf),
		Duplicate:    d.DuplicateOf != 0,
		Created:      startOfDay(created),
		LastActivity: activity,
		SortCreated:  created.Format(sortTimeLayout),
		SortActivity: activity.Format(sortTimeLayout),
		CreatedDay:   created.Format(dayLayout),
		ActivityDay:  activity.Format(dayLayout),
		SortVotes:    fmt.Sprintf("%010d", min(max(d.Score, -scoreOffset), scoreOffset)+scoreOffset),
	}
	doc.VotesDay = doc.SortVotes + doc.CreatedDay
	doc.TitleDE = doc.Title
	if showsGerman(doc.Title, doc.Body) {
		doc.BodyDE = doc.Body
	}
	if showsGerman(doc.Accepted) {
		doc.AcceptedDE = doc.Accepted
	}
	if showsGerman(doc.Answers) {
		doc.AnswersDE = doc.Answers
	}
	return doc
}

// Sort keys are fixed-width strings, so that byte order is value order.
// Votes ties go to the newer question (a second key). The votes key holds
// only the score, and the created field only the day (what created:
// filters need): a value unique to each question would cost a dictionary
// entry per question, which slows indexing.
const (
	sortTimeLayout = "20060102150405"
	dayLayout      = "20060102"
	scoreOffset    = 1_000_000_000
)

// startOfDay is t's day, at UTC midnight.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// docID is the Bleve document ID of a question.
func docID(id int64) string { return strconv.FormatInt(id, 10) }
