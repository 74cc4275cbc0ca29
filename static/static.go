// Package static embeds the studio's browser assets: the pinned, vendored
// htmx build, the style sheet and the little script the pages use. Nothing
// is loaded from a remote host, so the studio works offline.
package static

import (
	"embed"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed *.js *.css favicon.ico favicon.svg
var files embed.FS

// HTMX is the URL path of the vendored htmx build (pinned: 2.0.11).
const HTMX = "/static/htmx-2.0.11.min.js"

// Handler serves the embedded files under /static/. File names carry their
// version or are tiny, so they may be cached for a day.
func Handler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		name := strings.TrimPrefix(c.Params("*"), "/")
		b, err := fs.ReadFile(files, name)
		if err != nil || name == "" {
			return fiber.NewError(fiber.StatusNotFound, "no such file")
		}
		ct := types[path.Ext(name)]
		if ct == "" {
			ct = mime.TypeByExtension(path.Ext(name))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		c.Set(fiber.HeaderContentType, ct)
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Send(b)
	}
}

// types are the content types the system's table may lack or spell
// otherwise.
var types = map[string]string{".ico": "image/x-icon", ".svg": "image/svg+xml"}

// Favicon serves the icon at /favicon.ico, where browsers and tools ask
// for it whatever the page links (pages link favicon.svg).
func Favicon() fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := files.ReadFile("favicon.ico")
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, types[".ico"])
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Send(b)
	}
}
