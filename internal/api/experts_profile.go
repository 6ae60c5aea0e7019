package api

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/experts"
	"stackdesk/internal/httpx"
)

// ProfileJSON is what a user says about their expertise and follows; Email
// (the notification e-mail mode) only to the user.
type ProfileJSON struct {
	AskMeAbout   string   `json:"ask_me_about"`
	Tags         []string `json:"tags"` // picked on the profile
	FollowedTags []string `json:"followed_tags"`
	Email        string   `json:"email,omitempty"` // immediate, daily or off
	EmailEnabled *bool    `json:"email_enabled,omitempty"`
}

// ProfileInputJSON changes the caller's profile; absent fields stay. The
// read-only fields of ProfileJSON are accepted as they are, so that what GET
// returns can be sent back changed; a change to them is a 422.
type ProfileInputJSON struct {
	AskMeAbout   *string   `json:"ask_me_about,omitempty"`
	Tags         []string  `json:"tags,omitempty"`          // replaces the picked tags; [] clears them
	Email        *string   `json:"email,omitempty"`         // immediate, daily or off
	FollowedTags *[]string `json:"followed_tags,omitempty"` // read-only: follow a tag with PUT /tags/{name}/follow
	EmailEnabled *bool     `json:"email_enabled,omitempty"` // read-only: the server's mail settings
}

func (h *handlers) profileJSON(c echo.Context, userID int64, own bool) (ProfileJSON, error) {
	ctx := c.Request().Context()
	p, err := h.Experts.Profile(ctx, userID)
	if err != nil {
		return ProfileJSON{}, err
	}
	followed, err := h.Notify.FollowedTags(ctx, userID)
	if err != nil {
		return ProfileJSON{}, err
	}
	j := ProfileJSON{AskMeAbout: p.AskMeAbout, Tags: p.Tags, FollowedTags: followed}
	if own {
		enabled := h.Notify.Config.Enabled()
		j.Email, j.EmailEnabled = p.EmailMode, &enabled
	}
	return j, nil
}

func (h *handlers) myProfile(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	j, err := h.profileJSON(c, u.ID, true)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

func (h *handlers) userProfile(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.Auth.UserByID(c.Request().Context(), id); err != nil {
		return err
	}
	j, err := h.profileJSON(c, id, false)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j)
}

func (h *handlers) updateProfile(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	var in ProfileInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	if in.FollowedTags != nil || in.EmailEnabled != nil {
		now, err := h.profileJSON(c, u.ID, true)
		if err != nil {
			return err
		}
		var f errs.Fields
		if in.FollowedTags != nil && !sameTags(*in.FollowedTags, now.FollowedTags) {
			f.Add("followed_tags", "field.followed_tags.read_only", "Follow or unfollow a tag with PUT or DELETE /tags/{name}/follow.")
		}
		if in.EmailEnabled != nil && *in.EmailEnabled != *now.EmailEnabled {
			f.Add("email_enabled", "field.email_enabled.read_only", "Whether e-mail can be sent is the server's setting.")
		}
		if err := f.Err(); err != nil {
			return err
		}
	}
	if err := h.Experts.UpdateProfile(c.Request().Context(), u, experts.ProfileInput{AskMeAbout: in.AskMeAbout, Tags: in.Tags, EmailMode: in.Email}); err != nil {
		return err
	}
	return h.myProfile(c)
}

// sameTags reports whether two lists name the same tags, in any order.
func sameTags(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
