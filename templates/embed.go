// Package templates embeds the HTML templates of every page.
package templates

import "embed"

// FS holds layout.html, partials (_*.html) and one file per page.
//
//go:embed *.html
var FS embed.FS
