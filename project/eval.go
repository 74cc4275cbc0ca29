package project

import (
	"fmt"
	"math"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// vkind is the JavaScript type of an evaluated value.
type vkind int

const (
	vUndefined vkind = iota
	vNull
	vString
	vNumber
	vBool
	vArray
	vObject
)

// value is an evaluated expression. Objects stay lazy: a property is
// evaluated only when asked for, so a key studio does not need may hold
// anything. vars names the environment variables the value was read from.
type value struct {
	kind vkind
	s    string
	n    float64
	b    bool
	arr  []value
	obj  *node
	off  int
	vars []string
}

func (v value) truthy() bool {
	switch v.kind {
	case vString:
		return v.s != ""
	case vNumber:
		return v.n != 0 && !math.IsNaN(v.n)
	case vBool:
		return v.b
	case vArray, vObject:
		return true
	}
	return false
}

// str is JavaScript's String(v) for primitives.
func (v value) str() string {
	switch v.kind {
	case vString:
		return v.s
	case vNumber:
		switch {
		case math.IsNaN(v.n):
			return "NaN"
		case math.IsInf(v.n, 1):
			return "Infinity"
		case math.IsInf(v.n, -1):
			return "-Infinity"
		}
		return strconv.FormatFloat(v.n, 'f', -1, 64)
	case vBool:
		return strconv.FormatBool(v.b)
	case vNull:
		return "null"
	case vArray:
		parts := make([]string, len(v.arr))
		for i, x := range v.arr {
			if x.kind != vUndefined && x.kind != vNull {
				parts[i] = x.str()
			}
		}
		return strings.Join(parts, ",")
	case vObject:
		return "[object Object]"
	}
	return "undefined"
}

// num is JavaScript's Number(v).
func (v value) num() float64 {
	switch v.kind {
	case vNumber:
		return v.n
	case vBool:
		if v.b {
			return 1
		}
		return 0
	case vNull:
		return 0
	case vString:
		s := strings.TrimSpace(v.s)
		if s == "" {
			return 0
		}
		return parseJSNumber(s)
	}
	return math.NaN()
}

func parseJSNumber(s string) float64 {
	clean := strings.ReplaceAll(s, "_", "")
	if len(clean) > 2 && clean[0] == '0' && strings.ContainsRune("xXoObB", rune(clean[1])) {
		n, err := strconv.ParseInt(clean, 0, 64)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// EvalError is a config value studio cannot read without running the
// config, or one that reads an unset variable. Its message names the
// file, line and column, and never holds a value read from the
// environment.
type EvalError struct {
	File      string
	Line, Col int
	Key       string // the config key being read, e.g. "dbCredentials.url"
	Msg       string
	Err       error // a sentinel such as ErrNoDatabase, or nil
}

// Unwrap returns the sentinel the error is an instance of.
func (e *EvalError) Unwrap() error { return e.Err }

func (e *EvalError) Error() string {
	key := ""
	if e.Key != "" {
		key = "`" + e.Key + "` "
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", e.File, e.Line, e.Col, key, e.Msg)
}

// evaluator evaluates expressions of one config file in one environment.
type evaluator struct {
	prog    *program
	env     *Env
	dir     string // the config file's folder (for __dirname, import.meta)
	workdir string // the working folder (for process.cwd())
	active  map[string]bool
	envErr  error // a .env-loading call that could not be read
}

func (ev *evaluator) errorf(off int, format string, a ...any) *EvalError {
	p := ev.prog.src.pos(off)
	return &EvalError{File: ev.prog.src.name, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, a...)}
}

func (ev *evaluator) eval(n *node) (value, error) {
	switch n.kind {
	case nString:
		return value{kind: vString, s: n.str, off: n.off}, nil
	case nNumber:
		return value{kind: vNumber, n: parseJSNumber(n.str), off: n.off}, nil
	case nBool:
		return value{kind: vBool, b: n.str == "true", off: n.off}, nil
	case nNull:
		return value{kind: vNull, off: n.off}, nil
	case nUndefined:
		return value{kind: vUndefined, off: n.off}, nil
	case nObject:
		return value{kind: vObject, obj: n, off: n.off}, nil
	case nArray:
		return ev.array(n)
	case nTemplate:
		return ev.template(n)
	case nIdent:
		return ev.ident(n)
	case nMember:
		return ev.member(n)
	case nCall, nNew:
		return ev.call(n)
	case nUnary:
		return ev.unary(n)
	case nBinary:
		return ev.binary(n)
	case nCond:
		c, err := ev.eval(n.kids[0])
		if err != nil {
			return value{}, err
		}
		v, err := ev.eval(n.kids[map[bool]int{true: 1, false: 2}[c.truthy()]])
		v.vars = append(v.vars, c.vars...)
		return v, err
	case nSpread:
		return value{}, ev.errorf(n.off, "is a spread (...), which studio cannot read without running the config")
	}
	return value{}, ev.errorf(n.off, "is %s, which studio cannot read without running the config", n.what)
}

func (ev *evaluator) array(n *node) (value, error) {
	out := value{kind: vArray, off: n.off}
	for _, k := range n.kids {
		if k.kind == nSpread {
			v, err := ev.eval(k.kids[0])
			if err != nil {
				return value{}, err
			}
			if v.kind != vArray {
				return value{}, ev.errorf(k.off, "spreads something that is not an array")
			}
			out.arr = append(out.arr, v.arr...)
			continue
		}
		v, err := ev.eval(k)
		if err != nil {
			return value{}, err
		}
		out.arr = append(out.arr, v)
		out.vars = append(out.vars, v.vars...)
	}
	return out, nil
}

func (ev *evaluator) template(n *node) (value, error) {
	var b strings.Builder
	out := value{kind: vString, off: n.off}
	for _, k := range n.kids {
		v, err := ev.eval(k)
		if err != nil {
			return value{}, err
		}
		b.WriteString(v.str())
		out.vars = append(out.vars, v.vars...)
	}
	out.s = b.String()
	return out, nil
}

// ident resolves a name: a top-level constant of the file, or one of the
// few globals a config uses for paths.
func (ev *evaluator) ident(n *node) (value, error) {
	switch n.str {
	case "__dirname":
		return value{kind: vString, s: ev.dir, off: n.off}, nil
	case "__filename":
		return value{kind: vString, s: filepath.Join(ev.dir, filepath.Base(ev.prog.src.name)), off: n.off}, nil
	case "NaN":
		return value{kind: vNumber, n: math.NaN(), off: n.off}, nil
	case "Infinity":
		return value{kind: vNumber, n: math.Inf(1), off: n.off}, nil
	}
	if init, ok := ev.prog.decls[n.str]; ok {
		if ev.active[n.str] {
			return value{}, ev.errorf(n.off, "refers to itself through `%s`", n.str)
		}
		ev.active[n.str] = true
		defer delete(ev.active, n.str)
		return ev.eval(init)
	}
	if mod, ok := ev.prog.imports[n.str]; ok {
		return value{}, ev.errorf(n.off, "reads `%s`, imported from %q, which studio does not run", n.str, mod)
	}
	return value{}, ev.errorf(n.off, "reads `%s`, which is not a constant of this file", n.str)
}

// member reads x.name: process.env variables, properties of object
// literals and import.meta's url and dirname.
func (ev *evaluator) member(n *node) (value, error) {
	base := n.kids[0]
	if isProcessEnv(base) {
		return ev.envVar(n.str, startOff(n))
	}
	if base.kind == nIdent && base.str == "import" || (base.kind == nMember && base.str == "meta" && base.kids[0].kind == nIdent && base.kids[0].str == "import") {
		switch n.str {
		case "url":
			return value{kind: vString, s: (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(ev.dir, filepath.Base(ev.prog.src.name)))}).String(), off: n.off}, nil
		case "dirname":
			return value{kind: vString, s: ev.dir, off: n.off}, nil
		case "filename":
			return value{kind: vString, s: filepath.Join(ev.dir, filepath.Base(ev.prog.src.name)), off: n.off}, nil
		case "meta":
			return value{kind: vObject, obj: &node{kind: nObject}, off: n.off}, nil
		}
		return value{}, ev.errorf(n.off, "reads import.meta.%s, which studio does not know", n.str)
	}
	obj, err := ev.eval(base)
	if err != nil {
		return value{}, err
	}
	switch obj.kind {
	case vObject:
		v, _, err := ev.get(obj, n.str)
		return v, err
	case vString:
		if n.str == "length" {
			return value{kind: vNumber, n: float64(len([]rune(obj.s))), off: n.off, vars: obj.vars}, nil
		}
	case vUndefined, vNull:
		return value{}, ev.errorf(n.off, "reads .%s of %s", n.str, obj.str())
	}
	return value{}, ev.errorf(n.off, "reads .%s, which studio cannot evaluate", n.str)
}

func isProcessEnv(n *node) bool {
	return n.kind == nMember && n.str == "env" && n.kids[0].kind == nIdent && n.kids[0].str == "process"
}

// envVar is process.env[name]: a string, or undefined when unset. When
// the config loads a .env file studio could not locate, an unset
// variable is an error: that file might have set it.
func (ev *evaluator) envVar(name string, off int) (value, error) {
	v, _, ok := ev.env.Lookup(name)
	if !ok {
		if ev.envErr != nil {
			line := 0
			if e, ok := ev.envErr.(*EvalError); ok {
				line = e.Line
			}
			return value{}, ev.errorf(off, "reads %s, which is not set, and line %d %s", name, line, errMsg(ev.envErr))
		}
		return value{kind: vUndefined, off: off, vars: []string{name}}, nil
	}
	return value{kind: vString, s: v, off: off, vars: []string{name}}, nil
}

// get reads one property of an object literal: the last definition wins,
// spreads included. found is false when the key is absent.
func (ev *evaluator) get(obj value, key string) (v value, found bool, err error) {
	props := obj.obj.props
	for i := len(props) - 1; i >= 0; i-- {
		pr := props[i]
		if !pr.spread {
			if pr.key == key {
				v, err := ev.eval(pr.val)
				v.off = startOff(pr.val)
				return v, true, err
			}
			continue
		}
		inner, err := ev.eval(pr.val)
		if err != nil {
			e := ev.errorf(pr.keyOff, "may come from a spread (...) that studio cannot read: %s", strings.TrimPrefix(errMsg(err), "is "))
			return value{}, false, e
		}
		if inner.kind != vObject {
			continue
		}
		if v, found, err := ev.get(inner, key); found || err != nil {
			return v, found, err
		}
	}
	return value{kind: vUndefined, off: obj.off}, false, nil
}

// startOff is where an expression starts in the file: messages point
// there rather than at an operator.
func startOff(n *node) int {
	switch n.kind {
	case nBinary, nCond, nMember, nCall:
		return startOff(n.kids[0])
	}
	return n.off
}

func errMsg(err error) string {
	if e, ok := err.(*EvalError); ok {
		return e.Msg
	}
	return err.Error()
}

func (ev *evaluator) unary(n *node) (value, error) {
	x, err := ev.eval(n.kids[0])
	if err != nil {
		return value{}, err
	}
	out := value{off: n.off, vars: x.vars}
	switch n.str {
	case "!":
		out.kind, out.b = vBool, !x.truthy()
	case "-":
		out.kind, out.n = vNumber, -x.num()
	case "+":
		out.kind, out.n = vNumber, x.num()
	case "typeof":
		out.kind, out.s = vString, typeOf(x)
	}
	return out, nil
}

func typeOf(v value) string {
	switch v.kind {
	case vString:
		return "string"
	case vNumber:
		return "number"
	case vBool:
		return "boolean"
	case vUndefined:
		return "undefined"
	}
	return "object"
}

func (ev *evaluator) binary(n *node) (value, error) {
	l, err := ev.eval(n.kids[0])
	if err != nil {
		return value{}, err
	}
	switch n.str {
	case "??":
		if l.kind != vUndefined && l.kind != vNull {
			return l, nil
		}
		return ev.fallback(n.kids[1], l)
	case "||":
		if l.truthy() {
			return l, nil
		}
		return ev.fallback(n.kids[1], l)
	case "&&":
		if !l.truthy() {
			return l, nil
		}
		return ev.fallback(n.kids[1], l)
	}
	r, err := ev.eval(n.kids[1])
	if err != nil {
		return value{}, err
	}
	out := value{off: n.off, vars: append(append([]string{}, l.vars...), r.vars...)}
	switch n.str {
	case "===", "==":
		out.kind, out.b = vBool, looseEqual(l, r, n.str == "==")
	case "!==", "!=":
		out.kind, out.b = vBool, !looseEqual(l, r, n.str == "!=")
	case "+":
		if l.kind == vString || r.kind == vString || l.kind == vArray || r.kind == vArray || l.kind == vObject || r.kind == vObject {
			out.kind, out.s = vString, l.str()+r.str()
		} else {
			out.kind, out.n = vNumber, l.num()+r.num()
		}
	case "-":
		out.kind, out.n = vNumber, l.num()-r.num()
	}
	return out, nil
}

// fallback evaluates the right side of ??, || or &&, remembering the
// variables the left side read (they decided which side was used).
func (ev *evaluator) fallback(n *node, left value) (value, error) {
	v, err := ev.eval(n)
	v.vars = append(append([]string{}, left.vars...), v.vars...)
	return v, err
}

func looseEqual(a, b value, loose bool) bool {
	nullish := func(v value) bool { return v.kind == vUndefined || v.kind == vNull }
	if loose && nullish(a) && nullish(b) {
		return true
	}
	if a.kind != b.kind {
		if loose && !nullish(a) && !nullish(b) && a.kind != vObject && b.kind != vObject {
			return a.num() == b.num()
		}
		return false
	}
	switch a.kind {
	case vString:
		return a.s == b.s
	case vNumber:
		return a.n == b.n
	case vBool:
		return a.b == b.b
	case vUndefined, vNull:
		return true
	}
	return false
}
