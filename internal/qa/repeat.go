package qa

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// RepeatWindow is how long a post sent again by its author (a second
// click, a form sent again after going back, a client's retry) gives back
// the first one instead of writing a copy. Messages on a ticket follow it
// too (deflection.PostMessage).
const RepeatWindow = 10 * time.Minute

// lockWriter serialises one author's new posts and comments (PostgreSQL;
// SQLite writes one at a time), so the same post sent twice at once is
// written once. It is an advisory lock, which no other write waits for.
func lockWriter(tx *gorm.DB, userID int64) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?, ?)", advisoryWriter, int32(userID)).Error
}

// advisoryWriter is the first key of lockWriter's lock (the second is the user).
const advisoryWriter = 0x5d01

// sentAgain takes the author's writer lock and finds p already written (see
// repeatedPost): the post to give back instead of a copy, or nil.
func sentAgain(tx *gorm.DB, p *store.Post, now time.Time) (*store.Post, error) {
	if err := lockWriter(tx, *p.OwnerID); err != nil {
		return nil, err
	}
	return repeatedPost(tx, p, now.Add(-RepeatWindow))
}

// repeatedPost finds a live question or answer of the author, written
// since the time given, with p's title, body (but for white space at its
// end), tags and parent (itself live): p sent again.
func repeatedPost(tx *gorm.DB, p *store.Post, since time.Time) (*store.Post, error) {
	q := tx.Where("owner_id = ? AND type = ? AND deleted_at IS NULL AND created_at >= ? AND title = ?",
		*p.OwnerID, p.Type, since, p.Title)
	if p.ParentID != nil {
		q = q.Where("parent_id = ? AND "+liveParent, *p.ParentID)
	}
	var found []store.Post
	if err := q.Order("id DESC").Limit(5).Find(&found).Error; err != nil {
		return nil, err
	}
	for i := range found {
		if sameText(found[i].BodyMarkdown, p.BodyMarkdown) && sameTags(found[i].Tags, p.Tags) { // in any order
			return &found[i], nil
		}
	}
	return nil, nil
}

// sameText reports whether two texts differ at most by white space at their
// end: a text sent again with a space or line added is the same text (at
// the start, white space can make code).
func sameText(a, b string) bool {
	return strings.TrimRightFunc(a, unicode.IsSpace) == strings.TrimRightFunc(b, unicode.IsSpace)
}

// sameTags reports whether two stored tag lists hold the same tags.
func sameTags(a, b string) bool {
	x, y := TagList(a), TagList(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// repeatedComment finds a live comment of the author on the same post (itself
// live), written since the time given, with c's text (but for white space
// at its end).
func repeatedComment(tx *gorm.DB, c *store.Comment, since time.Time) (*store.Comment, error) {
	var found []store.Comment
	err := tx.Where("post_id = ? AND owner_id = ? AND deleted_at IS NULL AND created_at >= ?",
		c.PostID, *c.OwnerID, since).
		Where("EXISTS (SELECT 1 FROM posts WHERE posts.id = comments.post_id AND posts.deleted_at IS NULL AND " + liveParent + ")").
		Order("id DESC").Limit(5).Find(&found).Error
	if err != nil {
		return nil, err
	}
	for i := range found {
		if sameText(found[i].Body, c.Body) {
			return &found[i], nil
		}
	}
	return nil, nil
}

// SameQuestion reports whether in, as Ask would store it, is the question
// q: the same title, body (but for white space at its end) and tags in any
// order. A caller that decides itself what a repeat is (AskThen with its
// own rows) tells so a question sent again from one sent anew.
func SameQuestion(q *store.Post, in QuestionInput) bool {
	var f errs.Fields
	tags := normalizeTags(in.Tags, &f)
	return strings.TrimSpace(in.Title) == q.Title && sameText(cleanBody(in.Body), q.BodyMarkdown) && sameTags(joinTags(tags), q.Tags)
}
