package auth

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// AuditActions are the actions the audit log records: password links issued,
// resets asked for and passwords set with either (who may have taken an
// account), which accounts administrators created (with their role), who
// gave whom a role or named them an SME, what moderators
// closed, reopened, deleted and restored, and which tickets an
// administrator took from the agent who held them, which priority the
// hotline gave a ticket, who created an API token (with its scope) and
// whose API tokens an administrator revoked.
var AuditActions = []string{"account.create", "role", "password_link", "password_reset", "password_set", "sme.add", "sme.remove",
	"close", "reopen", "delete", "undelete", "comment.edit", "comment.delete", "comment.undelete",
	"flags.helpful", "flags.decline", "upload.remove", "ticket.release", "ticket.handover", "ticket.priority", "token.create", "token.revoke", "deactivate", "reactivate"}

// AuditFilter narrows the audit log; zero values match everything.
type AuditFilter struct {
	Action     string // one of AuditActions
	TargetType string // "user", "post" or "ticket"
	TargetID   int64
	ActorID    int64
	UserID     int64 // entries by the user or about them
}

// AuditRecord is an audit log entry with the people it names.
type AuditRecord struct {
	store.AuditEntry
	Actor  *store.User // nil: the command line, or the forgot-password form
	Target *store.User // for entries about a user
	// For entries about a post: the title of its question, and whether the
	// post is an answer to it.
	PostTitle string
	Answer    bool
}

// CanReadAudit refuses anyone but an administrator: handlers ask it before
// they read the log's filters, so that others learn nothing from the log's
// validation either.
func CanReadAudit(actor *store.User) error {
	if actor == nil || actor.Role != store.RoleAdmin {
		return errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	return nil
}

// AuditLog lists the audit log, newest first (administrators only).
func (s *Service) AuditLog(ctx context.Context, actor *store.User, f AuditFilter, page, size int) ([]AuditRecord, int64, error) {
	if err := CanReadAudit(actor); err != nil {
		return nil, 0, err
	}
	var fe errs.Fields
	if f.Action != "" && !slices.Contains(AuditActions, f.Action) {
		fe.Add("action", "field.audit_action", "Unknown action: use one of {{.Actions}}.", "Actions", strings.Join(AuditActions, ", "))
	}
	if f.TargetType != "" && f.TargetType != "user" && f.TargetType != "post" && f.TargetType != "ticket" {
		fe.Add("target_type", "field.audit_target", "Use user, post or ticket.")
	}
	for _, id := range []struct {
		field string
		v     int64
	}{{"target_id", f.TargetID}, {"actor_id", f.ActorID}, {"user_id", f.UserID}} {
		if id.v < 0 {
			fe.Add(id.field, "field.id_number", "Use an id: a whole number from 1 up.")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, 0, err
	}
	q := auditQuery(s.Store.DB.WithContext(ctx), f)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "auth: audit log")
	}
	var rows []store.AuditEntry
	if err := auditPage(q, page, size).Find(&rows).Error; err != nil {
		return nil, 0, errs.Internalf(err, "auth: audit log")
	}
	var ids []int64
	for _, r := range rows {
		if r.ActorID != nil {
			ids = append(ids, *r.ActorID)
		}
		if r.TargetType == "user" && r.TargetID != nil {
			ids = append(ids, *r.TargetID)
		}
	}
	users := map[int64]*store.User{}
	if len(ids) > 0 {
		var us []store.User
		if err := s.Store.DB.WithContext(ctx).Where("id IN ?", ids).Find(&us).Error; err != nil {
			return nil, 0, errs.Internalf(err, "auth: audit log users")
		}
		for i := range us {
			users[us[i].ID] = &us[i]
		}
	}
	posts, err := s.auditPosts(ctx, rows)
	if err != nil {
		return nil, 0, err
	}
	out := make([]AuditRecord, len(rows))
	for i, r := range rows {
		out[i] = AuditRecord{AuditEntry: r}
		if p, ok := posts[ptr(r.TargetID)]; ok && r.TargetType == "post" {
			out[i].PostTitle, out[i].Answer = p.Title, p.Answer
		}
		if r.ActorID != nil {
			out[i].Actor = users[*r.ActorID]
		}
		if r.TargetType == "user" && r.TargetID != nil {
			out[i].Target = users[*r.TargetID]
		}
	}
	return out, total, nil
}

// auditPost is what an audit entry shows of a post: its question's title.
type auditPost struct {
	Title  string
	Answer bool
}

// auditPosts finds the question titles of the posts entries are about,
// deleted ones too, in two queries (the posts, then the answers' questions).
func (s *Service) auditPosts(ctx context.Context, rows []store.AuditEntry) (map[int64]auditPost, error) {
	var ids []int64
	for _, r := range rows {
		if r.TargetType == "post" && r.TargetID != nil {
			ids = append(ids, *r.TargetID)
		}
	}
	out := map[int64]auditPost{}
	if len(ids) == 0 {
		return out, nil
	}
	db := s.Store.DB.WithContext(ctx)
	var ps []store.Post
	if err := db.Select("id", "parent_id", "title").Where("id IN ?", ids).Find(&ps).Error; err != nil {
		return nil, errs.Internalf(err, "auth: audit log posts")
	}
	var parents []int64
	for _, p := range ps {
		if p.ParentID != nil {
			parents = append(parents, *p.ParentID)
		}
	}
	titles := map[int64]string{}
	if len(parents) > 0 {
		var qs []store.Post
		if err := db.Select("id", "title").Where("id IN ?", parents).Find(&qs).Error; err != nil {
			return nil, errs.Internalf(err, "auth: audit log questions")
		}
		for _, q := range qs {
			titles[q.ID] = q.Title
		}
	}
	for _, p := range ps {
		if p.ParentID != nil {
			out[p.ID] = auditPost{Title: titles[*p.ParentID], Answer: true}
		} else {
			out[p.ID] = auditPost{Title: p.Title}
		}
	}
	return out, nil
}

func ptr(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// auditQuery selects the audit entries the filter asks for. The entries by
// one person (actor_id, and user_id's first half) are found by the index
// audit_log_actor, those about one (target_id, user_id's second half) by
// audit_log_target.
func auditQuery(db *gorm.DB, f AuditFilter) *gorm.DB {
	q := db.Model(&store.AuditEntry{})
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.TargetType != "" {
		q = q.Where("target_type = ?", f.TargetType)
	}
	if f.TargetID != 0 {
		q = q.Where("target_id = ?", f.TargetID)
	}
	if f.ActorID != 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.UserID != 0 {
		q = q.Where("(actor_id = ? OR (target_type = 'user' AND target_id = ?))", f.UserID, f.UserID)
	}
	return q
}

// auditPage orders the entries newest first and takes one page of them.
func auditPage(q *gorm.DB, page, size int) *gorm.DB {
	return q.Order("id DESC").Offset((page - 1) * size).Limit(size)
}
