package deflection

import (
	"context"
	"sort"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Dashboard computes the report for analysts and admins.
func (s *Service) Dashboard(ctx context.Context, actor *store.User, q Query) (*Report, error) {
	if err := requireRole(actor, store.RoleAnalyst, store.RoleAdmin); err != nil {
		return nil, err
	}
	if q.Tag != "" {
		// A tag nobody used is a typo more likely than a topic without
		// figures: say so rather than show zeros.
		var n int64
		if err := s.Store.DB.WithContext(ctx).Table("tags").Where("name = ?", q.Tag).Count(&n).Error; err != nil {
			return nil, wrap(err, "dashboard")
		}
		if n == 0 {
			var f errs.Fields
			f.Add("tag", "analytics.tag_unknown", "No such tag.")
			return nil, f.Err()
		}
	}
	r, err := s.report(ctx, q)
	return r, wrap(err, "dashboard")
}

func (s *Service) report(ctx context.Context, q Query) (*Report, error) {
	db := s.Store.DB.WithContext(ctx)
	sessions, resolved, err := s.sessionRows(db, q)
	if err != nil {
		return nil, err
	}
	questions, err := questionRows(db, q)
	if err != nil {
		return nil, err
	}
	buckets := q.Buckets()
	tallies := make([]*tally, len(buckets))
	for i := range tallies {
		tallies[i] = newTally()
	}
	total := newTally()
	at := func(t time.Time) int {
		i := sort.Search(len(buckets), func(i int) bool { return buckets[i].End.After(t) })
		if i < len(buckets) && !t.Before(buckets[i].Start) {
			return i
		}
		return -1
	}
	for _, row := range sessions {
		if row.Merged {
			continue // the same problem as an earlier session (estimate counts it)
		}
		res := row.QuestionID != nil && resolved[*row.QuestionID]
		total.addSession(row, res)
		if i := at(row.CreatedAt); i >= 0 {
			tallies[i].addSession(row, res)
		}
	}
	for _, row := range questions {
		total.addQuestion(row)
		if i := at(row.CreatedAt); i >= 0 {
			tallies[i].addQuestion(row)
		}
	}
	cost, community := s.Settings.TicketCost, s.Settings.CommunityCost
	r := &Report{From: q.From.Format(dateFmt), To: q.LastDay().Format(dateFmt), Interval: q.Interval, Tag: q.Tag,
		Totals: total.finish(cost, community), Intervals: make([]IntervalMetrics, len(buckets)),
		Holdout: estimate(sessions, s.Settings.Holdout), TicketCost: cost, Community: community}
	for i, b := range buckets {
		r.Intervals[i] = IntervalMetrics{Start: b.Start.Format(dateFmt), End: b.End.Format(dateFmt), Metrics: tallies[i].finish(cost, community)}
	}
	if r.ContentGaps, err = contentGaps(db, q); err != nil {
		return nil, err
	}
	week := q.To.AddDate(0, 0, -7)
	r.WeekOf = week.Format(dateFmt)
	if r.RisingTags, err = risingTags(db, q.To, q.Tag); err != nil {
		return nil, err
	}
	return r, nil
}

const dateFmt = "2006-01-02"

// sessionRows reads the sessions started in the range (touching the tag),
// and which of the questions asked from them have an accepted answer.
func (s *Service) sessionRows(db *gorm.DB, q Query) ([]sessionRow, map[int64]bool, error) {
	var rows []sessionRow
	tx := db.Table("help_sessions AS s").
		Select("s.id, s.user_id, s.visitor, s.source, s.holdout, s.outcome, s.question_id, s.searches, s.created_at, "+
			"s.merged_into_id IS NOT NULL AS merged").
		Where("s.created_at >= ? AND s.created_at < ? AND NOT s.support_team", q.From, q.To)
	if q.Tag != "" {
		tx = tx.Where("EXISTS (SELECT 1 FROM help_session_tags t WHERE t.session_id = s.id AND t.tag = ?)", q.Tag)
	}
	if err := tx.Order("s.id").Scan(&rows).Error; err != nil {
		return nil, nil, err
	}
	var asked []int64
	for _, r := range rows {
		if r.Outcome != nil && *r.Outcome == OutcomeAsked && r.QuestionID != nil {
			asked = append(asked, *r.QuestionID)
		}
	}
	resolved := map[int64]bool{}
	for len(asked) > 0 {
		chunk := asked[:min(len(asked), 500)]
		asked = asked[len(chunk):]
		// Resolved by the community: an accepted answer by someone other
		// than the asker (one who answers their own question found the
		// solution themselves).
		var ids []int64
		if err := db.Table("posts AS q").Joins("JOIN posts a ON a.id = q.accepted_answer_id").
			Where("q.id IN ? AND "+store.TypeIs("q.type", store.PostQuestion)+" AND q.deleted_at IS NULL AND a.deleted_at IS NULL"+
				" AND (a.owner_id IS NULL OR q.owner_id IS NULL OR a.owner_id <> q.owner_id)", chunk).Pluck("q.id", &ids).Error; err != nil {
			return nil, nil, err
		}
		for _, id := range ids {
			resolved[id] = true
		}
	}
	return rows, resolved, nil
}

// questionRows reads the live questions asked in the range (with the tag),
// but those the hotline published from tickets, and when each got its
// first live answer.
func questionRows(db *gorm.DB, q Query) ([]questionRow, error) {
	scope := func(tx *gorm.DB) *gorm.DB {
		tx = tx.Where("q.type = ? AND q.deleted_at IS NULL AND q.created_at >= ? AND q.created_at < ?", store.PostQuestion, q.From, q.To).
			Where(notPublishedByHotline("q"))
		if q.Tag != "" {
			tx = tx.Where("EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = q.id AND t.name = ?)", q.Tag)
		}
		return tx
	}
	var rows []questionRow
	if err := scope(db.Table("posts AS q").Select("q.id, q.created_at, q.accepted_answer_id")).Order("q.id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	var answers []struct {
		ParentID  int64
		CreatedAt time.Time
	}
	err := scope(db.Table("posts AS a").Select("a.parent_id, a.created_at").
		Joins("JOIN posts q ON q.id = a.parent_id").
		Where(store.TypeIs("a.type", store.PostAnswer) + " AND a.deleted_at IS NULL")).Scan(&answers).Error
	if err != nil {
		return nil, err
	}
	first := map[int64]time.Time{}
	for _, a := range answers {
		if t, ok := first[a.ParentID]; !ok || a.CreatedAt.Before(t) {
			first[a.ParentID] = a.CreatedAt
		}
	}
	for i := range rows {
		if t, ok := first[rows[i].ID]; ok {
			rows[i].FirstAnswer = &t
		}
	}
	return rows, nil
}

// notPublishedByHotline is the condition that the question aliased q was
// not published by the hotline from a ticket: such a question is the
// hotline's work, not the community's, so the dashboard's question figures
// leave it out.
func notPublishedByHotline(q string) string {
	return "NOT EXISTS (SELECT 1 FROM tickets tk WHERE tk.published_question_id = " + q + ".id)"
}

// maxGaps bounds the content-gap list.
const maxGaps = 20

// contentGaps lists the help searches (normalised) of sessions in the range
// that ended in a ticket or found nothing, by how many sessions made them.
func contentGaps(db *gorm.DB, q Query) ([]Gap, error) {
	tx := db.Table("help_events AS e").
		Select(`e.norm AS query, COUNT(DISTINCT e.session_id) AS sessions,
			COUNT(DISTINCT CASE WHEN s.outcome = ? THEN s.id END) AS tickets,
			COUNT(DISTINCT CASE WHEN e.results = 0 THEN s.id END) AS no_results`, OutcomeTicket).
		Joins("JOIN help_sessions s ON s.id = e.session_id").
		Where("e.type = ? AND e.norm <> '' AND s.created_at >= ? AND s.created_at < ? AND NOT s.support_team", EventSearch, q.From, q.To).
		Where("(s.outcome = ? OR e.results = 0)", OutcomeTicket)
	if q.Tag != "" {
		tx = tx.Where("EXISTS (SELECT 1 FROM help_session_tags t WHERE t.session_id = s.id AND t.tag = ?)", q.Tag)
	}
	gaps := []Gap{}
	err := tx.Group("e.norm").Order("sessions DESC, e.norm").Limit(maxGaps).Scan(&gaps).Error
	return gaps, err
}

// maxRising bounds the rising-tag list.
const maxRising = 10

// risingTags finds tags whose questions in the week before end number at
// least 3 and at least twice their weekly average over the four weeks before.
// Like the other question figures it leaves out the questions the hotline
// published, and it never names HotlineTag, the mark such questions get
// by default: it says who answered, not what the problem is about.
// With a tag filter it counts only the questions carrying that tag, as the
// rest of the dashboard does: the filter's own tag (rising when its
// questions do) and the tags asked about together with it.
func risingTags(db *gorm.DB, end time.Time, tag string) ([]RisingTag, error) {
	week, base := end.AddDate(0, 0, -7), end.AddDate(0, 0, -35)
	var rows []struct {
		Name     string
		ThisWeek int
		Earlier  int
	}
	tx := db.Table("post_tags AS pt").
		Select("t.name, SUM(CASE WHEN p.created_at >= ? THEN 1 ELSE 0 END) AS this_week, SUM(CASE WHEN p.created_at < ? THEN 1 ELSE 0 END) AS earlier", week, week).
		Joins("JOIN tags t ON t.id = pt.tag_id").Joins("JOIN posts p ON p.id = pt.post_id").
		Where(store.TypeIs("p.type", store.PostQuestion)+" AND p.deleted_at IS NULL AND p.created_at >= ? AND p.created_at < ?", base, end).
		Where(notPublishedByHotline("p")).Where("t.name <> ?", HotlineTag)
	if tag != "" {
		tx = tx.Where("EXISTS (SELECT 1 FROM post_tags fpt JOIN tags ft ON ft.id = fpt.tag_id WHERE fpt.post_id = p.id AND ft.name = ?)", tag)
	}
	err := tx.Group("t.name").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := []RisingTag{}
	for _, r := range rows {
		avg := float64(r.Earlier) / 4
		if r.ThisWeek >= 3 && float64(r.ThisWeek) >= 2*avg {
			out = append(out, RisingTag{Tag: r.Name, ThisWeek: r.ThisWeek, Average: avg})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := float64(out[i].ThisWeek)-out[i].Average, float64(out[j].ThisWeek)-out[j].Average
		if di != dj {
			return di > dj
		}
		return out[i].Tag < out[j].Tag
	})
	if len(out) > maxRising {
		out = out[:maxRising]
	}
	return out, nil
}
