package experts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/search"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// Paging bounds of expert lists.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	searchHits      = 100 // questions a free-text search looks at
	topTags         = 3   // tags shown with each expert
)

// Query selects experts: by tag, by free text, or both.
type Query struct {
	Tag      string // one tag's experts
	Q        string // free text, found through the search index and tag names
	Page     int
	PageSize int
}

// List is a page of ranked experts.
type List struct {
	Tag      *store.Tag // the tag filter, when given
	Tags     []string   // tags the free text named
	Items    []Expert
	Total    int
	Page     int
	PageSize int
	Partial  bool // the search index was not ready: only tag names were matched
}

func (q *Query) normalize() {
	q.Tag = text.NormalizeTag(q.Tag)
	q.Q = strings.TrimSpace(q.Q)
	q.Page = max(q.Page, 1)
	if q.PageSize < 1 {
		q.PageSize = DefaultPageSize
	}
	q.PageSize = min(q.PageSize, MaxPageSize)
}

// ForTag ranks one tag's experts; an unknown tag is not found.
func (s *Service) ForTag(ctx context.Context, tag string, page, size int) (*List, error) {
	return s.Find(ctx, Query{Tag: tag, Page: page, PageSize: size})
}

// Find ranks the experts a query selects. With a tag only, they are the
// tag's experts. Free text counts the answers on the questions the search
// index finds for it (within the tag, when given) and, without a tag, all
// answers in tags the text names; SMEs and pickers of those tags are listed
// too. Without either, the query is invalid.
func (s *Service) Find(ctx context.Context, q Query) (*List, error) {
	q.normalize()
	db := s.Store.DB.WithContext(ctx)
	out := &List{Page: q.Page, PageSize: q.PageSize, Items: []Expert{}, Tags: []string{}}
	sc := scope{qualified: true}
	if q.Tag != "" {
		t, err := notify.FindTag(db, q.Tag)
		if err != nil {
			return nil, err
		}
		out.Tag = t
		sc.markTags = []int64{t.ID}
		if q.Q == "" {
			sc.evidenceTags = sc.markTags
		}
	}
	if q.Q != "" {
		if len(q.Q) > 500 {
			var f errs.Fields
			f.Add("q", "field.experts_q.too_long", "Use at most {{.Max}} characters.", "Max", 500)
			return nil, f.Err()
		}
		if q.Tag == "" {
			tags, err := namedTags(db, q.Q)
			if err != nil {
				return nil, errs.Internalf(err, "experts: named tags")
			}
			for _, t := range tags {
				sc.evidenceTags = append(sc.evidenceTags, t.ID)
				out.Tags = append(out.Tags, t.Name)
			}
			sc.markTags = sc.evidenceTags
		}
		ids, err := s.matchQuestions(ctx, q)
		if errs.Is(err, errs.Unavailable) {
			out.Partial = true
		} else if err != nil {
			return nil, err
		}
		sc.questionIDs = ids
	}
	if q.Tag == "" && q.Q == "" {
		var f errs.Fields
		f.Add("q", "field.experts_query", "Give a tag or words to find experts for.")
		return nil, f.Err()
	}
	ranked, err := s.rank(db, sc, s.now())
	if err != nil {
		return nil, errs.Internalf(err, "experts: rank")
	}
	out.Total = len(ranked)
	from := min((q.Page-1)*q.PageSize, len(ranked))
	to := min(from+q.PageSize, len(ranked))
	if out.Items, err = s.present(db, ranked[from:to]); err != nil {
		return nil, errs.Internalf(err, "experts: load")
	}
	return out, nil
}

// matchQuestions returns the ids of the questions the search index finds for the free text.
func (s *Service) matchQuestions(ctx context.Context, q Query) ([]int64, error) {
	if s.Search == nil {
		return nil, errs.E(errs.Unavailable, "search.not_ready", "Search is being prepared. Please try again in a minute.")
	}
	text := q.Q
	if q.Tag != "" {
		text += " [" + q.Tag + "]"
	}
	res, err := s.Search.Search(ctx, search.Request{Query: text, PageSize: searchHits, NoHighlight: true})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(res.Items))
	for _, it := range res.Items {
		ids = append(ids, it.Post.ID)
	}
	return ids, nil
}

