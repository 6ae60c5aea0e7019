package reputation

import (
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/config"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
)

// Badge classes, as Stack Exchange numbers them.
const (
	Gold   = 1
	Silver = 2
	Bronze = 3
)

// Badge scopes: awarded once per user, once per post, or once per tag.
const (
	Once    = "once"
	PerPost = "post"
	PerTag  = "tag"
)

// Badge describes one badge; its name and description are in the message
// catalogue as badge.NAME.name and badge.NAME.desc.
type Badge struct {
	Name  string
	Class int
	Scope string
}

// The badges.
var (
	Student       = Badge{"student", Bronze, Once}          // first question with score 1 or more
	Teacher       = Badge{"teacher", Bronze, Once}          // first answer with score 1 or more
	Scholar       = Badge{"scholar", Bronze, Once}          // asked and accepted an answer
	Supporter     = Badge{"supporter", Bronze, Once}        // first up vote
	Critic        = Badge{"critic", Bronze, Once}           // first down vote
	Editor        = Badge{"editor", Bronze, Once}           // first edit
	NiceQuestion  = Badge{"nice-question", Bronze, PerPost} // question score 10
	GoodQuestion  = Badge{"good-question", Silver, PerPost} // question score 25
	GreatQuestion = Badge{"great-question", Gold, PerPost}  // question score 100
	NiceAnswer    = Badge{"nice-answer", Bronze, PerPost}   // answer score 10
	GoodAnswer    = Badge{"good-answer", Silver, PerPost}   // answer score 25
	GreatAnswer   = Badge{"great-answer", Gold, PerPost}    // answer score 100
	Enlightened   = Badge{"enlightened", Silver, PerPost}   // accepted answer with score 10
	Necromancer   = Badge{"necromancer", Silver, PerPost}   // answer 60 days after the question, score 5
	TagBronze     = Badge{"tag-bronze", Bronze, PerTag}     // answer score and count in one tag
	TagSilver     = Badge{"tag-silver", Silver, PerTag}
	TagGold       = Badge{"tag-gold", Gold, PerTag}
)

// Badges lists every badge, gold first.
var Badges = []Badge{GreatQuestion, GreatAnswer, TagGold, GoodQuestion, GoodAnswer, Enlightened,
	Necromancer, TagSilver, NiceQuestion, NiceAnswer, Student, Teacher, Scholar, Supporter,
	Critic, Editor, TagBronze}

// BadgeByName finds a badge.
func BadgeByName(name string) (Badge, bool) {
	for _, b := range Badges {
		if b.Name == name {
			return b, true
		}
	}
	return Badge{}, false
}

// scoreBadges are the per-post score badges, by post type.
var scoreBadges = map[int][]struct {
	b   Badge
	min int
}{
	store.PostQuestion: {{NiceQuestion, 10}, {GoodQuestion, 25}, {GreatQuestion, 100}},
	store.PostAnswer:   {{NiceAnswer, 10}, {GoodAnswer, 25}, {GreatAnswer, 100}},
}

// necromancerDelay is how much later than its question an answer must come.
const necromancerDelay = 60 * 24 * time.Hour

// award gives a badge unless the user already holds it (for that tag or
// post), and notifies the user when it was really given.
func award(tx *gorm.DB, userID int64, b Badge, tag string, postID int64, now time.Time) error {
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&store.UserBadge{
		UserID: userID, Badge: b.Name, Tag: tag, PostID: postID, CreatedAt: now})
	if res.Error != nil || res.RowsAffected == 0 {
		return res.Error
	}
	return notify.BadgeAwarded(tx, userID, b.Name, tag, postID, now)
}

// AwardEditor gives the Editor badge for a first edit, inside the caller's transaction.
func AwardEditor(tx *gorm.DB, userID int64, now time.Time) error {
	return award(tx, userID, Editor, "", 0, now)
}

