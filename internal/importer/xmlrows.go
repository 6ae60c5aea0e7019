package importer

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xmlRow is one <row .../> of a dump file: its attributes, the line it ends
// on, and its position among the file's rows (1-based).
type xmlRow struct {
	Line    int
	Ordinal int64
	Attrs   []xml.Attr
}

// get returns the value of an attribute and whether it is present.
func (r *xmlRow) get(name string) (string, bool) {
	for _, a := range r.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// rowReader streams the rows of one dump file token by token, in constant
// memory whatever the file's size. It accepts the UTF-8 byte-order mark and
// CRLF line ends of the dumps, and reports a file that ends before its root
// element closes as truncated.
type rowReader struct {
	file    string
	root    string
	dec     *xml.Decoder
	depth   int
	closed  bool // the root element ended
	ordinal int64
}

// newRowReader reads the rows of file (named in messages) from r; root is
// the expected root element, such as "posts".
func newRowReader(file, root string, r io.Reader) *rowReader {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	return &rowReader{file: file, root: root, dec: dec}
}

// ErrTruncated marks a dump file that ends in the middle of a row or before
// its closing root tag.
var ErrTruncated = errors.New("file is truncated")

// ErrMalformed marks a dump file that is not well-formed XML or not a dump.
var ErrMalformed = errors.New("file is not a well-formed dump")

// FileError is a problem that stops the reading of one file, with its place.
type FileError struct {
	File string
	Line int
	Err  error  // ErrTruncated or ErrMalformed
	Msg  string // what was found
}

// Error says where the file went wrong and how.
func (e *FileError) Error() string {
	return fmt.Sprintf("%s:%d: %v: %s", e.File, e.Line, e.Err, e.Msg)
}

// Unwrap gives ErrTruncated or ErrMalformed, for errors.Is.
func (e *FileError) Unwrap() error { return e.Err }

// next returns the next row, or io.EOF after the closing root tag.
func (r *rowReader) next() (xmlRow, error) {
	for {
		tok, err := r.dec.RawToken()
		if err == io.EOF {
			if r.closed {
				return xmlRow{}, io.EOF
			}
			line, _ := r.dec.InputPos()
			return xmlRow{}, &FileError{File: r.file, Line: line, Err: ErrTruncated,
				Msg: fmt.Sprintf("it ends before the closing </%s> tag", r.root)}
		}
		if err != nil {
			return xmlRow{}, r.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.depth++
			switch {
			case r.closed:
				return xmlRow{}, r.malformed("an element <%s> after the closing </%s> tag", t.Name.Local, r.root)
			case r.depth == 1 && t.Name.Local != r.root:
				return xmlRow{}, r.malformed("the root element is <%s>, want <%s>", t.Name.Local, r.root)
			case r.depth == 2 && t.Name.Local == "row":
				r.ordinal++
				line, _ := r.dec.InputPos()
				return xmlRow{Line: line, Ordinal: r.ordinal, Attrs: t.Attr}, nil
			}
		case xml.EndElement:
			r.depth--
			if r.depth == 0 {
				r.closed = true
			}
		}
	}
}

// syntaxError turns a decoder error into a FileError with its line.
func (r *rowReader) syntaxError(err error) error {
	line, _ := r.dec.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
		if strings.Contains(se.Msg, "unexpected EOF") {
			return &FileError{File: r.file, Line: line, Err: ErrTruncated, Msg: "it ends in the middle of a row"}
		}
		return &FileError{File: r.file, Line: line, Err: ErrMalformed, Msg: se.Msg}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &FileError{File: r.file, Line: line, Err: ErrTruncated, Msg: "it ends in the middle of a row"}
	}
	return &FileError{File: r.file, Line: line, Err: ErrMalformed, Msg: err.Error()}
}

func (r *rowReader) malformed(format string, args ...any) error {
	line, _ := r.dec.InputPos()
	return &FileError{File: r.file, Line: line, Err: ErrMalformed, Msg: fmt.Sprintf(format, args...)}
}
