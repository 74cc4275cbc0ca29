// Command release builds what studio ships: the binary for every
// platform (CGO off, so one build machine makes them all), archives of
// them with SHA-256 sums, and the npm packages a JavaScript project
// installs (one main package with the `studio` command, one per
// platform, chosen by os and cpu the way esbuild and biome ship theirs).
// The version comes from the VERSION file at the repository root.
//
//	go run ./release npm  [-out dist] [-platforms all|host|linux/amd64,...]
//	go run ./release dist [-out dist] [-platforms ...]
//
// Nothing is published: npm packages are packed into tarballs.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "npm" && args[0] != "dist") {
		return fmt.Errorf("usage: release npm|dist [-out DIR] [-platforms all|host|GOOS/GOARCH,...]")
	}
	fs := flag.NewFlagSet("release "+args[0], flag.ContinueOnError)
	out := fs.String("out", "dist", "output folder")
	plats := fs.String("platforms", "all", "all, host, or a comma-separated list of GOOS/GOARCH")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	platforms, err := parsePlatforms(*plats)
	if err != nil {
		return err
	}
	b := builder{root: root, out: *out, log: os.Stdout}
	if b.version, err = readVersion(root); err != nil {
		return err
	}
	if args[0] == "npm" {
		_, err = b.npm(ctx, platforms)
		return err
	}
	return b.dist(ctx, platforms)
}