// awardAfterVote checks the badges a vote can earn: the voter's first up or
// down vote, and the author's score badges.
func awardAfterVote(tx *gorm.DB, r config.Reputation, p *store.Post, voterID int64, value int, rose bool, now time.Time) error {
	switch value {
	case 1:
		if err := award(tx, voterID, Supporter, "", 0, now); err != nil {
			return err
		}
	case -1:
		if err := award(tx, voterID, Critic, "", 0, now); err != nil {
			return err
		}
	}
	// The author's badges follow the score whenever it rises: an up vote,
	// or a down vote changed or taken back.
	if !rose || p.OwnerID == nil {
		return nil
	}
	owner := *p.OwnerID
	if p.Score >= 1 {
		first := Student
		if p.Type == store.PostAnswer {
			first = Teacher
		}
		if err := award(tx, owner, first, "", 0, now); err != nil {
			return err
		}
	}
	for _, sb := range scoreBadges[p.Type] {
		if p.Score >= sb.min {
			if err := award(tx, owner, sb.b, "", p.ID, now); err != nil {
				return err
			}
		}
	}
	if p.Type != store.PostAnswer || p.ParentID == nil {
		return nil
	}
	var q store.Post
	if err := tx.Select("id", "created_at", "accepted_answer_id", "tags").Where("id = ?", *p.ParentID).Take(&q).Error; err != nil {
		return err
	}
	if p.Score >= 10 && q.AcceptedAnswerID != nil && *q.AcceptedAnswerID == p.ID {
		if err := award(tx, owner, Enlightened, "", p.ID, now); err != nil {
			return err
		}
	}
	if p.Score >= 5 && p.CreatedAt.Sub(q.CreatedAt) >= necromancerDelay {
		if err := award(tx, owner, Necromancer, "", p.ID, now); err != nil {
			return err
		}
	}
	return awardTagBadges(tx, r, owner, q.Tags, now)
}

// tagStanding is an author's count and score of answers in one tag.
type tagStanding struct {
	Name    string
	Answers int
	Score   int
}

// awardTagBadges checks the author's answer score and count in each of the
// question's tags, in one query, leaving out the tags whose gold badge the
// author holds already: for the most prolific answerers, who hold them,
// a vote then reads none of their answers.
func awardTagBadges(tx *gorm.DB, r config.Reputation, userID int64, tags string, now time.Time) error {
	names := strings.Fields(tags)
	if len(names) == 0 {
		return nil
	}
	var gold []string
	if err := tx.Model(&store.UserBadge{}).Where("user_id = ? AND badge = ? AND tag IN ?", userID, TagGold.Name, names).
		Pluck("tag", &gold).Error; err != nil {
		return err
	}
	names = slices.DeleteFunc(names, func(n string) bool { return slices.Contains(gold, n) })
	if len(names) == 0 {
		return nil
	}
	var rows []tagStanding
	err := tx.Table("posts AS a").Select("t.name AS name, COUNT(*) AS answers, COALESCE(SUM(a.score), 0) AS score").
		Joins("JOIN post_tags pt ON pt.post_id = a.parent_id").
		Joins("JOIN tags t ON t.id = pt.tag_id").
		Where("a.owner_id = ? AND "+store.TypeIs("a.type", store.PostAnswer)+" AND a.deleted_at IS NULL AND t.name IN ?", userID, names).
		Group("t.name").Scan(&rows).Error
	if err != nil {
		return err
	}
	slices.SortFunc(rows, func(x, y tagStanding) int { // in the question's order
		return slices.Index(names, x.Name) - slices.Index(names, y.Name)
	})
	for _, st := range rows {
		for i, b := range []Badge{TagBronze, TagSilver, TagGold} {
			if st.Score >= r.TagBadgeScore[i] && st.Answers >= r.TagBadgeAnswers[i] {
				if err := award(tx, userID, b, st.Name, 0, now); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// awardAfterAccept gives Scholar to the asker and Enlightened to a high-scoring accepted answer.
func awardAfterAccept(tx *gorm.DB, q, a *store.Post, now time.Time) error {
	if err := award(tx, *q.OwnerID, Scholar, "", 0, now); err != nil {
		return err
	}
	if a.OwnerID != nil && a.Score >= 10 {
		return award(tx, *a.OwnerID, Enlightened, "", a.ID, now)
	}
	return nil
}
