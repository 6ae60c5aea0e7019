package qa

import (
	"context"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// TagQuery selects a page of tags.
type TagQuery struct {
	Sort     string // popular (default) or name
	Filter   string // name prefix
	Page     int
	PageSize int
}

// Tags lists tags in use, most used first (or by name), with a name-prefix
// filter; by use, a tag named as the filter is first.
func (s *Service) Tags(ctx context.Context, q TagQuery) ([]store.Tag, int64, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 || q.PageSize > MaxPageSize {
		q.PageSize = 60
	}
	inUse := func() *gorm.DB {
		return s.Store.DB.WithContext(ctx).Model(&store.Tag{}).Where("question_count > 0")
	}
	db := inUse()
	f := text.NormalizeTag(q.Filter)
	var cond string
	var args []any
	if f != "" {
		if !text.ValidTagPrefix(f) {
			return nil, 0, nil
		}
		cond, args = s.Store.PrefixRange("name", f)
		db = db.Where(cond, args...)
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "qa: count tags")
	}
	order := "question_count DESC, name"
	if q.Sort == "name" {
		order = "name"
	}
	var tags []store.Tag
	var err error
	offset := (q.Page - 1) * q.PageSize
	if f == "" {
		err = inUse().Order(order).Limit(q.PageSize).Offset(offset).Find(&tags).Error
	} else {
		// The matches first, then their order: left to choose, PostgreSQL's
		// generic plan walks the whole of tags_popular for the few tags
		// that start with "vp", expecting them spread evenly along it. By
		// use, the tag named as typed comes first: "net" before the more
		// used "network", so that what is typed in full can be picked.
		vars := append([]any{}, args...)
		if q.Sort != "name" {
			order = "CASE WHEN name = ? THEN 0 ELSE 1 END, " + order
			vars = append(vars, f)
		}
		err = s.Store.DB.WithContext(ctx).Raw(`WITH m AS MATERIALIZED (SELECT * FROM tags WHERE question_count > 0 AND `+cond+`)
SELECT * FROM m ORDER BY `+order+` LIMIT ? OFFSET ?`, append(vars, q.PageSize, offset)...).Scan(&tags).Error
	}
	if err != nil {
		return nil, 0, errs.Internalf(err, "qa: tags")
	}
	return tags, total, nil
}

// Tag returns one tag by name.
func (s *Service) Tag(ctx context.Context, name string) (*store.Tag, error) {
	var t store.Tag
	err := s.Store.DB.WithContext(ctx).Where("name = ?", text.NormalizeTag(name)).Take(&t).Error
	if store.IsNotFound(err) {
		return nil, errs.E(errs.NotFound, "tag.not_found", "No such tag.")
	}
	if err != nil {
		return nil, errs.Internalf(err, "qa: tag")
	}
	return &t, nil
}

// ErrNoTag says that no tag has the (normalised) name asked for, naming
// it; a name that no tag could have (a space, a slash, too long) is not
// repeated back, only what a tag's name is.
func ErrNoTag(name string) error {
	if !text.ValidTag(name) {
		return errs.E(errs.NotFound, "tag.not_a_name",
			"No tag is named like that: a tag's name is up to {{.Max}} letters and digits, with + # . or - among them.", "Max", text.TagMaxLen)
	}
	return errs.E(errs.NotFound, "tag.no_such", "There is no tag named “{{.Name}}”.", "Name", name)
}
