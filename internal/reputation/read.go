package reputation

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// MyVotes returns the user's votes on the given posts (post id → value).
func (s *Service) MyVotes(ctx context.Context, u *store.User, postIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if u == nil || len(postIDs) == 0 {
		return out, nil
	}
	var vs []store.Vote
	if err := s.Store.DB.WithContext(ctx).Select("post_id", "value").
		Where("user_id = ? AND post_id IN ?", u.ID, postIDs).Find(&vs).Error; err != nil {
		return nil, errs.Internalf(err, "reputation: my votes")
	}
	for _, v := range vs {
		out[v.PostID] = v.Value
	}
	return out, nil
}

// EventView is a ledger line with the title of the question it concerns.
type EventView struct {
	store.ReputationEvent
	QuestionID    int64
	QuestionTitle string
}

// visible is the condition "event e's post p, and its question q if p is an
// answer, are live": the history names only questions anyone may open.
const visible = "p.deleted_at IS NULL AND p.id IS NOT NULL AND (p.parent_id IS NULL OR q.deleted_at IS NULL AND q.id IS NOT NULL)"

// Events returns a page of the user's reputation history, newest first by
// date, then by id (an event written later than its date, as the demo's
// and an import's are, takes its place by date); an event on a deleted
// post keeps its line without the question's title.
func (s *Service) Events(ctx context.Context, userID int64, page, size int) ([]EventView, int64, error) {
	db := s.Store.DB.WithContext(ctx)
	var total int64
	if err := db.Model(&store.ReputationEvent{}).Where("user_id = ?", userID).Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "reputation: count events")
	}
	var out []EventView
	err := db.Table("reputation_events AS e").
		Select("e.*, CASE WHEN "+visible+" THEN COALESCE(q.id, p.id) ELSE 0 END AS question_id, "+
			"CASE WHEN "+visible+" THEN COALESCE(q.title, p.title) ELSE '' END AS question_title").
		Joins("LEFT JOIN posts p ON p.id = e.post_id").
		Joins("LEFT JOIN posts q ON q.id = p.parent_id").
		Where("e.user_id = ?", userID).Order("e.created_at DESC, e.id DESC").
		Limit(size).Offset((page - 1) * size).Scan(&out).Error
	if err != nil {
		return nil, 0, errs.Internalf(err, "reputation: events")
	}
	return out, total, nil
}

// UserBadges lists a user's badges, newest first.
func (s *Service) UserBadges(ctx context.Context, userID int64) ([]store.UserBadge, error) {
	var bs []store.UserBadge
	if err := s.Store.DB.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&bs).Error; err != nil {
		return nil, errs.Internalf(err, "reputation: badges")
	}
	return bs, nil
}

// BadgeCount is how many times a badge was awarded.
type BadgeCount struct {
	Badge
	Awarded int64
}

// BadgeCounts lists every badge with how often it was awarded, in one query.
func (s *Service) BadgeCounts(ctx context.Context) ([]BadgeCount, error) {
	var rows []struct {
		Badge string
		N     int64
	}
	if err := s.Store.DB.WithContext(ctx).Model(&store.UserBadge{}).Select("badge, COUNT(*) AS n").
		Group("badge").Scan(&rows).Error; err != nil {
		return nil, errs.Internalf(err, "reputation: badge counts")
	}
	n := map[string]int64{}
	for _, r := range rows {
		n[r.Badge] = r.N
	}
	out := make([]BadgeCount, len(Badges))
	for i, b := range Badges {
		out[i] = BadgeCount{Badge: b, Awarded: n[b.Name]}
	}
	return out, nil
}

// Holder is one award of a badge with its user.
type Holder struct {
	store.UserBadge
	User *store.User
}

// Holders lists a page of a badge's awards, latest first, with their
// users, and how many awards there are in all.
func (s *Service) Holders(ctx context.Context, name string, page, size int) ([]Holder, int64, error) {
	if _, ok := BadgeByName(name); !ok {
		return nil, 0, errs.E(errs.NotFound, "badge.not_found", "No such badge.")
	}
	db := s.Store.DB.WithContext(ctx)
	var total int64
	if err := db.Model(&store.UserBadge{}).Where("badge = ?", name).Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "reputation: holders")
	}
	var bs []store.UserBadge
	if err := db.Where("badge = ?", name).Order("id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Find(&bs).Error; err != nil {
		return nil, 0, errs.Internalf(err, "reputation: holders")
	}
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.UserID
	}
	var us []*store.User
	if len(ids) > 0 {
		if err := db.Where("id IN ?", ids).Find(&us).Error; err != nil {
			return nil, 0, errs.Internalf(err, "reputation: holders")
		}
	}
	byID := map[int64]*store.User{}
	for _, u := range us {
		byID[u.ID] = u
	}
	out := make([]Holder, len(bs))
	for i, b := range bs {
		out[i] = Holder{UserBadge: b, User: byID[b.UserID]}
	}
	return out, total, nil
}

// Periods of the users page.
var Periods = []string{"week", "month", "quarter", "year", "all"}

// PeriodStart returns when a period began, or the zero time for "all".
func PeriodStart(period string, now time.Time) (time.Time, bool) {
	switch period {
	case "week":
		return now.AddDate(0, 0, -7), true
	case "month":
		return now.AddDate(0, -1, 0), true
	case "quarter":
		return now.AddDate(0, -3, 0), true
	case "year":
		return now.AddDate(-1, 0, 0), true
	case "all", "":
		return time.Time{}, true
	}
	return time.Time{}, false
}

