package store

import (
	"strconv"
	"time"
)

// Roles a user can hold.
const (
	RoleUser      = "user"
	RoleModerator = "moderator"
	RoleAnalyst   = "analyst" // support team: sees analytics
	RoleAdmin     = "admin"
	RoleHotline   = "hotline" // the hotline's system, through an API token
)

// Post types, numbered as in Stack Exchange data dumps.
const (
	PostQuestion = 1
	PostAnswer   = 2
)

// User is an account. Imported users have no password until claimed.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Email        *string
	PasswordHash *string
	Role         string
	Reputation   int
	About        string
	Language     string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastSeenAt   *time.Time
	// DeactivatedAt is when an administrator deactivated the account; nil
	// while it is active.
	DeactivatedAt *time.Time
	// AccountRole is the account's own role when an API token's scope
	// made it act as a member (Role is then RoleUser); "" otherwise. It
	// says who the account is (staff are no new members), never what it may do.
	AccountRole string `gorm:"-" json:"-"`
}

// OwnRole is the account's own role, whatever a token's scope lets it act as.
func (u *User) OwnRole() string {
	if u.AccountRole != "" {
		return u.AccountRole
	}
	return u.Role
}

// Active reports whether the account may log in and act.
func (u *User) Active() bool { return u != nil && u.DeactivatedAt == nil }

// IsStaff reports whether the user moderates content.
func (u *User) IsStaff() bool {
	return u != nil && (u.Role == RoleModerator || u.Role == RoleAdmin)
}

// Owns reports whether id is the user's id (an owner_id, say).
func (u *User) Owns(id *int64) bool {
	return u != nil && id != nil && *id == u.ID
}

