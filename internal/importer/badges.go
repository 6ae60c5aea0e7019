package importer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"stackdesk/internal/reputation"
)

// onceBadges maps Stack Exchange badge names to our badges awarded once per
// user. Per-post badges (Nice Question, Good Answer, Enlightened, ...) are
// not taken from Badges.xml, which does not say for which post they were
// given: they are derived from the imported scores after the import.
var onceBadges = map[string]reputation.Badge{
	"Student": reputation.Student, "Teacher": reputation.Teacher, "Scholar": reputation.Scholar,
	"Supporter": reputation.Supporter, "Critic": reputation.Critic, "Editor": reputation.Editor,
}

// scoreBadgeNames are Stack Exchange's per-post badges that the import
// derives from scores instead.
var scoreBadgeNames = map[string]bool{
	"Nice Question": true, "Good Question": true, "Great Question": true, "Nice Answer": true,
	"Good Answer": true, "Great Answer": true, "Enlightened": true,
}

// tagBadges maps a tag badge's class (1 gold, 2 silver, 3 bronze) to ours.
var tagBadges = map[int]reputation.Badge{
	reputation.Gold: reputation.TagGold, reputation.Silver: reputation.TagSilver, reputation.Bronze: reputation.TagBronze,
}

// badgeRow is one row of Badges.xml that maps to a badge of ours.
type badgeRow struct {
	ID, User int64
	Badge    string
	Tag      string
	Created  time.Time
}

var badgeCols = []string{"user_id", "badge", "tag", "post_id", "created_at"}

// importBadges gives imported users the badges of Badges.xml that have an
// equivalent here: the once-per-user badges and the tag badges.
func importBadges(ctx context.Context, r *run) (*FileSummary, error) {
	return runFile(ctx, r, fileSpec[badgeRow]{
		name: "Badges.xml", root: "badges",
		parse: parseBadge,
		write: writeBadges,
	})
}

// parseBadge reads one row of Badges.xml and finds the badge of ours it is.
func parseBadge(row *xmlRow) (badgeRow, *problem) {
	f := fields{row: row}
	b := badgeRow{ID: f.optID("Id"), User: f.id("UserId"), Created: f.when("Date")}
	class := f.num("Class")
	name := f.text("Name")
	if f.err != nil {
		return b, f.err
	}
	fail := func(format string, args ...any) (badgeRow, *problem) {
		return b, &problem{Line: row.Line, Reason: ReasonBadge, Msg: fmt.Sprintf(format, args...)}
	}
	if tagBased, _ := row.get("TagBased"); strings.EqualFold(tagBased, "true") {
		tag, ok := normalizeTag(name)
		tb, known := tagBadges[class]
		if !ok || !known {
			return fail("badge %d: tag badge %q of class %d has no equivalent here", b.ID, clip(name, 40), class)
		}
		b.Badge, b.Tag = tb.Name, tag
		return b, nil
	}
	ob, ok := onceBadges[name]
	switch {
	case scoreBadgeNames[name]:
		return fail("badge %d: %q is awarded from the imported scores instead", b.ID, name)
	case !ok:
		return fail("badge %d: %q has no equivalent here", b.ID, clip(name, 40))
	}
	b.Badge = ob.Name
	return b, nil
}

// writeBadges gives a batch of badges to the imported users they name.
func writeBadges(ctx context.Context, b *batch[badgeRow]) error {
	live := b.live()
	src := make([]int64, len(live))
	for i, it := range live {
		src[i] = it.V.User
	}
	users, err := lookupIDs(ctx, b.t, b.run.site, kindUser, src)
	if err != nil {
		return err
	}
	now := b.run.now()
	var rows [][]any
	for _, it := range live {
		uid, ok := users[it.V.User]
		if !ok {
			b.skip(it.Line, ReasonMissingUser, "badge %d: user %d is not imported", it.V.ID, it.V.User)
			continue
		}
		rows = append(rows, []any{uid, it.V.Badge, it.V.Tag, 0, orTime(it.V.Created, now)})
	}
	added, err := insertRows(ctx, b.t, "user_badges", badgeCols, rows, "ON CONFLICT DO NOTHING")
	if err != nil {
		return err
	}
	b.imported += added
	for range int64(len(rows)) - added {
		b.skipped = append(b.skipped, problem{Line: noLine, Reason: ReasonBadgeHeld})
	}
	return nil
}
