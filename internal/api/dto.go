package api

import (
	"time"

	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// UserJSON is a user as the API shows it; Email only to the user and admins.
type UserJSON struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Reputation  int       `json:"reputation"`
	Role        string    `json:"role"`
	About       string    `json:"about,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Email       *string   `json:"email,omitempty"`
	// DeactivatedAt is set while an administrator has deactivated the account.
	DeactivatedAt *time.Time `json:"deactivated_at,omitempty"`
}

// AuthorJSON is the short form of a user on posts and comments.
type AuthorJSON struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Reputation  int    `json:"reputation"`
}

// QuestionJSON is a question.
type QuestionJSON struct {
	ID               int64      `json:"id"`
	Title            string     `json:"title"`
	Body             string     `json:"body,omitempty"`
	BodyHTML         string     `json:"body_html,omitempty"`
	Tags             []string   `json:"tags"`
	Score            int        `json:"score"`
	AnswerCount      int        `json:"answer_count"`
	CommentCount     int        `json:"comment_count"`
	ViewCount        int        `json:"view_count"`
	AcceptedAnswerID *int64     `json:"accepted_answer_id"`
	IsAccepted       bool       `json:"is_accepted"` // the question has an accepted answer
	IsAnswered       bool       `json:"is_answered"` // an accepted answer or one with a positive score
	MyVote           int        `json:"my_vote"`     // the caller's vote: 1, -1 or 0
	Closed           bool       `json:"closed"`
	ClosedReason     string     `json:"closed_reason,omitempty"` // duplicate, off-topic, unclear, needs-focus, opinion-based (imports bring others)
	ClosedAt         *time.Time `json:"closed_at,omitempty"`
	DuplicateOfID    *int64     `json:"duplicate_of_id,omitempty"`
	// CloseVotes counts the open votes to close the question (of
	// close_votes_needed); set when one question is read.
	CloseVotes       *int             `json:"close_votes,omitempty"`
	CloseVotesNeeded int              `json:"close_votes_needed,omitempty"`
	MyCloseVote      *MyCloseVoteJSON `json:"my_close_vote,omitempty"` // the caller's open vote to close it
	Author           *AuthorJSON      `json:"author"`
	AuthorName       string           `json:"author_name,omitempty"` // an imported author who is no account here
	CreatedAt        time.Time        `json:"created_at"`
	LastActivityAt   time.Time        `json:"last_activity_at"`
	EditedAt         *time.Time       `json:"edited_at,omitempty"`
	DeletedAt        *time.Time       `json:"deleted_at,omitempty"` // shown to moderators and its author only
	Revision         int              `json:"revision,omitempty"`   // with the body: send it back when editing
	URL              string           `json:"url"`
}

// SidebarJSON is what a question's page lists beside it
// (GET /questions/{id}/related): the questions linked to it (the one it
// duplicates, those closed as its duplicates) and up to 8 related ones,
// found by search. The question's own JSON leaves them out: they cost a
// query and a search that most readers of it do not need.
type SidebarJSON struct {
	Linked  []QuestionRefJSON `json:"linked"`
	Related []QuestionRefJSON `json:"related"`
}

// QuestionRefJSON is a question as a question's linked and related
// questions list it.
type QuestionRefJSON struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Score    int    `json:"score"`
	Answered bool   `json:"answered"` // it has an answer
	Accepted bool   `json:"accepted"` // it has an accepted answer
	URL      string `json:"url"`
}

// questionRefs lists briefs as JSON.
func questionRefs(bs []qa.Brief) []QuestionRefJSON {
	out := make([]QuestionRefJSON, len(bs))
	for i, b := range bs {
		out[i] = QuestionRefJSON{ID: b.ID, Title: b.Title, Score: b.Score, Answered: b.Answered(), Accepted: b.Accepted(),
			URL: "/questions/" + itoa(b.ID)}
	}
	return out
}

// CloseVoteJSON is a vote to close a question: its reason, and for a
// duplicate the question it duplicates.
type CloseVoteJSON struct {
	Reason      string    `json:"reason" enum:"duplicate,off-topic,unclear,needs-focus,opinion-based"`
	DuplicateOf int64     `json:"duplicate_of,omitempty"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
}

