package engine

import (
	"context"
	"errors"

	"stackdesk/internal/errs"
	"stackdesk/internal/markdown"
	"stackdesk/internal/search"
	"stackdesk/internal/store"
)

// Item is a search hit loaded back from the database.
type Item struct {
	Post           *store.Post
	Author         *store.User
	Highlight      string // HTML: escaped text with <mark> around matched words
	TitleHighlight string // HTML: the escaped title with <mark> around matched words
	IsAnswered     bool   // an accepted answer, or an answer with a positive score
	Accepted       string // the first words of the accepted answer, plain text
}

// Result is a page of search results.
type Result struct {
	Items  []Item
	Total  uint64
	Facets []search.TagCount
	// FacetsSampled: Facets are the first 200 hits' tags, not totals
	// (see search.Result).
	FacetsSampled bool
	Parsed        search.Query
}

// unavailable turns a missing index into a 503 the pages and API can show.
func unavailable(err error) error {
	if errors.Is(err, ErrNotReady) {
		return errs.E(errs.Unavailable, "search.not_ready", "Search is being prepared. Please try again in a minute.")
	}
	return errs.Internalf(err, "engine: search")
}

// Search runs a search-box query and loads the hits from the database.
func (e *Engine) Search(ctx context.Context, r search.Request) (*Result, error) {
	r.UserByName = func(name string) (int64, bool, error) {
		var ids []int64
		if err := e.Store.DB.WithContext(ctx).Model(&store.User{}).Where("username = ?", name).Limit(1).Pluck("id", &ids).Error; err != nil {
			return 0, false, errs.Internalf(err, "search: user %s", name)
		}
		if len(ids) == 0 {
			return 0, false, nil
		}
		return ids[0], true, nil
	}
	r.UserExists = func(id int64) (bool, error) {
		var n int64
		if err := e.Store.DB.WithContext(ctx).Model(&store.User{}).Where("id = ?", id).Limit(1).Count(&n).Error; err != nil {
			return false, errs.Internalf(err, "search: user %d", id)
		}
		return n > 0, nil
	}
	var res *search.Result
	err := e.withIndex(func(ix *search.Index) error {
		var err error
		res, err = ix.Search(ctx, r)
		return err
	})
	if err != nil {
		return nil, unavailable(err)
	}
	items, err := e.load(ctx, res.Hits, false)
	if err != nil {
		return nil, err
	}
	return &Result{Items: items, Total: res.Total, Facets: res.Facets, FacetsSampled: res.FacetsSampled, Parsed: res.Parsed}, nil
}

// Similar returns the questions most like a title (and body) being written,
// answered ones first among close matches, with the accepted answer's first words.
func (e *Engine) Similar(ctx context.Context, title, body string, limit int, excludeID int64) ([]Item, error) {
	var hits []search.Hit
	err := e.withIndex(func(ix *search.Index) error {
		var err error
		hits, err = ix.Similar(ctx, title, body, limit, excludeID)
		return err
	})
	if err != nil {
		return nil, unavailable(err)
	}
	return e.load(ctx, hits, true)
}

// Suggest returns the questions that answer a problem described in a
// sentence (see search.Index.Suggest), with the accepted answer's first words.
func (e *Engine) Suggest(ctx context.Context, problem string, limit int) ([]Item, error) {
	var hits []search.Hit
	err := e.withIndex(func(ix *search.Index) error {
		var err error
		hits, err = ix.Suggest(ctx, problem, limit)
		return err
	})
	if err != nil {
		return nil, unavailable(err)
	}
	return e.load(ctx, hits, true)
}

// load reads hit questions from the database in hit order, dropping any that
// are no longer visible, with authors, answer state and (when asked) the
// accepted answers' first words.
func (e *Engine) load(ctx context.Context, hits []search.Hit, withAccepted bool) ([]Item, error) {
	if len(hits) == 0 {
		return []Item{}, nil
	}
	db := e.Store.DB.WithContext(ctx)
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	// A duplicate's original shows only while it is live: a deleted one
	// would be a link to a missing page.
	var posts []*store.Post
	if err := db.Table("posts AS p").Select("p.id, p.type, p.owner_id, p.owner_name, p.title, p.tags, p.score, p.answer_count, "+
		store.ViewCountColumn+", p.accepted_answer_id, p.closed_at, o.id AS duplicate_of_id, p.created_at, p.last_activity_at").
		Joins(store.ViewCountsJoin).Joins("LEFT JOIN posts o ON o.id = p.duplicate_of_id AND o.deleted_at IS NULL").
		Where("p.id IN ? AND "+store.TypeIs("p.type", store.PostQuestion)+" AND p.deleted_at IS NULL", ids).Find(&posts).Error; err != nil {
		return nil, errs.Internalf(err, "engine: load hits")
	}
	byID := map[int64]*store.Post{}
	var owners, accepted []int64
	for _, p := range posts {
		byID[p.ID] = p
		if p.OwnerID != nil {
			owners = append(owners, *p.OwnerID)
		}
		if p.AcceptedAnswerID != nil {
			accepted = append(accepted, *p.AcceptedAnswerID)
		}
	}
	users := map[int64]*store.User{}
	if len(owners) > 0 {
		var us []*store.User
		if err := db.Where("id IN ?", owners).Find(&us).Error; err != nil {
			return nil, errs.Internalf(err, "engine: load authors")
		}
		for _, u := range us {
			users[u.ID] = u
		}
	}
	var positive []int64
	if err := db.Model(&store.Post{}).Distinct("parent_id").
		Where("parent_id IN ? AND "+store.TypeIs("type", store.PostAnswer)+" AND score > 0 AND deleted_at IS NULL", ids).
		Pluck("parent_id", &positive).Error; err != nil {
		return nil, errs.Internalf(err, "engine: answered")
	}
	answered := map[int64]bool{}
	for _, id := range positive {
		answered[id] = true
	}
	excerpts := map[int64]string{}
	if withAccepted && len(accepted) > 0 {
		var as []store.Post
		if err := db.Select("id", "parent_id", "body_html").Where("id IN ? AND deleted_at IS NULL", accepted).Find(&as).Error; err != nil {
			return nil, errs.Internalf(err, "engine: accepted answers")
		}
		for _, a := range as {
			excerpts[*a.ParentID] = markdown.Excerpt(markdown.HTMLToText(a.BodyHTML), 160)
		}
	}
	items := make([]Item, 0, len(hits))
	for _, h := range hits {
		p := byID[h.ID]
		if p == nil {
			continue
		}
		it := Item{Post: p, Highlight: h.Highlight, TitleHighlight: h.TitleHighlight,
			IsAnswered: p.AcceptedAnswerID != nil || answered[p.ID], Accepted: excerpts[p.ID]}
		if p.OwnerID != nil {
			it.Author = users[*p.OwnerID]
		}
		items = append(items, it)
	}
	return items, nil
}
