package project

import (
	"path/filepath"
)

// loadEnv reads the .env files the config loads itself (dotenv's
// config({ path }), process.loadEnvFile(path), @next/env's
// loadEnvConfig(dir)), in the order it loads them, then
// DefaultEnvFiles. A call without a path (import "dotenv/config",
// dotenv.config()) loads ./.env, which the defaults cover. A call whose
// path studio cannot evaluate is remembered: reading a variable that
// only that file could have set is then an error, never a guess.
func (c *Config) loadEnv() error {
	type file struct {
		path     string
		override bool
	}
	var files []file
	for _, call := range c.ev.prog.dotenv {
		paths, override, err := c.envCallFiles(call)
		if err != nil {
			if c.envErr == nil {
				c.envErr = err
			}
			continue
		}
		for _, p := range paths {
			files = append(files, file{p, override})
		}
	}
	for _, n := range DefaultEnvFiles {
		files = append(files, file{filepath.Join(c.workdir, n), false})
	}
	for _, f := range files {
		if err := c.Env.LoadFile(f.path, displayPath(c.workdir, f.path), f.override); err != nil {
			return err
		}
	}
	return nil
}

// envCallFiles is the list of files one env-loading call reads.
func (c *Config) envCallFiles(call envCall) (paths []string, override bool, err error) {
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(c.workdir, p)
	}
	switch call.fn {
	case "loadEnvFile":
		if len(call.args) == 0 {
			return nil, false, nil
		}
		s, err := c.envArg(call.args[0])
		if err != nil {
			return nil, false, err
		}
		return []string{abs(s)}, false, nil
	case "next":
		return c.nextEnvFiles(call, abs)
	}
	if len(call.args) == 0 {
		return nil, false, nil
	}
	opts, err := c.ev.eval(call.args[0])
	if err != nil {
		return nil, false, c.envCallError(call, err)
	}
	if opts.kind != vObject {
		return nil, false, nil
	}
	if ov, found, err := c.ev.get(opts, "override"); err == nil && found {
		override = ov.truthy()
	}
	pv, found, err := c.ev.get(opts, "path")
	if err != nil {
		return nil, false, c.envCallError(call, err)
	}
	if !found || pv.kind == vUndefined {
		return nil, override, nil
	}
	switch pv.kind {
	case vString:
		return []string{abs(pv.s)}, override, nil
	case vArray:
		for _, x := range pv.arr {
			if x.kind != vString {
				return nil, false, c.ev.errorf(x.off, "loads a .env file whose path is not a string")
			}
			paths = append(paths, abs(x.s))
		}
		return paths, override, nil
	}
	return nil, false, c.ev.errorf(pv.off, "loads a .env file whose path is not a string")
}

// nextEnvFiles is @next/env's loadEnvConfig(dir, dev): the files Next.js
// reads, production ones unless dev is true.
func (c *Config) nextEnvFiles(call envCall, abs func(string) string) ([]string, bool, error) {
	dir := c.workdir
	if len(call.args) > 0 {
		s, err := c.envArg(call.args[0])
		if err != nil {
			return nil, false, err
		}
		dir = abs(s)
	}
	mode := "production"
	if len(call.args) > 1 {
		dev, err := c.ev.eval(call.args[1])
		if err != nil {
			return nil, false, c.envCallError(call, err)
		}
		if dev.truthy() {
			mode = "development"
		}
	}
	var out []string
	for _, n := range []string{".env." + mode + ".local", ".env.local", ".env." + mode, ".env"} {
		out = append(out, filepath.Join(dir, n))
	}
	return out, false, nil
}

func (c *Config) envArg(n *node) (string, error) {
	v, err := c.ev.eval(n)
	if err != nil {
		return "", c.envCallError(envCall{off: n.off}, err)
	}
	if v.kind != vString {
		return "", c.ev.errorf(n.off, "loads a .env file whose path is not a string")
	}
	return v.s, nil
}

func (c *Config) envCallError(call envCall, err error) error {
	return c.ev.errorf(call.off, "loads a .env file studio cannot locate (%s)", errMsg(err))
}
