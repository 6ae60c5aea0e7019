package qa

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// The reasons a flag gives. FlagNotAnAnswer is for answers only,
// FlagDuplicate for questions only (naming the question duplicated);
// FlagOther says in its note what the moderators should look at.
const (
	FlagSpam        = "spam"
	FlagRude        = "rude"
	FlagNotAnAnswer = "not_an_answer"
	FlagDuplicate   = "duplicate"
	FlagOther       = "other"
)

// FlagReasons are the reasons in the order forms offer them.
var FlagReasons = []string{FlagSpam, FlagRude, FlagNotAnAnswer, FlagDuplicate, FlagOther}

// The states of a flag: waiting for a moderator, or dealt with.
const (
	FlagPending  = "pending"
	FlagHelpful  = "helpful"
	FlagDeclined = "declined"
)

// Limits on flags: a note's length (a reason "other" needs one), and how
// many flags one person raises in a day unless configured (Service.FlagsPerDay),
// so that flags stay a signal.
const (
	FlagNoteMin        = 10
	FlagNoteMax        = 500
	FlagDeclineNoteMax = 200 // a moderator's word to the flaggers on declining
	DefaultFlagsPerDay = 10
	flagQueueLimit     = 200 // flags read per page of the queue's items at most
)

// FlagLimit is how many flags one person raises in 24 hours.
func (s *Service) FlagLimit() int {
	if s.FlagsPerDay > 0 {
		return s.FlagsPerDay
	}
	return DefaultFlagsPerDay
}

// FlagInput is a flag as a member raises it; a "duplicate" flag names the
// question the flagged one duplicates.
type FlagInput struct {
	Reason      string
	Note        string
	DuplicateOf int64
}

// ReasonsFor lists the reasons that fit a post type (0 for a comment).
func ReasonsFor(postType int) []string {
	switch postType {
	case store.PostAnswer:
		return []string{FlagSpam, FlagRude, FlagNotAnAnswer, FlagOther}
	case store.PostQuestion:
		return []string{FlagSpam, FlagRude, FlagDuplicate, FlagOther}
	}
	return []string{FlagSpam, FlagRude, FlagOther}
}

// validate checks a flag's reason and note for a post type (0: a comment);
// the note is taken without white space around it (a blank one is none).
func (in *FlagInput) validate(postType int) error {
	in.Note = strings.TrimSpace(in.Note)
	var f errs.Fields
	fit := ReasonsFor(postType)
	switch {
	case slices.Contains(fit, in.Reason):
	case slices.Contains(FlagReasons, in.Reason): // a reason, for another kind of post
		kv := []any{"Reason", in.Reason, "Reasons", strings.Join(fit, ", ")}
		switch postType {
		case store.PostQuestion:
			f.Add("reason", "field.flag_reason.not_for_question", "A question is not flagged as {{.Reason}}: use one of {{.Reasons}}.", kv...)
		case store.PostAnswer:
			f.Add("reason", "field.flag_reason.not_for_answer", "An answer is not flagged as {{.Reason}}: use one of {{.Reasons}}.", kv...)
		default:
			f.Add("reason", "field.flag_reason.not_for_comment", "A comment is not flagged as {{.Reason}}: use one of {{.Reasons}}.", kv...)
		}
	default:
		f.Add("reason", "field.flag_reason.invalid", "Choose why this needs a moderator.")
	}
	switch {
	case in.Reason == FlagOther:
		checkText(&f, "note", in.Note, FlagNoteMin, FlagNoteMax, true)
	case in.Note != "":
		checkText(&f, "note", in.Note, 1, FlagNoteMax, true)
	}
	switch {
	case in.Reason == FlagDuplicate && in.DuplicateOf <= 0:
		f.Add("duplicate_of", "field.duplicate_of.required", "Give the question this one duplicates.")
	case in.Reason != FlagDuplicate && in.DuplicateOf != 0:
		f.Add("duplicate_of", "field.duplicate_of.not_duplicate", "Only a duplicate names another question.")
	}
	return f.Err()
}

