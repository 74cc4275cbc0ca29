package project

import (
	"fmt"
)

// program is a config file read statically: what it exports, its
// top-level constants, what it imports from where, and the calls that
// load .env files.
type program struct {
	src      *source
	export   *node            // the exported config expression
	decls    map[string]*node // top-level const/let/var initialisers
	imports  map[string]string
	dotenv   []envCall
	dotenvOK map[string]bool // local names bound to dotenv's config()
	dotenvNS map[string]bool // local names bound to the dotenv module
	nextEnv  map[string]bool // local names bound to @next/env's loadEnvConfig
}

// envCall is a call that loads .env files: dotenv's config() (and
// configDotenv), process.loadEnvFile, or @next/env's loadEnvConfig.
type envCall struct {
	fn   string // "dotenv", "loadEnvFile", "next"
	off  int
	args []*node
}

// parseProgram reads a config file's top level.
func parseProgram(src *source) (*program, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	prog := &program{src: src, decls: map[string]*node{}, imports: map[string]string{},
		dotenvOK: map[string]bool{}, dotenvNS: map[string]bool{}, nextEnv: map[string]bool{}}
	p := &parser{toks: toks}
	depth := 0
	for p.i < len(toks) && toks[p.i].kind != tokEOF {
		t := toks[p.i]
		if depth == 0 && t.kind == tokIdent && (p.i == 0 || statementStart(toks[p.i-1], t)) {
			if prog.statement(p) {
				continue
			}
		}
		if t.kind == tokPunct {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			}
		}
		p.i++
	}
	prog.findEnvCalls(toks)
	if prog.export == nil {
		return nil, fmt.Errorf("%s: %w", src.name, ErrNoExport)
	}
	return prog, nil
}

// parseJSON reads a drizzle.config.json: the whole file is the config.
func parseJSON(src *source) (*program, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	root := p.topValue()
	if t := p.peek(); t.kind != tokEOF {
		return nil, &syntaxError{src: src, off: t.off, msg: "unexpected text after the JSON value"}
	}
	return &program{src: src, export: root, decls: map[string]*node{}, imports: map[string]string{}}, nil
}

// statementStart reports whether t can begin a statement after prev.
func statementStart(prev, t token) bool {
	return t.nl || (prev.kind == tokPunct && (prev.text == ";" || prev.text == "}" || prev.text == "{"))
}

// statement reads the top-level statement at p.i if it is one that
// matters; it reports whether it moved the parser.
func (prog *program) statement(p *parser) bool {
	t := p.peek()
	switch t.text {
	case "import":
		if next := p.peekAt(1); next.kind == tokPunct && (next.text == "(" || next.text == ".") {
			return false
		}
		prog.importDecl(p)
		return true
	case "export":
		return prog.exportDecl(p)
	case "module":
		if p.peekAt(1).text == "." && p.peekAt(2).text == "exports" && p.peekAt(3).text == "=" {
			p.i += 4
			prog.export = p.topValue()
			return true
		}
	case "exports":
		if p.peekAt(1).text == "." && p.peekAt(2).text == "default" && p.peekAt(3).text == "=" {
			p.i += 4
			prog.export = p.topValue()
			return true
		}
	case "const", "let", "var":
		p.i++
		prog.declarations(p)
		return true
	}
	return false
}

// topValue parses an expression that ends a top-level statement.
func (p *parser) topValue() *node {
	start := p.i
	n, err := p.expr()
	if err == nil {
		return n
	}
	p.i = start
	what := describeSpan(p.toks[start:p.skipValue()])
	return &node{kind: nOpaque, off: p.toks[start].off, what: what}
}

func (prog *program) exportDecl(p *parser) bool {
	next := p.peekAt(1)
	switch {
	case next.kind == tokIdent && next.text == "default":
		p.i += 2
		prog.export = p.topValue()
		return true
	case next.kind == tokPunct && next.text == "=":
		p.i += 2
		prog.export = p.topValue()
		return true
	case next.kind == tokIdent && (next.text == "const" || next.text == "let" || next.text == "var"):
		p.i += 2
		prog.declarations(p)
		return true
	case next.kind == tokPunct && next.text == "{":
		// export { config as default }
		p.i += 2
		for !p.isPunct("}") && p.peek().kind != tokEOF {
			local := p.peek()
			p.i++
			if p.isIdent("as") && p.peekAt(1).text == "default" {
				prog.export = &node{kind: nIdent, off: local.off, str: local.text}
				p.i += 2
			}
			if p.isPunct(",") {
				p.i++
			}
		}
		return true
	}
	return false
}

// importDecl records which local names come from which module.
func (prog *program) importDecl(p *parser) {
	p.i++ // import
	if p.isIdent("type") && p.peekAt(1).kind != tokString && p.peekAt(1).text != "from" {
		p.i++
	}
	var names []string
	var named []string // the imported names, parallel to names for {a as b}
	for p.peek().kind != tokEOF && !p.isIdent("from") && p.peek().kind != tokString {
		t := p.peek()
		switch {
		case t.kind == tokPunct && t.text == "*":
			p.i++
			if p.isIdent("as") {
				p.i++
				names = append(names, p.peek().text)
				named = append(named, "*")
				p.i++
			}
		case t.kind == tokPunct && t.text == "{":
			p.i++
			for !p.isPunct("}") && p.peek().kind != tokEOF {
				if p.isIdent("type") && p.peekAt(1).kind == tokIdent && p.peekAt(1).text != "as" {
					p.i++
				}
				imported := p.peek().text
				p.i++
				local := imported
				if p.isIdent("as") {
					p.i++
					local = p.peek().text
					p.i++
				}
				names, named = append(names, local), append(named, imported)
				if p.isPunct(",") {
					p.i++
				}
			}
			p.i++
		case t.kind == tokIdent:
			names, named = append(names, t.text), append(named, "default")
			p.i++
		default:
			p.i++
		}
	}
	if p.isIdent("from") {
		p.i++
	}
	mod := p.peek()
	if mod.kind != tokString {
		return
	}
	p.i++
	for k, n := range names {
		prog.imports[n] = mod.text
		prog.bindModule(n, named[k], mod.text)
	}
	if len(names) == 0 && (mod.text == "dotenv/config" || mod.text == "dotenv-flow/config") {
		prog.dotenv = append(prog.dotenv, envCall{fn: "dotenv", off: mod.off})
	}
}

