package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// followTag follows or unfollows a tag from the follow button on its page.
func (s *Server) followTag(c echo.Context) error {
	name := c.Param("name")
	if err := s.notes.SetTagFollow(c.Request().Context(), httpx.User(c), name, c.FormValue("follow") != "false"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/tags/"+url.PathEscape(name))
}

// followQuestion follows or unfollows a question from the button on its page.
func (s *Server) followQuestion(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.notes.SetQuestionFollow(c.Request().Context(), httpx.User(c), id, c.FormValue("follow") != "false"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(id, 10))
}