// namedTags returns the existing tags whose names appear as words of text.
func namedTags(db *gorm.DB, text string) ([]store.Tag, error) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return r == ' ' || r == ',' || r == '[' || r == ']' || r == '"' || r == '\t' || r == '\n'
	})
	if len(words) == 0 {
		return nil, nil
	}
	if len(words) > 20 {
		words = words[:20]
	}
	var tags []store.Tag
	err := db.Where("name IN ?", words).Order("name").Find(&tags).Error
	return tags, err
}

// present loads the users, profiles and top tags of a page of ranked people.
func (s *Service) present(db *gorm.DB, ranked []*Ranked) ([]Expert, error) {
	if len(ranked) == 0 {
		return []Expert{}, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.UserID
	}
	var users []store.User
	if err := db.Where("id IN ?", ids).Find(&users).Error; err != nil {
		return nil, err
	}
	byID := map[int64]*store.User{}
	for i := range users {
		byID[users[i].ID] = &users[i]
	}
	var profiles []profile
	if err := db.Where("user_id IN ?", ids).Find(&profiles).Error; err != nil {
		return nil, err
	}
	about := map[int64]string{}
	for _, p := range profiles {
		about[p.UserID] = p.AskMeAbout
	}
	top, err := userTopTags(db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Expert, 0, len(ranked))
	for _, r := range ranked {
		u := byID[r.UserID]
		if u == nil {
			continue
		}
		tags := top[r.UserID]
		if tags == nil {
			tags = []string{}
		}
		out = append(out, Expert{Ranked: *r, User: u, AskMeAbout: about[r.UserID], TopTags: tags})
	}
	return out, nil
}

// userTopTags returns, per user, the tags where they answered most
// questions (then by answer score, then by name), at most topTags each.
func userTopTags(db *gorm.DB, userIDs []int64) (map[int64][]string, error) {
	var rows []struct {
		UserID  int64
		Name    string
		Answers int
		Score   int
	}
	err := db.Table("posts a").
		Select("a.owner_id AS user_id, t.name, COUNT(DISTINCT q.id) AS answers, COALESCE(SUM(a.score), 0) AS score").
		Joins("JOIN posts q ON q.id = a.parent_id AND q.deleted_at IS NULL").
		Joins("JOIN post_tags pt ON pt.post_id = q.id").
		Joins("JOIN tags t ON t.id = pt.tag_id").
		Where("a.owner_id IN ? AND "+store.TypeIs("a.type", store.PostAnswer)+" AND a.deleted_at IS NULL", userIDs).
		Group("a.owner_id, t.name").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b struct {
		UserID  int64
		Name    string
		Answers int
		Score   int
	}) int {
		switch {
		case a.UserID != b.UserID:
			return cmpInt(a.UserID, b.UserID)
		case a.Answers != b.Answers:
			return b.Answers - a.Answers
		case a.Score != b.Score:
			return b.Score - a.Score
		}
		return strings.Compare(a.Name, b.Name)
	})
	out := map[int64][]string{}
	for _, r := range rows {
		if len(out[r.UserID]) < topTags {
			out[r.UserID] = append(out[r.UserID], r.Name)
		}
	}
	return out, nil
}

// TagExperts is one tag with its top experts, for the directory's front page.
type TagExperts struct {
	Tag     store.Tag
	Experts []Expert
}

// Overview returns the most used tags, each with its top experts; see PageCacheTTL.
func (s *Service) Overview(ctx context.Context, tags, perTag int) ([]TagExperts, error) {
	v, err := s.remember(fmt.Sprintf("overview\x00%d\x00%d", tags, perTag), func() (any, error) {
		return s.overview(ctx, tags, perTag)
	})
	if err != nil {
		return nil, err
	}
	return v.([]TagExperts), nil
}

func (s *Service) overview(ctx context.Context, tags, perTag int) ([]TagExperts, error) {
	db := s.Store.DB.WithContext(ctx)
	var ts []store.Tag
	if err := db.Where("question_count > 0").Order("question_count DESC, name").Limit(tags).Find(&ts).Error; err != nil {
		return nil, errs.Internalf(err, "experts: overview tags")
	}
	out := make([]TagExperts, 0, len(ts))
	for _, t := range ts {
		l, err := s.Find(ctx, Query{Tag: t.Name, PageSize: perTag})
		var e *errs.Error
		if errors.As(err, &e) && e.Code == errs.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, TagExperts{Tag: t, Experts: l.Items})
	}
	return out, nil
}
