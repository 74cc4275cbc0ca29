package project

import (
	"math"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// call evaluates the few functions configs use on values: defineConfig,
// Number, parseInt, parseFloat, String, Boolean, path.join/resolve,
// process.cwd, fileURLToPath and new URL(relative, import.meta.url).
// Any other call cannot be known without running it.
func (ev *evaluator) call(n *node) (value, error) {
	callee, args := n.kids[0], n.kids[1:]
	name := calleeName(callee)
	if n.kind == nNew {
		if name == "URL" {
			return ev.newURL(n, args)
		}
		return value{}, ev.errorf(n.off, "is new %s(...), which studio cannot evaluate", name)
	}
	switch name {
	case "defineConfig":
		if len(args) != 1 {
			return value{}, ev.errorf(n.off, "calls defineConfig with %d arguments", len(args))
		}
		return ev.eval(args[0])
	case "Number", "parseInt", "parseFloat", "String", "Boolean":
		return ev.convert(n, name, args)
	case "process.cwd":
		return value{kind: vString, s: ev.workdir, off: n.off}, nil
	}
	if fn, ok := ev.pathFunc(name); ok {
		return ev.pathCall(n, fn, args)
	}
	if name == "fileURLToPath" || name == "url.fileURLToPath" {
		return ev.fileURLToPath(n, args)
	}
	if name == "" {
		name = "a function"
	}
	return value{}, ev.errorf(n.off, "calls %s(...), which studio cannot evaluate without running the config", name)
}

// calleeName is "f" or "a.b.f" for a call's callee, "" otherwise.
func calleeName(n *node) string {
	switch n.kind {
	case nIdent:
		return n.str
	case nMember:
		if base := calleeName(n.kids[0]); base != "" {
			return base + "." + n.str
		}
	}
	return ""
}

// pathFunc reports whether name is path.join or path.resolve, through
// any name the file gave the path module or the function.
func (ev *evaluator) pathFunc(name string) (string, bool) {
	isPath := func(local string) bool {
		m := ev.prog.imports[local]
		return m == "path" || m == "node:path" || m == "path/posix" || m == "node:path/posix"
	}
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		fn := name[dot+1:]
		if (fn == "join" || fn == "resolve") && isPath(name[:dot]) {
			return fn, true
		}
		return "", false
	}
	if isPath(name) && (name == "join" || name == "resolve") {
		return name, true
	}
	return "", false
}

func (ev *evaluator) stringArgs(args []*node) ([]string, []string, error) {
	var out, vars []string
	for _, a := range args {
		v, err := ev.eval(a)
		if err != nil {
			return nil, nil, err
		}
		if v.kind != vString {
			return nil, nil, ev.errorf(a.off, "is not a string")
		}
		out = append(out, v.s)
		vars = append(vars, v.vars...)
	}
	return out, vars, nil
}

func (ev *evaluator) pathCall(n *node, fn string, args []*node) (value, error) {
	parts, vars, err := ev.stringArgs(args)
	if err != nil {
		return value{}, err
	}
	var p string
	if fn == "join" {
		p = filepath.Join(parts...)
		if p == "" {
			p = "."
		}
	} else {
		p = ev.workdir
		for _, s := range parts {
			if filepath.IsAbs(s) {
				p = s
			} else {
				p = filepath.Join(p, s)
			}
		}
	}
	return value{kind: vString, s: p, off: n.off, vars: vars}, nil
}

func (ev *evaluator) fileURLToPath(n *node, args []*node) (value, error) {
	s, vars, err := ev.stringArgs(args[:min(1, len(args))])
	if err != nil || len(s) == 0 {
		return value{}, ev.errorf(n.off, "calls fileURLToPath(...) with something studio cannot evaluate")
	}
	u, perr := url.Parse(s[0])
	if perr != nil || u.Scheme != "file" {
		return value{}, ev.errorf(n.off, "calls fileURLToPath(...) on something that is not a file: URL")
	}
	return value{kind: vString, s: filepath.FromSlash(u.Path), off: n.off, vars: vars}, nil
}

// newURL is new URL(ref, base): a string URL resolved against base.
func (ev *evaluator) newURL(n *node, args []*node) (value, error) {
	s, vars, err := ev.stringArgs(args)
	if err != nil || len(s) == 0 || len(s) > 2 {
		return value{}, ev.errorf(n.off, "is new URL(...) with something studio cannot evaluate")
	}
	ref, perr := url.Parse(s[0])
	if perr == nil && len(s) == 2 {
		var base *url.URL
		if base, perr = url.Parse(s[1]); perr == nil {
			ref = base.ResolveReference(ref)
		}
	}
	if perr != nil {
		return value{}, ev.errorf(n.off, "is new URL(...) of something that is not a URL")
	}
	return value{kind: vString, s: ref.String(), off: n.off, vars: vars}, nil
}

// convert is Number, parseInt, parseFloat, String and Boolean.
func (ev *evaluator) convert(n *node, name string, args []*node) (value, error) {
	x := value{kind: vUndefined, off: n.off}
	if len(args) > 0 {
		var err error
		if x, err = ev.eval(args[0]); err != nil {
			return value{}, err
		}
	}
	out := value{off: n.off, vars: x.vars}
	switch name {
	case "Number":
		out.kind, out.n = vNumber, x.num()
		if len(args) == 0 {
			out.n = 0
		}
	case "parseInt", "parseFloat":
		out.kind, out.n = vNumber, parseNumberPrefix(x.str(), name == "parseInt")
	case "String":
		out.kind, out.s = vString, x.str()
		if len(args) == 0 {
			out.s = ""
		}
	case "Boolean":
		out.kind, out.b = vBool, x.truthy()
	}
	return out, nil
}

// parseNumberPrefix is parseInt(s, 10) / parseFloat(s): the longest
// numeric prefix after leading space, NaN when there is none.
func parseNumberPrefix(s string, integer bool) float64 {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	end := 0
	if end < len(s) && (s[end] == '-' || s[end] == '+') {
		end++
	}
	digits := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || (!integer && (s[end] == '.' || s[end] == 'e' || s[end] == 'E'))) {
		end++
		digits++
	}
	for end > 0 && digits > 0 {
		if f, err := strconv.ParseFloat(s[:end], 64); err == nil {
			if integer {
				return math.Trunc(f)
			}
			return f
		}
		end--
		digits--
	}
	return math.NaN()
}
