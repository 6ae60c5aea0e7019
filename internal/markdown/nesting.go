package markdown

import "strings"

// goldmark's cost per line grows with the nesting depth times the line's
// indentation, so a crafted post (a million ">" on one line, or a staircase
// of ever deeper indented lists) could take minutes. Each line's leading
// container prefix is therefore bounded before parsing: no more than
// maxLineNesting markers (">", "-", "*", "+", "1." …) and no white-space run
// wider than maxIndent columns. Real posts never come near either limit.
const (
	maxLineNesting = 64
	maxIndent      = 256
)

// limitNesting returns src with every line's container prefix bounded as
// described above; markers past the cap are backslash-escaped (they show as
// text) and over-wide indentation is cut. It returns src itself when no line
// needs changing.
func limitNesting(src string) string {
	var b strings.Builder
	changed := false
	last := 0 // src[:last] has been copied to b
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if line := src[start:end]; !prefixOK(line) {
			if !changed {
				b.Grow(len(src))
				changed = true
			}
			b.WriteString(src[last:start])
			writeLimited(&b, line)
			last = end
		}
		start = end + 1
	}
	if !changed {
		return src
	}
	b.WriteString(src[last:])
	return b.String()
}

// prefixOK reports whether line's container prefix is within both limits.
func prefixOK(line string) bool {
	count := 0
	for i := 0; i < len(line); {
		ws, cols := spaceRun(line, i)
		if cols > maxIndent {
			return false
		}
		next, _ := markerEnd(line, ws)
		if next < 0 {
			return true
		}
		if count++; count > maxLineNesting {
			return false
		}
		i = next
	}
	return true
}

// writeLimited writes line to b with its container prefix bounded.
func writeLimited(b *strings.Builder, line string) {
	count := 0
	i := 0
	for i < len(line) {
		ws, _ := spaceRun(line, i)
		writeIndent(b, line[i:ws])
		next, escapeAt := markerEnd(line, ws)
		if next < 0 {
			i = ws
			break
		}
		if count++; count > maxLineNesting {
			b.WriteString(line[ws:escapeAt])
			b.WriteByte('\\')
			i = escapeAt
			break
		}
		b.WriteString(line[ws:next])
		i = next
	}
	b.WriteString(line[i:])
}

// writeIndent writes the white space run ws, cut to maxIndent columns.
func writeIndent(b *strings.Builder, ws string) {
	cols := 0
	for j := 0; j < len(ws); j++ {
		cols = advance(cols, ws[j])
		if cols > maxIndent {
			return
		}
		b.WriteByte(ws[j])
	}
}

// spaceRun returns the end of the run of spaces and tabs starting at i and
// its width in columns (tabs stop every 4 columns, as in CommonMark).
func spaceRun(line string, i int) (end, cols int) {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		cols = advance(cols, line[i])
		i++
	}
	return i, cols
}

// advance returns the column after writing c at column cols.
func advance(cols int, c byte) int {
	if c == '\t' {
		return cols + 4 - cols%4
	}
	return cols + 1
}

// markerEnd reports whether a container marker starts at line[i]. It returns
// the offset after the marker and the offset a backslash must precede to
// make it literal, or -1, -1.
func markerEnd(line string, i int) (next, escapeAt int) {
	if i >= len(line) {
		return -1, -1
	}
	spaceAt := func(j int) bool { return j >= len(line) || line[j] == ' ' || line[j] == '\t' }
	switch c := line[i]; {
	case c == '>':
		return i + 1, i
	case c == '-' || c == '*' || c == '+':
		if spaceAt(i + 1) {
			return i + 1, i
		}
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j < len(line) && (line[j] == '.' || line[j] == ')') && spaceAt(j+1) {
			return j + 1, j
		}
	}
	return -1, -1
}