// bindModule notes local names that load .env files.
func (prog *program) bindModule(local, imported, mod string) {
	switch mod {
	case "dotenv":
		switch imported {
		case "config", "configDotenv":
			prog.dotenvOK[local] = true
		case "*", "default":
			prog.dotenvNS[local] = true
		}
	case "@next/env":
		if imported == "loadEnvConfig" {
			prog.nextEnv[local] = true
		} else if imported == "*" || imported == "default" {
			prog.nextEnv[local+".loadEnvConfig"] = true
		}
	}
}

// declarations reads "a = 1, { b, c = 'x' } = process.env" after
// const/let/var.
func (prog *program) declarations(p *parser) {
	for {
		t := p.peek()
		switch {
		case t.kind == tokIdent:
			p.i++
			if p.isPunct(":") {
				p.i++
				p.skipType()
			}
			if !p.isPunct("=") {
				return
			}
			p.i++
			init := p.topValue()
			prog.decls[t.text] = init
			prog.requireBinding(t.text, init)
		case t.kind == tokPunct && t.text == "{":
			prog.destructure(p)
		default:
			return
		}
		if !p.isPunct(",") {
			return
		}
		p.i++
	}
}

// requireBinding notes `const dotenv = require("dotenv")`.
func (prog *program) requireBinding(name string, init *node) {
	mod, ok := requireOf(init)
	if !ok {
		return
	}
	prog.imports[name] = mod
	prog.bindModule(name, "*", mod)
}

// requireOf reports the module of a require("m") call.
func requireOf(n *node) (string, bool) {
	if n == nil || n.kind != nCall || len(n.kids) != 2 {
		return "", false
	}
	callee, arg := n.kids[0], n.kids[1]
	if callee.kind != nIdent || callee.str != "require" || arg.kind != nString {
		return "", false
	}
	return arg.str, true
}

// destructure reads "{ a, b: c, d = 'x' } = init": each name becomes a
// member of the initialiser, with its default as a ?? fallback.
func (prog *program) destructure(p *parser) {
	open := p.i
	type binding struct {
		local, key string
		off        int
		def        *node
	}
	var binds []binding
	p.i++
	for !p.isPunct("}") && p.peek().kind != tokEOF {
		t := p.peek()
		if t.kind != tokIdent && t.kind != tokString {
			p.i = open
			p.skipValue()
			return
		}
		p.i++
		b := binding{local: t.text, key: t.text, off: t.off}
		if p.isPunct(":") {
			p.i++
			b.local = p.peek().text
			p.i++
		}
		if p.isPunct("=") {
			p.i++
			b.def = p.value()
		}
		binds = append(binds, b)
		if p.isPunct(",") {
			p.i++
		}
	}
	p.i++
	if p.isPunct(":") {
		p.i++
		p.skipType()
	}
	if !p.isPunct("=") {
		return
	}
	p.i++
	init := p.topValue()
	for _, b := range binds {
		var n *node = &node{kind: nMember, off: b.off, str: b.key, kids: []*node{init}}
		if b.def != nil {
			n = &node{kind: nBinary, off: b.off, str: "??", kids: []*node{n, b.def}}
		}
		prog.decls[b.local] = n
	}
}

// findEnvCalls finds the calls that load .env files anywhere in the
// file: dotenv.config(...), config(...) imported from dotenv,
// require("dotenv").config(...), process.loadEnvFile(...), and
// loadEnvConfig(...) from @next/env.
func (prog *program) findEnvCalls(toks []token) {
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tokIdent || toks[i+1].text != "(" || toks[i+1].kind != tokPunct {
			continue
		}
		var recv string
		if i >= 2 && toks[i-1].text == "." && toks[i-1].kind == tokPunct {
			recv = toks[i-2].text
			if toks[i-2].kind == tokPunct && toks[i-2].text == ")" && i >= 5 &&
				toks[i-5].text == "require" && toks[i-3].kind == tokString && toks[i-3].text == "dotenv" {
				recv = "require(dotenv)"
			}
		}
		fn := ""
		switch {
		case (t.text == "config" || t.text == "configDotenv") && (prog.dotenvNS[recv] || recv == "require(dotenv)"):
			fn = "dotenv"
		case recv == "" && prog.dotenvOK[t.text]:
			fn = "dotenv"
		case t.text == "loadEnvFile" && recv == "process":
			fn = "loadEnvFile"
		case (recv == "" && prog.nextEnv[t.text]) || prog.nextEnv[recv+"."+t.text]:
			fn = "next"
		default:
			continue
		}
		p := &parser{toks: toks, i: i + 1}
		args, err := p.args()
		if err != nil {
			args = []*node{{kind: nOpaque, off: toks[i+1].off, what: "its arguments"}}
		}
		prog.dotenv = append(prog.dotenv, envCall{fn: fn, off: t.off, args: args})
	}
}
