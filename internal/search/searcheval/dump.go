package searcheval

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/search"
)

// Pair is a question closed as a duplicate (Dup) of another (Orig).
type Pair struct{ Dup, Orig int64 }

// Dump is a Stack Exchange site turned into search documents.
type Dump struct {
	Name       string
	Docs       []search.Document // one per question, answers folded in
	Duplicates []Pair            // LinkTypeId=3 links whose both ends are questions
	Linked     []Pair            // LinkTypeId=1 links between questions, one per unordered pair (a tuning set)
	Latest     time.Time         // latest activity in the dump, "now" for recency
}

// row is the attribute map of one <row/> element.
type row map[string]string

// LoadDump reads Posts.xml and PostLinks.xml from dir.
func LoadDump(dir string) (*Dump, error) {
	d := &Dump{Name: filepath.Base(dir)}
	questions := map[int64]*search.Document{}
	var order []int64
	accepted := map[int64]int64{} // question → accepted answer
	type answer struct {
		id, parent int64
		score      int
		text       string
	}
	var answers []answer
	err := eachRow(filepath.Join(dir, "Posts.xml"), func(r row) error {
		id := r.int("Id")
		switch r["PostTypeId"] {
		case "1":
			doc := &search.Document{
				ID:           id,
				Title:        r["Title"],
				Body:         HTMLText(r["Body"]),
				Tags:         splitTags(r["Tags"]),
				AuthorID:     r.int("OwnerUserId"),
				Score:        int(r.int("Score")),
				AnswerCount:  int(r.int("AnswerCount")),
				Closed:       r["ClosedDate"] != "",
				Created:      r.time("CreationDate"),
				LastActivity: r.time("LastActivityDate"),
			}
			questions[id] = doc
			order = append(order, id)
			if a := r.int("AcceptedAnswerId"); a != 0 {
				accepted[id] = a
			}
			if doc.LastActivity.After(d.Latest) {
				d.Latest = doc.LastActivity
			}
		case "2":
			answers = append(answers, answer{id, r.int("ParentId"), int(r.int("Score")), HTMLText(r["Body"])})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	others := map[int64][]string{}
	scored := map[int64]bool{}
	for _, a := range answers {
		q := questions[a.parent]
		if q == nil {
			continue
		}
		if accepted[a.parent] == a.id {
			q.Accepted, q.HasAccepted = a.text, true
		} else {
			others[a.parent] = append(others[a.parent], a.text)
		}
		if !scored[a.parent] || a.score > q.AnswerScore {
			q.AnswerScore, scored[a.parent] = a.score, true
		}
	}
	for id, texts := range others {
		questions[id].Answers = strings.Join(texts, "\n\n")
	}
	linked := map[Pair]bool{}
	err = eachRow(filepath.Join(dir, "PostLinks.xml"), func(r row) error {
		dup, orig := r.int("PostId"), r.int("RelatedPostId")
		if questions[dup] == nil || questions[orig] == nil || dup == orig {
			return nil
		}
		if r["LinkTypeId"] == "1" {
			key := Pair{min(dup, orig), max(dup, orig)}
			if !linked[key] {
				linked[key] = true
				d.Linked = append(d.Linked, Pair{dup, orig})
			}
			return nil
		}
		if r["LinkTypeId"] != "3" {
			return nil
		}
		d.Duplicates = append(d.Duplicates, Pair{dup, orig})
		if questions[dup].DuplicateOf == 0 {
			questions[dup].DuplicateOf = orig
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(order)
	for _, id := range order {
		d.Docs = append(d.Docs, *questions[id])
	}
	return d, nil
}

// eachRow streams the <row/> elements of an XML dump file.
func eachRow(path string, fn func(row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("searcheval: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	dec := xml.NewDecoder(br)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("searcheval: %s: %w", filepath.Base(path), err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "row" {
			continue
		}
		r := make(row, len(se.Attr))
		for _, a := range se.Attr {
			r[a.Name.Local] = a.Value
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

// int reads an integer attribute, 0 if absent or malformed.
func (r row) int(name string) int64 {
	n, _ := strconv.ParseInt(r[name], 10, 64)
	return n
}

// time reads a dump date (UTC, no zone), zero if absent or malformed.
func (r row) time(name string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04:05", r[name])
	return t
}

// splitTags reads "<a><b>" (or the newer "|a|b|") into tag names.
func splitTags(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '<' || r == '>' || r == '|' })
	for i := range f {
		f[i] = strings.ToLower(f[i])
	}
	return f
}
