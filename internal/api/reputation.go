package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

func (h *handlers) vote(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in VoteJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	if in.Value == nil {
		var f errs.Fields
		f.Add("value", "field.vote_value", "A vote is 1 (up), -1 (down) or 0 (retract).")
		return f.Err()
	}
	res, err := h.Rep.Vote(c.Request().Context(), u, id, *in.Value)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (h *handlers) accept(c echo.Context) error {
	return h.setAccepted(c, true)
}

func (h *handlers) unaccept(c echo.Context) error {
	return h.setAccepted(c, false)
}

func (h *handlers) setAccepted(c echo.Context, accept bool) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if accept {
		_, err = h.Rep.Accept(ctx, u, id)
	} else {
		_, err = h.Rep.Unaccept(ctx, u, id)
	}
	if err != nil {
		return err
	}
	return h.respondAnswer(c, id)
}

func (h *handlers) userReputation(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := h.Auth.UserByID(ctx, id)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 30)
	if err != nil {
		return err
	}
	evs, total, err := h.Rep.Events(ctx, id, page, size)
	if err != nil {
		return err
	}
	items := make([]EventJSON, len(evs))
	for i, e := range evs {
		items[i] = EventJSON{ID: e.ID, Kind: e.Kind, Delta: e.Delta, PostID: e.PostID,
			QuestionID: e.QuestionID, QuestionTitle: e.QuestionTitle, CreatedAt: e.CreatedAt}
	}
	return c.JSON(http.StatusOK, ReputationJSON{Reputation: u.Reputation, Items: items, Total: total, Page: page, PageSize: size})
}

func (h *handlers) badgeJSON(c echo.Context, b reputation.Badge, awarded *int64) BadgeJSON {
	lang := httpx.Lang(c)
	class := map[int]string{reputation.Gold: "gold", reputation.Silver: "silver", reputation.Bronze: "bronze"}[b.Class]
	return BadgeJSON{Name: b.Name, Title: h.Catalog.T(lang, "badge."+b.Name+".name"),
		Description: h.Catalog.T(lang, "badge."+b.Name+".desc"), Class: class, Scope: b.Scope, Awarded: awarded}
}

func (h *handlers) userBadges(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := h.Auth.UserByID(ctx, id); err != nil {
		return err
	}
	bs, err := h.Rep.UserBadges(ctx, id)
	if err != nil {
		return err
	}
	items := make([]UserBadgeJSON, 0, len(bs))
	for _, ub := range bs {
		b, ok := reputation.BadgeByName(ub.Badge)
		if !ok {
			continue
		}
		items = append(items, UserBadgeJSON{Badge: h.badgeJSON(c, b, nil), Tag: ub.Tag, PostID: ub.PostID, AwardedAt: ub.CreatedAt})
	}
	return c.JSON(http.StatusOK, whole(items))
}

func (h *handlers) badges(c echo.Context) error {
	counts, err := h.Rep.BadgeCounts(c.Request().Context())
	if err != nil {
		return err
	}
	items := make([]BadgeJSON, len(counts))
	for i, bc := range counts {
		items[i] = h.badgeJSON(c, bc.Badge, &bc.Awarded)
	}
	return c.JSON(http.StatusOK, whole(items))
}

func (h *handlers) listUsers(c echo.Context) error {
	if s := c.QueryParam("sort"); s != "" && s != "reputation" {
		var f errs.Fields
		f.Add("sort", "field.user_sort", "Users sort by reputation.")
		return f.Err()
	}
	page, size, err := paging(c, 36)
	if err != nil {
		return err
	}
	period := c.QueryParam("period")
	if period == "" {
		period = "all"
	}
	rs, total, err := h.Rep.Leaders(c.Request().Context(), period, auth.NormalizeUsername(c.QueryParam("filter")), c.QueryParam("role"), page, size)
	if err != nil {
		return err
	}
	viewer := httpx.User(c)
	items := make([]RankedUserJSON, len(rs))
	for i := range rs {
		items[i] = RankedUserJSON{UserJSON: userJSON(&rs[i].User, viewer), Gained: rs[i].Gained}
	}
	return c.JSON(http.StatusOK, list(items, total, page, size))
}

// myVotes returns the caller's votes on the posts, for my_vote.
func (h *handlers) myVotes(c echo.Context, posts ...*store.Post) (map[int64]int, error) {
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return h.Rep.MyVotes(c.Request().Context(), httpx.User(c), ids)
}
