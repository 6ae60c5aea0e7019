package engine

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/markdown"
	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

// maxAnswerText bounds the answer text indexed with one question.
const maxAnswerText = 50000

// loadDocs builds the documents of the given question ids from the database
// in two queries; ids that are not live questions are returned as deletes.
func loadDocs(ctx context.Context, db *gorm.DB, ids []int64) ([]search.Document, []int64, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	var qs []store.Post
	err := db.WithContext(ctx).Select("id", "title", "body_html", "tags", "owner_id", "score", "answer_count",
		"accepted_answer_id", "closed_at", "duplicate_of_id", "created_at", "last_activity_at").
		Where("id IN ? AND "+store.TypeIs("type", store.PostQuestion)+" AND deleted_at IS NULL", ids).Order("id").Find(&qs).Error
	if err != nil {
		return nil, nil, err
	}
	live := make(map[int64]bool, len(qs))
	qids := make([]int64, len(qs))
	for i, q := range qs {
		live[q.ID] = true
		qids[i] = q.ID
	}
	var deletes []int64
	for _, id := range ids {
		if !live[id] {
			deletes = append(deletes, id)
		}
	}
	var as []store.Post
	if len(qids) > 0 {
		if err := db.WithContext(ctx).Select("id", "parent_id", "body_html", "score").
			Where("parent_id IN ? AND "+store.TypeIs("type", store.PostAnswer)+" AND deleted_at IS NULL", qids).
			Order("score DESC, id").Find(&as).Error; err != nil {
			return nil, nil, err
		}
	}
	byQ := map[int64][]store.Post{}
	for _, a := range as {
		byQ[*a.ParentID] = append(byQ[*a.ParentID], a)
	}
	docs := make([]search.Document, len(qs))
	for i, q := range qs {
		docs[i] = document(&q, byQ[q.ID])
	}
	return docs, deletes, nil
}

// document folds a question and its live answers into one search document.
func document(q *store.Post, answers []store.Post) search.Document {
	d := search.Document{
		ID: q.ID, Title: q.Title, Body: markdown.HTMLToText(q.BodyHTML), Tags: strings.Fields(q.Tags),
		Score: q.Score, AnswerCount: len(answers), HasAccepted: q.AcceptedAnswerID != nil,
		Closed: q.ClosedAt != nil, Created: q.CreatedAt, LastActivity: q.LastActivityAt,
	}
	if q.OwnerID != nil {
		d.AuthorID = *q.OwnerID
	}
	if q.DuplicateOfID != nil {
		d.DuplicateOf = *q.DuplicateOfID
	}
	var others strings.Builder
	for i, a := range answers {
		if i == 0 || a.Score > d.AnswerScore {
			d.AnswerScore = a.Score
		}
		text := markdown.HTMLToText(a.BodyHTML)
		if q.AcceptedAnswerID != nil && *q.AcceptedAnswerID == a.ID {
			d.Accepted = text
			continue
		}
		if others.Len()+len(text) > maxAnswerText {
			continue
		}
		if others.Len() > 0 {
			others.WriteString("\n\n")
		}
		others.WriteString(text)
	}
	d.Answers = others.String()
	return d
}
