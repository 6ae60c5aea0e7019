// Package markdown is the one place where user Markdown becomes HTML.
//
// Posts are rendered once, at write time, by Render: goldmark parses GitHub
// Flavoured Markdown with footnotes (raw HTML allowed) and Windows share
// paths kept as typed (unc.go), chroma highlights
// fenced code with CSS classes, and the result is always cleaned by a single
// bluemonday policy, then re-parsed into a balanced fragment. Comments are
// rendered by RenderComment: one paragraph of inline Markdown, cleaned by
// the same policy. HTML that arrives from outside (imports) goes through
// SanitizeHTML, which applies the same policy. PlainText, HTMLToText and
// Excerpt feed search and listings; ToMarkdown turns imported HTML back
// into editable Markdown.
//
// goldmark's inline parsing is bounded per paragraph (bound.go) and the
// nesting of containers per line (nesting.go), so that the runs of
// brackets, emphasis markers and containers that take goldmark alone time
// growing with the square of their length render in linear time; the
// bounds change nothing for posts as people write them.
//
// Everything here is safe for concurrent use and never panics on any input.
package markdown
