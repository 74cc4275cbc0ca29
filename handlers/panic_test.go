package handlers

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// TestPanicIsAShort500 panics in a handler behind the studio's recoverer
// and error handler: the client gets a short 500 (JSON and HTML) without
// a stack, the log gets the message, and the stack only in debug mode.
func TestPanicIsAShort500(t *testing.T) {
	for _, debug := range []bool{false, true} {
		var logged bytes.Buffer
		h := &Handler{opts: Options{Debug: debug}, log: slog.New(slog.NewTextHandler(&logged, nil))}
		app := fiber.New(fiber.Config{ErrorHandler: h.errorHandler})
		app.Use(h.recoverer())
		app.Get("/boom", func(c *fiber.Ctx) error {
			parts := strings.Split(c.Path(), "/")
			return c.SendString(parts[9]) // index out of range: a runtime panic
		})
		app.Get("/boom-url", func(c *fiber.Ctx) error { panic("dial postgres://u:hunter2@h/db") })
		for _, accept := range []string{"application/json", "text/html"} {
			for _, path := range []string{"/boom", "/boom-url"} {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Accept", accept)
				resp, err := app.Test(req, 10_000)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				body := string(b)
				if resp.StatusCode != 500 || !strings.Contains(body, "internal error") {
					t.Errorf("debug=%v %s %s: %d %.300s", debug, accept, path, resp.StatusCode, body)
				}
				for _, bad := range []string{"goroutine ", ".go:", "panic", "hunter2"} {
					if strings.Contains(body, bad) {
						t.Errorf("debug=%v %s %s: the response shows %q: %.500s", debug, accept, path, bad, body)
					}
				}
			}
		}
		log := logged.String()
		if !strings.Contains(log, "request failed") || !strings.Contains(log, "index out of range [9] with length 2") || strings.Contains(log, "hunter2") {
			t.Errorf("debug=%v: log lacks the panic or shows the password:\n%s", debug, log)
		}
		if hasStack := strings.Contains(log, "goroutine "); hasStack != debug {
			t.Errorf("debug=%v: stack in the log = %v:\n%s", debug, hasStack, log)
		}
	}
}
