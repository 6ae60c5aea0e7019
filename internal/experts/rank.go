package experts

import (
	"math"
	"slices"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/store"
)

// Points an answer earns before recency weighting, besides its score.
const (
	AnswerPoints   = 1 // for answering at all
	AcceptedPoints = 3 // when the asker accepted it
)

// MinAnswerScore is the sum of the votes on a person's answers in a tag
// that lists them among the tag's experts without an accepted answer there:
// one answer nobody voted for makes no expert.
const MinAnswerScore = 1

// Ranked is one person's standing in a tag (or in what a search matched).
type Ranked struct {
	UserID       int64
	Score        float64 // expertise, rounded to 3 decimals
	AnswerScore  int     // the answers' votes, summed
	Answers      int     // questions answered: two answers to one question count once
	Accepted     int
	LastAnswerAt time.Time // zero without answers
	points       float64   // the points before decay: positive lists the person
	SME          bool      // named by an admin for the tag
	Picked       bool      // picked the tag on their profile
}

// evidence is one answer that counts.
type evidence struct {
	ID         int64
	QuestionID int64
	OwnerID    int64
	Score      int
	Accepted   int
	CreatedAt  time.Time
}

// Weight is the recency weight of an answer of the given age: 1 when new,
// ½ after one half-life, ¼ after two. Answers from the future weigh 1.
func Weight(age, halfLife time.Duration) float64 {
	if age <= 0 {
		return 1
	}
	return math.Exp2(-float64(age) / float64(halfLife))
}

