package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
)

// questionPage is the data of a question page.
type questionPage struct {
	*qa.Thread
	AnswerBody string
}

func (s *Server) question(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	t, err := s.qa.Thread(c.Request().Context(), id)
	if err != nil {
		return err
	}
	p := s.newPage(c, t.Question.Title, questionPage{Thread: t})
	return s.render(c, "question", p)
}

func (s *Server) answerSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	a, err := s.qa.Answer(c.Request().Context(), httpx.User(c), id, body)
	if err != nil {
		t, terr := s.qa.Thread(c.Request().Context(), id)
		if terr != nil {
			return terr
		}
		return s.formError(c, "question", s.newPage(c, t.Question.Title, questionPage{Thread: t, AnswerBody: body}), err)
	}
	return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(id, 10)+"#answer-"+strconv.FormatInt(a.ID, 10))
}

func (s *Server) commentSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	qid := post.ID
	if post.ParentID != nil {
		qid = *post.ParentID
	}
	cm, err := s.qa.AddComment(ctx, httpx.User(c), id, c.FormValue("body"))
	if err != nil {
		t, terr := s.qa.Thread(ctx, qid)
		if terr != nil {
			return terr
		}
		p := s.newPage(c, t.Question.Title, questionPage{Thread: t})
		p.Data = questionPage{Thread: t}
		p.Query.Set("comment_on", strconv.FormatInt(id, 10))
		return s.formError(c, "question", p, err)
	}
	return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(qid, 10)+"#comment-"+strconv.FormatInt(cm.ID, 10))
}

func (s *Server) deleteComment(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.qa.DeleteComment(c.Request().Context(), httpx.User(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next")))
}

func (s *Server) deletePost(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	post, err := s.qa.Post(ctx, id)
	if err != nil {
		return err
	}
	if err := s.qa.Delete(ctx, httpx.User(c), id); err != nil {
		return err
	}
	if post.ParentID != nil {
		return c.Redirect(http.StatusSeeOther, "/questions/"+strconv.FormatInt(*post.ParentID, 10))
	}
	return c.Redirect(http.StatusSeeOther, "/questions")
}