// FlagPost raises a flag on a live question or answer for the moderators.
// Nobody flags their own post, nor the same post twice while a flag waits.
func (s *Service) FlagPost(ctx context.Context, actor *store.User, postID int64, in FlagInput) (*store.Flag, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	var fl *store.Flag
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var p store.Post
		q := tx
		if tx.Dialector.Name() == "postgres" { // a deletion at the same time waits, or is seen
			q = q.Clauses(clause.Locking{Strength: "SHARE"})
		}
		err := q.Select("id", "type", "owner_id").Where("id = ? AND deleted_at IS NULL AND "+liveParent, postID).Take(&p).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "post.not_found", "No such post.")
		}
		if err != nil {
			return err
		}
		if err := in.validate(p.Type); err != nil {
			return err
		}
		if actor.Owns(p.OwnerID) {
			return errs.E(errs.Forbidden, "flag.own", "You cannot flag your own post; edit or delete it instead.")
		}
		fl = &store.Flag{PostID: p.ID, Reason: in.Reason, Note: in.Note}
		if in.Reason == FlagDuplicate {
			if err := duplicateFlagTarget(tx, p.ID, in.DuplicateOf); err != nil {
				return err
			}
			fl.DuplicateOfID = &in.DuplicateOf
		}
		return s.raiseFlag(tx, actor, fl)
	})
	if err != nil {
		return nil, wrap(err, "qa: flag post")
	}
	return fl, nil
}

// FlagComment raises a flag on a live comment of a live post.
func (s *Service) FlagComment(ctx context.Context, actor *store.User, commentID int64, in FlagInput) (*store.Flag, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	var fl *store.Flag
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		c, err := liveComment(tx, commentID)
		if err != nil {
			return err
		}
		if err := in.validate(0); err != nil {
			return err
		}
		if actor.Owns(c.OwnerID) {
			return errs.E(errs.Forbidden, "flag.own_comment", "You cannot flag your own comment; delete it instead.")
		}
		fl = &store.Flag{PostID: c.PostID, CommentID: &c.ID, Reason: in.Reason, Note: in.Note}
		return s.raiseFlag(tx, actor, fl)
	})
	if err != nil {
		return nil, wrap(err, "qa: flag comment")
	}
	return fl, nil
}

// duplicateFlagTarget checks the question a "duplicate" flag on question id
// names as closing would take it: another question, not deleted, whose
// original (it, or the question it is closed as a duplicate of) has an
// answer, so that the queue's "Close as a duplicate" can close it.
func duplicateFlagTarget(tx *gorm.DB, id, dup int64) error {
	var f errs.Fields
	if dup == id {
		f.Add("duplicate_of", "field.duplicate_of.self", "A question cannot duplicate itself.")
		return f.Err()
	}
	var target store.Post
	err := tx.Where("id = ? AND deleted_at IS NULL AND "+store.TypeIs("type", store.PostQuestion), dup).Take(&target).Error
	if store.IsNotFound(err) {
		f.Add("duplicate_of", "field.duplicate_of.not_found", "There is no question {{.ID}}.", "ID", dup)
		return f.Err()
	}
	if err != nil {
		return err
	}
	orig, err := original(tx, id, &target)
	if err != nil {
		return err
	}
	if orig.AnswerCount == 0 {
		f.Add("duplicate_of", "field.duplicate_of.unanswered", "Question {{.ID}} has no answer yet: a duplicate sends readers to answers.", "ID", orig.ID)
	}
	return f.Err()
}

// liveComment reads a comment that shows: it and its post are not deleted.
func liveComment(tx *gorm.DB, commentID int64) (*store.Comment, error) {
	var c store.Comment
	err := tx.Where("id = ? AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM posts WHERE posts.id = comments.post_id AND posts.deleted_at IS NULL AND "+liveParent+")", commentID).Take(&c).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "comment.not_found", "No such comment.")
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// raiseFlag stores a flag after the checks every flag passes: one waiting
// flag a person and post or comment, and FlagsPerDay a day.
func (s *Service) raiseFlag(tx *gorm.DB, actor *store.User, fl *store.Flag) error {
	if err := lockWriter(tx, actor.ID); err != nil {
		return err
	}
	now := s.now()
	var n int64
	if err := flagTarget(tx, fl.PostID, fl.CommentID).
		Where("user_id = ? AND status = ?", actor.ID, FlagPending).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return errs.E(errs.Conflict, "flag.twice", "You flagged this already; a moderator will look at it.")
	}
	if err := tx.Model(&store.Flag{}).Where("user_id = ? AND created_at > ?", actor.ID, now.Add(-24*time.Hour)).Count(&n).Error; err != nil {
		return err
	}
	if limit := s.FlagLimit(); n >= int64(limit) {
		return errs.E(errs.RateLimited, "flag.too_many", "You have raised {{.Max}} flags in the last 24 hours; please wait before raising more.", "Max", limit)
	}
	fl.UserID, fl.Status, fl.CreatedAt = actor.ID, FlagPending, now
	return tx.Create(fl).Error
}