// Qualifies reports whether a record lists its person in the directory by
// itself: an accepted answer, or answers whose votes add up to at least
// MinAnswerScore (SMEs and people who picked the tag are listed anyway).
func (r *Ranked) Qualifies() bool { return r.Accepted > 0 || r.AnswerScore >= MinAnswerScore }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// tally sums the evidence per author in answer-id order, so that the sums
// are the same on every run.
func tally(ev []evidence, now time.Time, halfLife time.Duration) map[int64]*Ranked {
	slices.SortFunc(ev, func(a, b evidence) int { return cmpInt(a.ID, b.ID) })
	sums := map[int64]float64{}
	out := map[int64]*Ranked{}
	answered := map[[2]int64]bool{} // owner and question
	var last int64
	for i, e := range ev {
		if i > 0 && e.ID == last {
			continue // an answer reached through two of the tags
		}
		last = e.ID
		r := out[e.OwnerID]
		if r == nil {
			r = &Ranked{UserID: e.OwnerID}
			out[e.OwnerID] = r
		}
		points := float64(AnswerPoints + e.Score + AcceptedPoints*e.Accepted)
		sums[e.OwnerID] += points * Weight(now.Sub(e.CreatedAt), halfLife)
		r.points += points
		r.AnswerScore += e.Score
		if !answered[[2]int64{e.OwnerID, e.QuestionID}] {
			answered[[2]int64{e.OwnerID, e.QuestionID}] = true
			r.Answers++
		}
		r.Accepted += e.Accepted
		if e.CreatedAt.After(r.LastAnswerAt) {
			r.LastAnswerAt = e.CreatedAt.UTC()
		}
	}
	for id, r := range out {
		r.Score = round3(sums[id])
	}
	return out
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Compare orders two ranked people by the documented rule: SMEs first,
// then expertise, accepted answers and questions answered (more first),
// then the more recent last answer, then the lower user id.
func Compare(a, b *Ranked) int {
	switch {
	case a.SME != b.SME:
		if a.SME {
			return -1
		}
		return 1
	case a.Score != b.Score:
		if a.Score > b.Score {
			return -1
		}
		return 1
	case a.Accepted != b.Accepted:
		return b.Accepted - a.Accepted
	case a.Answers != b.Answers:
		return b.Answers - a.Answers
	case !a.LastAnswerAt.Equal(b.LastAnswerAt):
		if a.LastAnswerAt.After(b.LastAnswerAt) {
			return -1
		}
		return 1
	}
	return cmpInt(a.UserID, b.UserID)
}

// scope is what a ranking counts: answers on questions in evidenceTags or
// among questionIDs; SMEs and pickers of markTags are listed too. With
// qualified (the directory), answerers are listed only when their record
// Qualifies; without (routing), anyone with points is.
type scope struct {
	evidenceTags []int64
	questionIDs  []int64
	markTags     []int64
	qualified    bool
}

// loadEvidence reads the answers in scope, scanning rows directly: a big
// tag has tens of thousands.
func loadEvidence(db *gorm.DB, sc scope) ([]evidence, error) {
	if len(sc.evidenceTags) == 0 && len(sc.questionIDs) == 0 {
		return nil, nil
	}
	sql := `SELECT a.id, q.id, a.owner_id, a.score, a.created_at, CASE WHEN q.accepted_answer_id = a.id THEN 1 ELSE 0 END
		FROM posts q JOIN posts a ON a.parent_id = q.id AND a.type = ? AND a.deleted_at IS NULL AND a.owner_id IS NOT NULL
		WHERE q.type = ? AND q.deleted_at IS NULL AND `
	args := []any{store.PostAnswer, store.PostQuestion}
	switch {
	case len(sc.evidenceTags) > 0 && len(sc.questionIDs) > 0:
		sql += "(q.id IN (SELECT post_id FROM post_tags WHERE tag_id IN ?) OR q.id IN ?)"
		args = append(args, sc.evidenceTags, sc.questionIDs)
	case len(sc.evidenceTags) > 0:
		sql += "q.id IN (SELECT post_id FROM post_tags WHERE tag_id IN ?)"
		args = append(args, sc.evidenceTags)
	default:
		sql += "q.id IN ?"
		args = append(args, sc.questionIDs)
	}
	rows, err := db.Raw(sql, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ev []evidence
	for rows.Next() {
		var e evidence
		if err := rows.Scan(&e.ID, &e.QuestionID, &e.OwnerID, &e.Score, &e.CreatedAt, &e.Accepted); err != nil {
			return nil, err
		}
		ev = append(ev, e)
	}
	return ev, rows.Err()
}

// rank lists everyone in scope, best first.
func (s *Service) rank(db *gorm.DB, sc scope, now time.Time) ([]*Ranked, error) {
	ev, err := loadEvidence(db, sc)
	if err != nil {
		return nil, err
	}
	all := tally(ev, now, s.halfLife())
	var out []*Ranked
	listed := map[int64]bool{}
	for id, r := range all {
		// Old answers decay to nothing but still show who knows the
		// tag (a site imported with years of history): they are
		// listed, below everyone with recent expertise.
		if sc.qualified && r.Qualifies() || !sc.qualified && (r.Score > 0 || r.points > 0) {
			out = append(out, r)
			listed[id] = true
		}
	}
	if len(sc.markTags) > 0 {
		mark := func(table string, set func(r *Ranked)) error {
			var ids []int64
			if err := db.Table(table).Where("tag_id IN ?", sc.markTags).Distinct("user_id").Pluck("user_id", &ids).Error; err != nil {
				return err
			}
			for _, id := range ids {
				r := all[id]
				if r == nil {
					r = &Ranked{UserID: id}
					all[id] = r
				}
				set(r)
				if !listed[id] {
					out = append(out, r)
					listed[id] = true
				}
			}
			return nil
		}
		if err := mark("tag_smes", func(r *Ranked) { r.SME = true }); err != nil {
			return nil, err
		}
		if err := mark("expert_tags", func(r *Ranked) { r.Picked = true }); err != nil {
			return nil, err
		}
	}
	// Deactivated accounts (people who left) are no one to ask.
	var gone []int64
	if err := db.Table("users").Where("deactivated_at IS NOT NULL").Pluck("id", &gone).Error; err != nil {
		return nil, err
	}
	if len(gone) > 0 {
		left := make(map[int64]bool, len(gone))
		for _, id := range gone {
			left[id] = true
		}
		out = slices.DeleteFunc(out, func(r *Ranked) bool { return left[r.UserID] })
	}
	slices.SortFunc(out, Compare)
	return out, nil
}
