package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/experts"
)

// ExpertJSON is one ranked person in a tag or a free-text search.
type ExpertJSON struct {
	User            AuthorJSON `json:"user"`
	Score           float64    `json:"score"`        // expertise: answers weighted by votes, acceptance and recency
	AnswerScore     int        `json:"answer_score"` // the votes on those answers, summed
	Answers         int        `json:"answers"`
	AcceptedAnswers int        `json:"accepted_answers"`
	LastAnswerAt    *time.Time `json:"last_answer_at"`
	SME             bool       `json:"sme"`    // a subject-matter expert named by an admin
	Picked          bool       `json:"picked"` // picked the tag on their profile
	AskMeAbout      string     `json:"ask_me_about,omitempty"`
	TopTags         []string   `json:"top_tags"`
	URL             string     `json:"url"` // the profile page
}

// ExpertListJSON is a page of experts, best first.
type ExpertListJSON struct {
	Items       []ExpertJSON `json:"items"`
	Total       int64        `json:"total"`
	Page        int          `json:"page"`
	PageSize    int          `json:"page_size"`
	Tag         string       `json:"tag,omitempty"`
	MatchedTags []string     `json:"matched_tags"` // tags the free text named
	Partial     bool         `json:"partial"`      // the search index was not ready: tag names only
}

func expertJSON(e experts.Expert) ExpertJSON {
	j := ExpertJSON{User: *author(e.User), Score: e.Score, AnswerScore: e.AnswerScore, Answers: e.Answers,
		AcceptedAnswers: e.Accepted, SME: e.SME, Picked: e.Picked, AskMeAbout: e.AskMeAbout, TopTags: e.TopTags,
		URL: "/users/" + itoa(e.User.ID)}
	if !e.LastAnswerAt.IsZero() {
		t := e.LastAnswerAt
		j.LastAnswerAt = &t
	}
	return j
}

func expertList(l *experts.List) ExpertListJSON {
	out := ExpertListJSON{Items: make([]ExpertJSON, len(l.Items)), Total: int64(l.Total), Page: l.Page,
		PageSize: l.PageSize, MatchedTags: l.Tags, Partial: l.Partial}
	for i, e := range l.Items {
		out.Items[i] = expertJSON(e)
	}
	if l.Tag != nil {
		out.Tag = l.Tag.Name
	}
	return out
}

func (h *handlers) listExperts(c echo.Context) error {
	page, size, err := paging(c, experts.DefaultPageSize)
	if err != nil {
		return err
	}
	l, err := h.Experts.Find(c.Request().Context(), experts.Query{Tag: c.QueryParam("tag"), Q: c.QueryParam("q"), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, expertList(l))
}

func (h *handlers) tagExperts(c echo.Context) error {
	page, size, err := paging(c, experts.DefaultPageSize)
	if err != nil {
		return err
	}
	l, err := h.Experts.ForTag(c.Request().Context(), c.Param("name"), page, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, expertList(l))
}
