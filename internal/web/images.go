package web

import (
	"html/template"
	"strings"

	"stackdesk/internal/config"
	"stackdesk/internal/markdown"
)

// imagePolicy is the images readers' browsers load from other sites: the
// hosts of STACKDESK_IMAGE_HOSTS, and this site's uploads.
func imagePolicy(hosts []config.ImageHost) *markdown.ImagePolicy {
	m := make(map[string]bool, len(hosts))
	for _, h := range hosts {
		m[h.Host] = m[h.Host] || h.HTTP
	}
	return markdown.NewImagePolicy(m)
}

// contentSecurityPolicy is the pages' policy: scripts, styles and images
// from this site only, and images from the listed hosts too, so that an
// image a page would show by mistake from another site is not loaded
// (uploads are this site's; nothing uses data: images).
func contentSecurityPolicy(images *markdown.ImagePolicy) string {
	img := append([]string{"'self'"}, images.Sources()...)
	return "default-src 'self'; img-src " + strings.Join(img, " ") + "; style-src 'self'; script-src 'self'; " +
		"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}

// Shown is stored post or comment HTML (sanitised at write time by
// internal/markdown) as readers see it: images from other sites only where
// their host is listed, any other a link to it (markdown.ImagePolicy.Gate),
// whenever the post was stored.
func (p *page) Shown(stored string) template.HTML {
	return template.HTML(p.settings.Images.Gate(stored, p.T("post.image_hint")))
}
