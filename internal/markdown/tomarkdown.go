package markdown

import (
	"fmt"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// toMD converts HTML to GFM; a converter is safe for concurrent use.
var toMD = converter.NewConverter(converter.WithPlugins(
	base.NewBasePlugin(),
	commonmark.NewCommonmarkPlugin(),
	strikethrough.NewStrikethroughPlugin(),
	table.NewTablePlugin(),
))

// ToMarkdown converts HTML (imported posts) to Markdown for editing, using
// github.com/JohannesKaufmann/html-to-markdown/v2. The Markdown is not
// trusted: it is rendered through Render like any other post.
func ToMarkdown(html string) (result string, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = "", fmt.Errorf("markdown: to markdown: converter panic: %v", r)
		}
	}()
	out, err := toMD.ConvertString(cleanInput(html))
	if err != nil {
		return "", fmt.Errorf("markdown: to markdown: %w", err)
	}
	return strings.TrimSpace(out), nil
}
