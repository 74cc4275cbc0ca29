// Package static embeds the studio's browser assets: the pinned, vendored
// htmx build, the style sheet and the little script the pages use. Nothing
// is loaded from a remote host, so the studio works offline. It knows
// nothing of HTTP: handlers serves Files.
package static

import (
	"embed"
	"io/fs"
)

//go:embed *.js *.css favicon.ico favicon.svg
var files embed.FS

// HTMX is the URL path of the vendored htmx build (pinned: 2.0.11).
const HTMX = "/static/htmx-2.0.11.min.js"

// Files are the embedded assets, named as they are served under /static/.
func Files() fs.FS { return files }