// flagTarget narrows a query of flags to one post's own flags, or one comment's.
func flagTarget(tx *gorm.DB, postID int64, commentID *int64) *gorm.DB {
	q := tx.Model(&store.Flag{})
	if commentID != nil {
		return q.Where("post_id = ? AND comment_id = ?", postID, *commentID)
	}
	return q.Where("post_id = ? AND comment_id IS NULL", postID)
}

// resolveFlagsOnDelete marks the waiting flags helpful when a moderator
// deletes what they flag, in the deletion's transaction: the post with its
// comments (and, for a question, its answers and theirs), or the comment;
// their flaggers are told. An author's own deletion resolves nothing:
// restored, the post is in the queue again, so deleting and restoring
// cannot slip past the moderators.
func resolveFlagsOnDelete(tx *gorm.DB, actor *store.User, p *store.Post, commentID *int64, now time.Time) error {
	if !actor.IsStaff() {
		return nil
	}
	q := tx.Model(&store.Flag{}).Where("status = ?", FlagPending)
	switch {
	case commentID != nil:
		q = q.Where("post_id = ? AND comment_id = ?", p.ID, *commentID)
	case p.Type == store.PostQuestion:
		q = q.Where("(post_id = ? OR post_id IN (SELECT id FROM posts WHERE parent_id = ?))", p.ID, p.ID)
	default:
		q = q.Where("post_id = ?", p.ID)
	}
	if tx.Dialector.Name() == "postgres" { // as ResolveFlags: a decision at the same time waits
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var open []store.Flag
	if err := q.Select("id", "post_id", "comment_id", "user_id").Order("id").Find(&open).Error; err != nil || len(open) == 0 {
		return err
	}
	ids := make([]int64, len(open))
	for i, f := range open {
		ids[i] = f.ID
	}
	if err := tx.Model(&store.Flag{}).Where("id IN ?", ids).
		Updates(map[string]any{"status": FlagHelpful, "resolved_at": now, "resolved_by": actor.ID}).Error; err != nil {
		return err
	}
	// A flagger hears of a deletion once (notify.Write keeps each person's
	// first): of what was deleted, when they flagged it, before an answer
	// or comment that went with it, whichever they flagged first.
	slices.SortStableFunc(open, func(a, b store.Flag) int {
		return cmp.Compare(flagRank(&a, p), flagRank(&b, p))
	})
	return notify.FlagsResolved(tx, open, true, true, "", actor.ID, now)
}

// flagRank orders the flags a deletion of p resolves: those of p itself first.
func flagRank(f *store.Flag, p *store.Post) int {
	if f.PostID == p.ID && f.CommentID == nil {
		return 0
	}
	return 1
}

// Flagged is a post or comment with the flags that wait on it.
type Flagged struct {
	PostID     int64
	CommentID  *int64
	PostType   int   // of the post (or the comment's post)
	QuestionID int64 // the question whose page shows it
	Title      string
	Excerpt    string // of the flagged text
	OwnerID    *int64
	OwnerName  string // an imported author
	Flags      []store.Flag
	First      time.Time // the oldest waiting flag
	// Closed says the flagged question is closed now (a moderator may have
	// dealt with a "duplicate" flag that way), DuplicateOf the question it
	// was closed as a duplicate of; both unset for answers and comments on them.
	Closed      bool
	DuplicateOf *int64
}

// Reasons counts the flags by reason, in the order of FlagReasons.
func (f *Flagged) Reasons() []ReasonCount {
	var out []ReasonCount
	for _, r := range FlagReasons {
		n := 0
		for _, fl := range f.Flags {
			if fl.Reason == r {
				n++
			}
		}
		if n > 0 {
			out = append(out, ReasonCount{r, n})
		}
	}
	return out
}

// Newest is the id of the newest flag shown: resolving up to it leaves
// flags raised meanwhile waiting.
func (f *Flagged) Newest() int64 {
	var id int64
	for _, fl := range f.Flags {
		id = max(id, fl.ID)
	}
	return id
}

// ReasonCount is how many flags give a reason.
type ReasonCount struct {
	Reason string
	Count  int
}

// FlagQueue is a page of the moderators' queue: posts and comments with
// waiting flags, the longest waiting first, and the people they name.
type FlagQueue struct {
	Items []Flagged
	Total int64
	Users map[int64]*store.User
}

// RequireStaff refuses anyone but moderators and administrators.
func RequireStaff(actor *store.User) error {
	if actor == nil {
		return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	if !actor.IsStaff() {
		return errs.E(errs.Forbidden, "flag.staff_only", "Only moderators see and handle flags.")
	}
	return nil
}

// pendingTargets selects the posts and comments with waiting flags that
// still show (their post, its question and the comment are not deleted).
const pendingTargets = `FROM flags f JOIN posts p ON p.id = f.post_id AND p.deleted_at IS NULL
	LEFT JOIN posts q ON q.id = p.parent_id
	LEFT JOIN comments c ON c.id = f.comment_id
	WHERE f.status = 'pending' AND (q.id IS NULL OR q.deleted_at IS NULL) AND (f.comment_id IS NULL OR c.deleted_at IS NULL)`

// PendingFlags counts the posts and comments that wait for a moderator.
func (s *Service) PendingFlags(ctx context.Context) (int64, error) {
	var n int64
	err := s.Store.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM (SELECT f.post_id, f.comment_id ` + pendingTargets + ` GROUP BY f.post_id, f.comment_id) t`).Scan(&n).Error
	if err != nil {
		return 0, errs.Internalf(err, "qa: pending flags")
	}
	return n, nil
}

// Flags reads a page of the moderators' queue.
func (s *Service) Flags(ctx context.Context, actor *store.User, page, size int) (*FlagQueue, error) {
	if err := RequireStaff(actor); err != nil {
		return nil, err
	}
	if size < 1 || size > MaxPageSize {
		size = 20
	}
	db := s.Store.DB.WithContext(ctx)
	out := &FlagQueue{Items: []Flagged{}}
	var err error
	if out.Total, err = s.PendingFlags(ctx); err != nil {
		return nil, err
	}
	var targets []struct {
		PostID    int64
		CommentID *int64
	}
	// The oldest flag is the lowest id (a time's MIN reads back as text on SQLite).
	err = db.Raw(`SELECT f.post_id, f.comment_id, MIN(f.id) AS first `+pendingTargets+`
		GROUP BY f.post_id, f.comment_id ORDER BY first, f.post_id, f.comment_id LIMIT ? OFFSET ?`,
		size, (max(page, 1)-1)*size).Scan(&targets).Error
	if err != nil {
		return nil, errs.Internalf(err, "qa: flag queue")
	}
	if len(targets) == 0 {
		out.Users = map[int64]*store.User{}
		return out, nil
	}
	var postIDs, commentIDs, userIDs []int64
	for _, t := range targets {
		postIDs = append(postIDs, t.PostID)
		if t.CommentID != nil {
			commentIDs = append(commentIDs, *t.CommentID)
		}
	}
	var flags []store.Flag
	if err := db.Where("status = ? AND post_id IN ?", FlagPending, postIDs).Order("created_at, id").Limit(flagQueueLimit * size).Find(&flags).Error; err != nil {
		return nil, errs.Internalf(err, "qa: flag queue")
	}
	var posts []store.Post
	if err := db.Select("id", "type", "parent_id", "title", "body_markdown", "body_html", "owner_id", "owner_name",
		"closed_at", "closed_reason", "duplicate_of_id").
		Where("id IN ?", postIDs).Find(&posts).Error; err != nil {
		return nil, errs.Internalf(err, "qa: flag queue")
	}
	byID, titles, err := withQuestionTitles(db, posts)
	if err != nil {
		return nil, errs.Internalf(err, "qa: flag queue")
	}
	comments := map[int64]*store.Comment{}
	if len(commentIDs) > 0 {
		var cs []store.Comment
		if err := db.Where("id IN ?", commentIDs).Find(&cs).Error; err != nil {
			return nil, errs.Internalf(err, "qa: flag queue")
		}
		for i := range cs {
			comments[cs[i].ID] = &cs[i]
		}
	}
	for _, t := range targets {
		p := byID[t.PostID]
		if p == nil {
			continue
		}
		it := Flagged{PostID: p.ID, CommentID: t.CommentID, PostType: p.Type, QuestionID: p.ID, Title: p.Title,
			OwnerID: p.OwnerID, OwnerName: p.OwnerName}
		if p.ParentID != nil {
			it.QuestionID, it.Title = *p.ParentID, titles[*p.ParentID]
		} else if p.ClosedAt != nil {
			it.Closed = true
			if p.ClosedReason == CloseDuplicate {
				it.DuplicateOf = p.DuplicateOfID
			}
		}
		if c := comments[deref(t.CommentID)]; t.CommentID != nil && c != nil {
			it.OwnerID, it.OwnerName = c.OwnerID, c.OwnerName
			it.Excerpt = markdown.Excerpt(markdown.PlainText(c.Body), 300)
		} else {
			it.Excerpt = markdown.Excerpt(PostText(p), 300)
		}
		for _, fl := range flags {
			if fl.PostID == t.PostID && (fl.CommentID == nil) == (t.CommentID == nil) && (fl.CommentID == nil || *fl.CommentID == *t.CommentID) {
				if len(it.Flags) == 0 {
					it.First = fl.CreatedAt
				}
				it.Flags = append(it.Flags, fl)
				userIDs = append(userIDs, fl.UserID)
			}
		}
		if it.OwnerID != nil {
			userIDs = append(userIDs, *it.OwnerID)
		}
		out.Items = append(out.Items, it)
	}
	if out.Users, err = s.users(ctx, userIDs); err != nil {
		return nil, err
	}
	return out, nil
}

// PostText is a post's text without markup (imported posts keep HTML only).
func PostText(p *store.Post) string {
	if p.BodyMarkdown == "" && p.BodyHTML != "" {
		return markdown.PlainText(markdown.ToMarkdown(p.BodyHTML))
	}
	return markdown.PlainText(p.BodyMarkdown)
}

// ResolveFlags closes the waiting flags on a post (commentID nil) or a
// comment: helpful (the moderator acted on them, say by editing) or
// declined (nothing to do). upTo, when above 0, is the newest flag the
// moderator saw: flags raised since wait on. Deleting the post or comment
// resolves its flags as helpful by itself. It returns how many flags it
// closed (none is no error: a second click, or another moderator was
// first); the decision is on record in the audit log, and each flagger is
// told it in their inbox. note, for a decline only, is the moderator's word
// to the flaggers (one line of plain text, at most FlagDeclineNoteMax
// characters; blank for none): kept on each flag and told with the decision.
func (s *Service) ResolveFlags(ctx context.Context, actor *store.User, postID int64, commentID *int64, upTo int64, helpful bool, note string) (int64, error) {
	if err := RequireStaff(actor); err != nil {
		return 0, err
	}
	note = strings.TrimSpace(note)
	var badNote errs.Fields // said once the post or comment is found: a note for nothing is beside the point
	if note != "" {
		if helpful {
			badNote.Add("note", "field.flag_decline_note.helpful", "A note to the flaggers goes with dismissing their flags only.")
		} else {
			checkText(&badNote, "note", note, 1, FlagDeclineNoteMax, false)
		}
	}
	status, action := FlagDeclined, "flags.decline"
	if helpful {
		status, action = FlagHelpful, "flags.helpful"
	}
	var n int64
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var found int64
		var err error
		if commentID != nil {
			err = tx.Model(&store.Comment{}).Where("id = ? AND post_id = ?", *commentID, postID).Count(&found).Error
		} else {
			err = tx.Model(&store.Post{}).Where("id = ?", postID).Count(&found).Error
		}
		if err != nil {
			return err
		}
		if found == 0 {
			return errs.E(errs.NotFound, "flag.target_not_found", "No such post or comment.")
		}
		if err := badNote.Err(); err != nil {
			return err
		}
		// The flags to close, locked: of two moderators at once, the
		// second finds none and records nothing.
		q := flagTarget(tx, postID, commentID).Where("status = ?", FlagPending)
		if upTo > 0 {
			q = q.Where("id <= ?", upTo)
		}
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var open []store.Flag
		if err := q.Select("id", "post_id", "comment_id", "user_id", "reason").Order("id").Find(&open).Error; err != nil {
			return err
		}
		if len(open) == 0 {
			return nil
		}
		ids := make([]int64, len(open))
		reasons := make([]string, len(open))
		for i, f := range open {
			ids[i], reasons[i] = f.ID, f.Reason
		}
		now := s.now()
		res := tx.Model(&store.Flag{}).Where("id IN ? AND status = ?", ids, FlagPending).
			Updates(map[string]any{"status": status, "resolved_at": now, "resolved_by": actor.ID, "decline_note": note})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		n = res.RowsAffected
		detail := strings.Join(reasons, ", ")
		if commentID != nil {
			detail = fmt.Sprintf("comment #%d: %s", *commentID, detail)
		}
		if note != "" {
			detail += " — " + note
		}
		if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: action, TargetType: "post", TargetID: &postID,
			Detail: detail, CreatedAt: now}).Error; err != nil {
			return err
		}
		return notify.FlagsResolved(tx, open, helpful, false, note, actor.ID, now)
	})
	if err != nil {
		return 0, wrap(err, "qa: resolve flags")
	}
	return n, nil
}

// MyPendingFlags reports which of the given posts, and which comments of
// them, the user has flagged and a moderator has not yet dealt with: the
// page then shows "flagged" instead of the link.
func (s *Service) MyPendingFlags(ctx context.Context, u *store.User, postIDs []int64) (posts, comments map[int64]bool, err error) {
	posts, comments = map[int64]bool{}, map[int64]bool{}
	if u == nil || len(postIDs) == 0 {
		return posts, comments, nil
	}
	var rows []store.Flag
	if err := s.Store.DB.WithContext(ctx).Select("post_id", "comment_id").
		Where("user_id = ? AND status = ? AND post_id IN ?", u.ID, FlagPending, postIDs).Find(&rows).Error; err != nil {
		return nil, nil, errs.Internalf(err, "qa: my flags")
	}
	for _, r := range rows {
		if r.CommentID != nil {
			comments[*r.CommentID] = true
		} else {
			posts[r.PostID] = true
		}
	}
	return posts, comments, nil
}

// FlagRecord counts the flags a user has raised and how many of them a
// moderator found helpful, for the flag form.
func (s *Service) FlagRecord(ctx context.Context, u *store.User) (raised, helpful, today int64, err error) {
	if u == nil {
		return 0, 0, 0, nil
	}
	var r struct{ Raised, Helpful, Today int64 }
	if err := s.Store.DB.WithContext(ctx).Raw(`SELECT COUNT(*) AS raised,
		COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS helpful,
		COALESCE(SUM(CASE WHEN created_at > ? THEN 1 ELSE 0 END), 0) AS today FROM flags WHERE user_id = ?`,
		FlagHelpful, s.now().Add(-24*time.Hour), u.ID).Scan(&r).Error; err != nil {
		return 0, 0, 0, errs.Internalf(err, "qa: flag record")
	}
	return r.Raised, r.Helpful, r.Today, nil
}

// Comment reads a comment that shows (it and its post live).
func (s *Service) Comment(ctx context.Context, id int64) (*store.Comment, error) {
	c, err := liveComment(s.Store.DB.WithContext(ctx), id)
	if err != nil {
		return nil, wrap(err, "qa: comment")
	}
	return c, nil
}

// DeclinedFlag is one of a member's flags that a moderator declined with a
// note, as the flag form shows it.
type DeclinedFlag struct {
	Reason     string
	Note       string // the moderator's
	ResolvedAt time.Time
	PostID     int64
	CommentID  *int64
	QuestionID int64  // 0 when the post or its question is deleted
	Title      string // the question's, when it stands
}

// FlagDeclineNotes lists the latest of a member's flags that a moderator
// declined with a note, newest first (at most limit), for their record on
// the flag form.
func (s *Service) FlagDeclineNotes(ctx context.Context, u *store.User, limit int) ([]DeclinedFlag, error) {
	if u == nil {
		return nil, nil
	}
	var out []DeclinedFlag
	err := s.Store.DB.WithContext(ctx).Table("flags f").
		Select(`f.reason, f.decline_note AS note, f.resolved_at, f.post_id, f.comment_id,
			CASE WHEN p.deleted_at IS NULL AND (q.id IS NULL OR q.deleted_at IS NULL) THEN COALESCE(q.id, p.id) ELSE 0 END AS question_id,
			CASE WHEN p.deleted_at IS NULL AND (q.id IS NULL OR q.deleted_at IS NULL) THEN COALESCE(q.title, p.title) ELSE '' END AS title`).
		Joins("JOIN posts p ON p.id = f.post_id").
		Joins("LEFT JOIN posts q ON q.id = p.parent_id").
		Where("f.user_id = ? AND f.status = ? AND f.decline_note <> ''", u.ID, FlagDeclined).
		Order("f.resolved_at DESC, f.id DESC").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, errs.Internalf(err, "qa: flag decline notes")
	}
	return out, nil
}
