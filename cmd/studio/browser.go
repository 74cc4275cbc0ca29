package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// openBrowser opens url in the desktop's browser for --open: xdg-open on
// Linux and the BSDs, open on macOS, the URL handler on Windows. It does
// nothing, and says why, in CI or (Linux, BSD) without a display, where a
// browser would only fail or hang; a failure to start one is a line on
// stderr, never a reason to stop serving.
func openBrowser(e *env, url string) {
	if why := noBrowser(e, runtime.GOOS); why != "" {
		fmt.Fprintf(e.stderr, "studio: not opening a browser: %s; open %s yourself\n", why, url)
		return
	}
	name, args := browserCommand(runtime.GOOS, url)
	path, err := lookPath(e, name)
	if err != nil {
		fmt.Fprintf(e.stderr, "studio: not opening a browser: %s not found; open %s yourself\n", name, url)
		return
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(e.stderr, "studio: could not open a browser: %v; open %s yourself\n", err, url)
		return
	}
	go func() { _ = cmd.Wait() }() // reap it; xdg-open returns at once
}

// noBrowser says why no browser should be opened, "" when one may be.
func noBrowser(e *env, goos string) string {
	if ci := e.getenv("CI"); ci != "" && ci != "false" && ci != "0" {
		return "CI is set"
	}
	switch goos {
	case "darwin", "windows":
		return ""
	}
	if e.getenv("DISPLAY") == "" && e.getenv("WAYLAND_DISPLAY") == "" {
		return "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
	}
	return ""
}

// browserCommand is the command that opens url on goos.
func browserCommand(goos, url string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{url}
	case "windows":
		// start would read the & of a query string as a command separator.
		return "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	return "xdg-open", []string{url}
}

// lookPath finds name on the PATH of e (the process's own in main).
func lookPath(e *env, name string) (string, error) {
	for _, dir := range filepath.SplitList(e.getenv("PATH")) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if runtime.GOOS == "windows" && !strings.HasSuffix(strings.ToLower(p), ".exe") {
			p += ".exe"
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() && (runtime.GOOS == "windows" || st.Mode()&0o111 != 0) {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}