// Ranked is a user with the reputation gained in a period.
type Ranked struct {
	store.User
	Gained int
}

// Leaders ranks users by reputation gained in a period ("all": total
// reputation); filter (lower case), when not empty, keeps the users whose
// username, display name or a word of it starts with it; role, when not
// empty, the active accounts of those roles (RoleFilters).
func (s *Service) Leaders(ctx context.Context, period, filter, role string, page, size int) ([]Ranked, int64, error) {
	start, ok := PeriodStart(period, s.now())
	var f errs.Fields
	if !ok {
		f.Add("period", "field.period", "Use week, month, quarter, year or all.")
	}
	roles, ok := RoleFilters[role]
	if !ok {
		f.Add("role", "field.role_filter", "Use staff, moderator, admin, analyst or hotline.")
	}
	if err := f.Err(); err != nil {
		return nil, 0, err
	}
	db := s.Store.DB.WithContext(ctx)
	named := func(q *gorm.DB) *gorm.DB {
		if len(roles) > 0 {
			// Who holds a role is a list for contacting people: a
			// deactivated account, which cannot act, is left out.
			q = q.Where("users.role IN ? AND users.deactivated_at IS NULL", roles)
		}
		if filter == "" {
			return q
		}
		cond, args := s.nameFilter(filter)
		return q.Where(cond, args...)
	}
	var out []Ranked
	var total int64
	if start.IsZero() {
		if err := named(db.Model(&store.User{})).Count(&total).Error; err != nil {
			return nil, 0, errs.Internalf(err, "reputation: leaders")
		}
		err := named(db.Model(&store.User{})).Select("users.*, users.reputation AS gained").
			Order("reputation DESC, id").Limit(size).Offset((page - 1) * size).Scan(&out).Error
		if err != nil {
			return nil, 0, errs.Internalf(err, "reputation: leaders")
		}
		return out, total, nil
	}
	gained := db.Model(&store.ReputationEvent{}).Select("user_id, SUM(delta) AS gained").
		Where("created_at >= ?", start).Group("user_id").Having("SUM(delta) > 0")
	if err := named(db.Table("(?) AS g", gained).Joins("JOIN users ON users.id = g.user_id")).Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "reputation: leaders")
	}
	err := named(db.Table("(?) AS g", gained).Select("users.*, g.gained").
		Joins("JOIN users ON users.id = g.user_id")).
		Order("g.gained DESC, users.id").Limit(size).Offset((page - 1) * size).Scan(&out).Error
	if err != nil {
		return nil, 0, errs.Internalf(err, "reputation: leaders")
	}
	return out, total, nil
}

// nameFilter is the condition of Leaders' filter and its arguments: a
// username, or a display name or one of its words, that starts with the
// filter: "weber" finds Anna Weber (@aweber or @anna), and "krishnan" Priya
// Nair-Krishnan, a hyphen parting words as a space does. The display name
// is lower-cased for any script (store.Lower: "özdemir" finds Emma Özdemir
// on SQLite too) with a space before it, so that one LIKE finds the name's
// start and its words' starts. On PostgreSQL with pg_trgm, trigram indexes
// on these very expressions serve both LIKEs (migration 00042); elsewhere
// the filter reads every user.
func (s *Service) nameFilter(filter string) (string, []any) {
	user, prefix := store.PrefixLike("users.username", filter)
	name, words := store.ContainsLike("(' ' || REPLACE("+s.Store.Lower("users.display_name")+", '-', ' '))",
		" "+strings.ReplaceAll(filter, "-", " "))
	return "(" + user + " OR " + name + ")", []any{prefix, words}
}

// RoleFilters are the roles a list of users may be narrowed to: "" all,
// "staff" the moderators and administrators, or one role. A list narrowed
// to roles leaves deactivated accounts out.
var RoleFilters = map[string][]string{
	"":                  nil,
	"staff":             {store.RoleModerator, store.RoleAdmin},
	store.RoleModerator: {store.RoleModerator},
	store.RoleAdmin:     {store.RoleAdmin},
	store.RoleAnalyst:   {store.RoleAnalyst},
	store.RoleHotline:   {store.RoleHotline},
}

// TagScore is a user's answer activity in one tag.
type TagScore struct {
	Tag     string
	Score   int
	Answers int
}

// TopTags returns the tags in which the user's answers scored highest.
func (s *Service) TopTags(ctx context.Context, userID int64, limit int) ([]TagScore, error) {
	var out []TagScore
	err := s.Store.DB.WithContext(ctx).Table("posts AS a").
		Select("t.name AS tag, COALESCE(SUM(a.score), 0) AS score, COUNT(*) AS answers").
		Joins("JOIN post_tags pt ON pt.post_id = a.parent_id").
		Joins("JOIN tags t ON t.id = pt.tag_id").
		Where("a.owner_id = ? AND "+store.TypeIs("a.type", store.PostAnswer)+" AND a.deleted_at IS NULL", userID).
		Group("t.name").Order("score DESC, answers DESC, t.name").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, errs.Internalf(err, "reputation: top tags")
	}
	return out, nil
}