// Session is a server-side web session; ID is the SHA-256 of the cookie value.
type Session struct {
	ID        string `gorm:"primaryKey"`
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// PasswordLink is a one-time link that sets a user's password; only its
// hash is stored.
type PasswordLink struct {
	TokenHash string `gorm:"primaryKey"`
	UserID    int64
	CreatedBy *int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// APIToken is a bearer token for the JSON API; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	Scope      string // ScopeRead, ScopeWrite or ScopeStaff
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// API token scopes, each wider than the one before: read allows the safe
// methods (GET, HEAD) only, write every method, both acting as a member
// whatever the owner's role; staff adds the powers of the owner's role.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	ScopeStaff = "staff"
)

// TableName names the table of APIToken.
func (APIToken) TableName() string { return "api_tokens" }

// Post is a question or an answer: one table and one id space, as Stack Exchange has.
type Post struct {
	ID               int64
	Type             int
	ParentID         *int64
	OwnerID          *int64
	OwnerName        string // an imported author who is no account here; "" otherwise
	Title            string
	BodyMarkdown     string
	BodyHTML         string `gorm:"column:body_html"`
	Tags             string // space-separated tag names, for display without a join
	Score            int
	ScoreBase        int // imported score that no vote row backs
	AnswerCount      int
	CommentCount     int
	ViewCount        int `gorm:"->"` // read only: from view_counts, joined by the reads that show it
	AcceptedAnswerID *int64
	ClosedReason     string
	ClosedAt         *time.Time
	ClosedBy         *int64 // who closed the question
	DuplicateOfID    *int64
	Revision         int
	LastEditorID     *int64
	EditedAt         *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
	LastActivityAt   time.Time
	DeletedAt        *time.Time
	DeletedBy        *int64 // who deleted the post
	DeletedAccepted  bool   // the deletion took back an acceptance: a deleted answer was accepted, or a deleted question had an accepted answer
}

// TypeIs is the condition "col is a post of type t", with t written into the
// SQL text rather than passed as a parameter: PostgreSQL can then keep one
// generic plan for a prepared query and still use the partial indexes (WHERE
// type = 1), where a parameter makes it plan every execution afresh.
func TypeIs(col string, t int) string { return col + " = " + strconv.Itoa(t) }

// ViewCountsJoin and ViewCountColumn read a post's view count (Post.ViewCount)
// in a query over posts AS p.
const (
	ViewCountsJoin  = "LEFT JOIN view_counts vc ON vc.post_id = p.id"
	ViewCountColumn = "COALESCE(vc.views, 0) AS view_count"
)

// Tag is a topic label on questions.
type Tag struct {
	ID            int64
	Name          string
	QuestionCount int
	Excerpt       string
	CreatedAt     time.Time
}

// PostTag links a question to a tag.
type PostTag struct {
	TagID  int64 `gorm:"primaryKey;autoIncrement:false"`
	PostID int64 `gorm:"primaryKey;autoIncrement:false"`
}

// Comment is a short remark on a question or an answer.
type Comment struct {
	ID        int64
	PostID    int64
	OwnerID   *int64
	OwnerName string // an imported author who is no account here; "" otherwise
	Body      string
	BodyHTML  string `gorm:"column:body_html"`
	Score     int
	CreatedAt time.Time
	EditedAt  *time.Time // the last edit of its text; nil when never edited
	DeletedAt *time.Time
}

// SuggestedEdit is a new version of a post proposed by someone who may not
// edit it directly: the whole title, body (Markdown) and tags, with the
// version it was made from. It waits (status "pending") for a reviewer, who
// approves it (saved as Revision, credited to UserID) or rejects it.
type SuggestedEdit struct {
	ID           int64
	PostID       int64
	UserID       int64
	BaseRevision int
	OldTitle     string
	OldBody      string
	OldTags      string
	Title        string
	Body         string
	Tags         string
	Comment      string
	Status       string
	CreatedAt    time.Time
	ReviewedAt   *time.Time
	ReviewedBy   *int64
	RejectReason string
	RejectNote   string
	Revision     *int
}

// Flag is a member's report of a post, or of a comment (CommentID set, with
// the comment's post), to the moderators. It waits (status "pending") until
// a moderator deals with it: "helpful" or "declined".
type Flag struct {
	ID         int64
	PostID     int64
	CommentID  *int64
	UserID     int64
	Reason     string // spam, rude, not_an_answer, other
	Note       string
	Status     string
	CreatedAt  time.Time
	ResolvedAt *time.Time
	ResolvedBy *int64
	// DeclineNote is the moderator's word to the flagger on declining it
	// (plain text, at most qa.FlagDeclineNoteMax characters; may be empty).
	DeclineNote string
	// DuplicateOfID is, for a "duplicate" flag, the question the flagged one duplicates.
	DuplicateOfID *int64
}

// CloseVote is a member's vote to close a question, with the reason (and
// for a duplicate the question it duplicates). It is open (EndedAt nil)
// until retracted (deleted) or until the question closes or reopens;
// Closed marks the votes that closed it.
type CloseVote struct {
	ID            int64
	QuestionID    int64
	UserID        int64
	Reason        string
	DuplicateOfID *int64
	CreatedAt     time.Time
	EndedAt       *time.Time
	Closed        bool
}

// PostRevision is one version of a post, kept for every edit.
type PostRevision struct {
	ID           int64
	PostID       int64
	Revision     int
	EditorID     *int64
	Title        string
	BodyMarkdown string
	Tags         string
	Comment      string
	CreatedAt    time.Time
}

// Counter is a named count kept exact in the transactions that change it.
type Counter struct {
	Name  string `gorm:"primaryKey"`
	Value int64
}

// SearchOutbox records that a post's searchable content changed.
type SearchOutbox struct {
	ID        int64
	PostID    int64
	CreatedAt time.Time
}

// TableName names the table of SearchOutbox.
func (SearchOutbox) TableName() string { return "search_outbox" }

// AuditEntry records a privileged or destructive action.
type AuditEntry struct {
	ID         int64
	ActorID    *int64
	Action     string
	TargetType string
	TargetID   *int64
	Detail     string
	CreatedAt  time.Time
}

// TableName names the table of AuditEntry.
func (AuditEntry) TableName() string { return "audit_log" }

// Vote is one user's up (+1) or down (-1) vote on a post.
type Vote struct {
	ID        int64
	PostID    int64
	UserID    *int64
	Value     int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ReputationEvent is one line of the reputation ledger.
type ReputationEvent struct {
	ID        int64
	UserID    int64
	PostID    *int64
	ActorID   *int64
	Kind      string
	Delta     int
	CreatedAt time.Time
}

// UserBadge is a badge a user earned; Tag and PostID are set for tag and post badges.
type UserBadge struct {
	ID        int64
	UserID    int64
	Badge     string
	Tag       string
	PostID    int64
	CreatedAt time.Time
}
