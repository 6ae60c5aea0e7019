package api

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// SignUpJSON is the body of POST /users.
type SignUpJSON struct {
	Username    string `json:"username"`
	Email       string `json:"email"`
	Password    string `json:"password"`
	DisplayName string `json:"display_name,omitempty"`
}

// TokenRequestJSON is the body of POST /tokens.
type TokenRequestJSON struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Name     string `json:"name,omitempty"`
	// Scope is read, write or staff; left out, the widest the owner may
	// have (auth.FullScope).
	Scope string `json:"scope,omitempty" enum:"read,write,staff" doc:"read: GET and HEAD only, as a member; write: every method, as a member; staff: the owner's whole role (staff only). Left out: what tokens did before scopes, write for a member, staff for staff."`
}

// TokenJSON is a new token: the secret is shown this once.
type TokenJSON struct {
	ID         int64   `json:"id"`
	Token      string  `json:"token,omitempty"`
	Name       string  `json:"name"`
	Scope      string  `json:"scope" enum:"read,write,staff"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"` // null until first used (kept to the minute)
	Revoked    bool    `json:"revoked"`
}

func (h *handlers) signUp(c echo.Context) error {
	if h.SignupClosed {
		if u := httpx.User(c); u == nil || u.Role != store.RoleAdmin {
			return errs.E(errs.Forbidden, "auth.signup_closed", "Accounts on this site are created by its administrators: ask one for yours.")
		}
	}
	var in SignUpJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	u, err := h.Auth.CreateUser(c.Request().Context(), auth.SignUp(in), store.RoleUser)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, userJSON(u, u))
}

func (h *handlers) createToken(c echo.Context) error {
	var in TokenRequestJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	var f errs.Fields
	auth.RequireCredentials(&f, "username", in.Username, in.Password)
	if in.Scope != "" && !slices.Contains(auth.TokenScopes, in.Scope) {
		f.Add("scope", "field.token_scope.unknown", "Unknown scope: use read, write or staff.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u, err := h.Auth.Authenticate(ctx, in.Username, in.Password)
	if errs.Is(err, errs.RateLimited) {
		httpx.RetryAfter(c, auth.FailureWait)
	}
	if err != nil {
		return err
	}
	if in.Scope == "" {
		in.Scope = auth.FullScope(u) // what a token did before scopes existed
	}
	secret, t, err := h.Auth.CreateToken(ctx, u.ID, in.Name, in.Scope)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, TokenJSON{ID: t.ID, Token: secret, Name: t.Name, Scope: t.Scope, CreatedAt: t.CreatedAt.Format(timeFormat)})
}

const timeFormat = "2006-01-02T15:04:05Z07:00"

func (h *handlers) listTokens(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	ts, err := h.Auth.Tokens(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	items := make([]TokenJSON, len(ts))
	for i, t := range ts {
		items[i] = TokenJSON{ID: t.ID, Name: t.Name, Scope: t.Scope, CreatedAt: t.CreatedAt.Format(timeFormat), Revoked: t.RevokedAt != nil}
		if t.LastUsedAt != nil {
			used := t.LastUsedAt.Format(timeFormat)
			items[i].LastUsedAt = &used
		}
	}
	return c.JSON(http.StatusOK, whole(items))
}

func (h *handlers) revokeToken(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if err := h.Auth.RevokeToken(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *handlers) getUser(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	u, err := h.Auth.UserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, userJSON(u, httpx.User(c)))
}

func (h *handlers) me(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, userJSON(u, u))
}

// AccountJSON changes the caller's account; an absent field stays as it is.
// A new e-mail address needs the current password.
type AccountJSON struct {
	DisplayName     *string `json:"display_name,omitempty"`
	About           *string `json:"about,omitempty"` // a line on the profile; "" clears it
	Email           *string `json:"email,omitempty"`
	CurrentPassword string  `json:"current_password,omitempty"`
}

func (h *handlers) patchMe(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	var in AccountJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	u, err = h.Auth.UpdateAccount(c.Request().Context(), u, auth.AccountInput{DisplayName: in.DisplayName, About: in.About,
		Email: in.Email, CurrentPassword: in.CurrentPassword})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, userJSON(u, u))
}

// PasswordChangeJSON changes the caller's password.
type PasswordChangeJSON struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// PasswordLinkJSON is a one-time link that sets a user's password; the
// secret in it is shown this once.
type PasswordLinkJSON struct {
	UserID    int64  `json:"user_id"`
	URL       string `json:"url"`
	ExpiresAt string `json:"expires_at"`
}

// RoleJSON names a role: user, moderator, analyst, admin or hotline.
type RoleJSON struct {
	Role string `json:"role"`
}

func (h *handlers) changeRole(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in RoleJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	changed, err := h.Auth.ChangeRole(c.Request().Context(), u, id, in.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, userJSON(changed, u))
}

// ActiveJSON deactivates (false) or reactivates (true) an account.
type ActiveJSON struct {
	Active *bool `json:"active"`
}

func (h *handlers) setActive(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	if u.Role != store.RoleAdmin { // who may ask comes before what they asked
		return errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	var in ActiveJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	if in.Active == nil {
		var f errs.Fields
		f.Add("active", "field.active", "Say true to reactivate the account or false to deactivate it.")
		return f.Err()
	}
	changed, err := h.Auth.SetActive(c.Request().Context(), u, id, *in.Active)
	if err != nil {
		return err
	}
	if h.Experts != nil {
		h.Experts.Forget() // the lists of experts show it at once
	}
	return c.JSON(http.StatusOK, userJSON(changed, u))
}

func (h *handlers) changePassword(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	var in PasswordChangeJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	// An API client keeps no web session: every one of them ends.
	err = h.Auth.ChangePassword(c.Request().Context(), u, in.CurrentPassword, in.NewPassword, "")
	if err != nil {
		return errs.RenameField(err, "password", "new_password") // the name this body uses
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *handlers) createPasswordLink(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	secret, expires, err := h.Auth.CreatePasswordLink(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, PasswordLinkJSON{UserID: id, URL: httpx.AbsoluteURL(c, h.BaseURL, "/password/"+secret),
		ExpiresAt: expires.Format(timeFormat)})
}
