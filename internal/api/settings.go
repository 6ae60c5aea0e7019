package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// SiteSettingsJSON is the site's effective settings, as GET /admin/settings
// gives them: groups of settings, each with its environment variable. A
// secret's value is "set" or "not set", never the secret.
type SiteSettingsJSON struct {
	Groups []config.SettingGroup `json:"groups"`
}

func (h *handlers) siteSettings(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	if u.Role != store.RoleAdmin {
		return errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	return c.JSON(http.StatusOK, SiteSettingsJSON{Groups: h.Settings})
}