// MyCloseVoteJSON is the caller's open vote to close a question, and
// whether it stands: a duplicate vote whose question can no longer be the
// original (deleted since, say) stays open without counting in close_votes.
type MyCloseVoteJSON struct {
	Reason      string    `json:"reason" enum:"duplicate,off-topic,unclear,needs-focus,opinion-based"`
	DuplicateOf int64     `json:"duplicate_of,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Stands      bool      `json:"stands"`
}

// CloseJSON closes a question: why, and for a duplicate the question it
// duplicates.
type CloseJSON struct {
	Reason      string `json:"reason" enum:"duplicate,off-topic,unclear,needs-focus,opinion-based"`
	DuplicateOf int64  `json:"duplicate_of,omitempty"`
}

// AnswerJSON is an answer.
type AnswerJSON struct {
	ID           int64       `json:"id"`
	QuestionID   int64       `json:"question_id"`
	Body         string      `json:"body"`
	BodyHTML     string      `json:"body_html"`
	Score        int         `json:"score"`
	CommentCount int         `json:"comment_count"`
	IsAccepted   bool        `json:"is_accepted"`
	MyVote       int         `json:"my_vote"`
	Author       *AuthorJSON `json:"author"`
	AuthorName   string      `json:"author_name,omitempty"` // an imported author who is no account here
	CreatedAt    time.Time   `json:"created_at"`
	EditedAt     *time.Time  `json:"edited_at,omitempty"`
	DeletedAt    *time.Time  `json:"deleted_at,omitempty"` // shown to moderators and its author only
	Revision     int         `json:"revision"`             // send it back when editing
}

// CommentJSON is a comment.
type CommentJSON struct {
	ID         int64       `json:"id"`
	PostID     int64       `json:"post_id"`
	Body       string      `json:"body"`
	BodyHTML   string      `json:"body_html"`
	Author     *AuthorJSON `json:"author"`
	AuthorName string      `json:"author_name,omitempty"` // an imported author who is no account here
	CreatedAt  time.Time   `json:"created_at"`
	EditedAt   *time.Time  `json:"edited_at"` // its text's last edit; null when never edited
}

// RevisionJSON is one version of a post.
type RevisionJSON struct {
	Revision  int         `json:"revision"`
	Title     string      `json:"title,omitempty"`
	Body      string      `json:"body"`
	Tags      []string    `json:"tags,omitempty"`
	Comment   string      `json:"comment"`
	Editor    *AuthorJSON `json:"editor"`
	CreatedAt time.Time   `json:"created_at"`
}

// TagJSON is a tag with its question count.
type TagJSON struct {
	Name          string `json:"name"`
	QuestionCount int    `json:"question_count"`
	Excerpt       string `json:"excerpt,omitempty"`
}

// ListJSON is every paged list.
type ListJSON[T any] struct {
	Items      []T    `json:"items"`
	Total      int64  `json:"total"`
	Page       int    `json:"page"`
	PageSize   int    `json:"page_size"`
	NextCursor string `json:"next_cursor,omitempty"` // lists that support it: pass as ?cursor= for the next page
}

func author(u *store.User) *AuthorJSON {
	if u == nil {
		return nil
	}
	return &AuthorJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Reputation: u.Reputation}
}

func userJSON(u *store.User, viewer *store.User) UserJSON {
	j := UserJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Reputation: u.Reputation,
		Role: u.Role, About: u.About, CreatedAt: u.CreatedAt, DeactivatedAt: u.DeactivatedAt}
	if viewer != nil && (viewer.ID == u.ID || viewer.Role == store.RoleAdmin) {
		j.Email = u.Email
	}
	return j
}

func ownerOf(id *int64, users map[int64]*store.User) *AuthorJSON {
	if id == nil {
		return nil
	}
	return author(users[*id])
}

func questionJSON(p *store.Post, users map[int64]*store.User, withBody bool, show func(string) string) QuestionJSON {
	j := QuestionJSON{ID: p.ID, Title: p.Title, Tags: qa.TagList(p.Tags), Score: p.Score,
		AnswerCount: p.AnswerCount, CommentCount: p.CommentCount, ViewCount: p.ViewCount,
		AcceptedAnswerID: p.AcceptedAnswerID, Closed: p.ClosedAt != nil, ClosedAt: p.ClosedAt, ClosedReason: p.ClosedReason, DuplicateOfID: p.DuplicateOfID,
		Author: ownerOf(p.OwnerID, users), AuthorName: p.OwnerName, CreatedAt: p.CreatedAt, LastActivityAt: p.LastActivityAt,
		EditedAt: p.EditedAt, DeletedAt: p.DeletedAt, URL: "/questions/" + itoa(p.ID), IsAccepted: p.AcceptedAnswerID != nil}
	j.IsAnswered = j.IsAccepted
	if withBody {
		j.Body, j.BodyHTML, j.Revision = markdown.Source(p.BodyMarkdown, p.BodyHTML), show(p.BodyHTML), p.Revision
	}
	return j
}

func answerJSON(p *store.Post, accepted *int64, users map[int64]*store.User, show func(string) string) AnswerJSON {
	j := AnswerJSON{ID: p.ID, Body: markdown.Source(p.BodyMarkdown, p.BodyHTML), BodyHTML: show(p.BodyHTML), Score: p.Score,
		CommentCount: p.CommentCount, Author: ownerOf(p.OwnerID, users), AuthorName: p.OwnerName, CreatedAt: p.CreatedAt, EditedAt: p.EditedAt,
		DeletedAt: p.DeletedAt, Revision: p.Revision}
	if p.ParentID != nil {
		j.QuestionID = *p.ParentID
	}
	j.IsAccepted = accepted != nil && *accepted == p.ID
	return j
}

func commentJSON(c *store.Comment, users map[int64]*store.User, show func(string) string) CommentJSON {
	return CommentJSON{ID: c.ID, PostID: c.PostID, Body: c.Body, BodyHTML: show(c.BodyHTML),
		Author: ownerOf(c.OwnerID, users), AuthorName: c.OwnerName, CreatedAt: c.CreatedAt, EditedAt: c.EditedAt}
}

// VoteJSON is the body of PUT /posts/{id}/vote.
type VoteJSON struct {
	Value *int `json:"value"`
}

// EventJSON is one line of a user's reputation history.
type EventJSON struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	Delta         int       `json:"delta"`
	PostID        *int64    `json:"post_id"`
	QuestionID    int64     `json:"question_id,omitempty"`
	QuestionTitle string    `json:"question_title,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// ReputationJSON is a page of a user's reputation history.
type ReputationJSON struct {
	Reputation int         `json:"reputation"`
	Items      []EventJSON `json:"items"`
	Total      int64       `json:"total"`
	Page       int         `json:"page"`
	PageSize   int         `json:"page_size"`
}

// BadgeJSON is a badge, with how often it was awarded where listed.
type BadgeJSON struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Class       string `json:"class"`
	Scope       string `json:"scope"`
	Awarded     *int64 `json:"awarded,omitempty"` // how many hold it: in the list of all badges only
}

// UserBadgeJSON is a badge a user holds.
type UserBadgeJSON struct {
	Badge     BadgeJSON `json:"badge"`
	Tag       string    `json:"tag,omitempty"`
	PostID    int64     `json:"post_id,omitempty"`
	AwardedAt time.Time `json:"awarded_at"`
}

// RankedUserJSON is a user on the reputation leaderboard.
type RankedUserJSON struct {
	UserJSON
	Gained int `json:"gained"`
}
