package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// postOnlyAt guards a GET route with a parameter that also takes the path
// of a POST-only address (GET /help/:id and POST /help/solved): that path
// answers 405 with Allow, as the router answers at every other POST-only
// address, not a 404 for a help session "solved" that is none.
func postOnlyAt(param, value string, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Param(param) != value {
			return next(c)
		}
		const allow = "OPTIONS, POST"
		c.Set(echo.ContextKeyHeaderAllow, allow)
		c.Response().Header().Set(echo.HeaderAllow, allow)
		return echo.NewHTTPError(http.StatusMethodNotAllowed)
	}
}
