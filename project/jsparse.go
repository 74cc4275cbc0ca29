package project

import (
	"errors"
	"strings"
)

// nodeKind is the kind of an expression node.
type nodeKind int

const (
	nOpaque nodeKind = iota // something studio does not evaluate
	nString
	nNumber
	nBool
	nNull
	nUndefined
	nTemplate
	nArray
	nObject
	nIdent
	nMember // x.name or x["name"]
	nCall
	nNew
	nUnary
	nBinary
	nCond
	nSpread
)

// node is one parsed expression. Only the subset a config needs is
// understood; everything else becomes an opaque node that fails only if
// a value studio needs depends on it.
type node struct {
	kind  nodeKind
	off   int
	str   string  // value, identifier, member name, operator
	kids  []*node // operands, call arguments (after the callee), elements
	props []prop  // object literal properties, in order
	what  string  // for opaque nodes: what was found, for messages
}

// prop is one object literal property; spread properties have no key.
type prop struct {
	key    string
	keyOff int
	val    *node
	spread bool
}

// errUnsupported stops the parse of one value; the caller turns the
// span into an opaque node.
var errUnsupported = errors.New("unsupported syntax")

// parser reads expressions from a token slice.
type parser struct {
	toks []token
	i    int
	err  string // what stopped it, for opaque nodes
}

func (p *parser) peek() token { return p.toks[min(p.i, len(p.toks)-1)] }

func (p *parser) peekAt(k int) token { return p.toks[min(p.i+k, len(p.toks)-1)] }

func (p *parser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tokPunct && t.text == s
}

func (p *parser) isIdent(s string) bool {
	t := p.peek()
	return t.kind == tokIdent && t.text == s
}

func (p *parser) expect(s string) error {
	if !p.isPunct(s) {
		return p.fail("expected " + s)
	}
	p.i++
	return nil
}

func (p *parser) fail(why string) error {
	if p.err == "" {
		p.err = why
	}
	return errUnsupported
}

// value parses one expression inside a container (object, array, call
// arguments). When it is not syntax studio understands, it skips to the
// next "," or closing bracket and returns an opaque node naming it.
func (p *parser) value() *node {
	start := p.i
	n, err := p.expr()
	if err == nil && p.atValueEnd() {
		return n
	}
	p.i = start
	what := describeSpan(p.toks[start:p.skipValue()])
	return &node{kind: nOpaque, off: p.toks[start].off, what: what}
}

// atValueEnd reports whether the parser stands where a value in a
// container ends.
func (p *parser) atValueEnd() bool {
	t := p.peek()
	if t.kind == tokEOF {
		return true
	}
	return t.kind == tokPunct && (t.text == "," || t.text == "}" || t.text == "]" || t.text == ")" || t.text == ";")
}

// skipValue moves past balanced tokens up to the next "," or closing
// bracket at this level and returns the index it stopped at.
func (p *parser) skipValue() int {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		if t.kind == tokEOF {
			return p.i
		}
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return p.i
			}
			depth--
		case ",", ";":
			if depth == 0 {
				return p.i
			}
		}
	}
	return p.i
}

// describeSpan says what a skipped expression is without quoting string
// literals (a literal may be a secret).
func describeSpan(toks []token) string {
	if len(toks) == 0 {
		return "nothing"
	}
	var b strings.Builder
	for i, t := range toks {
		if i == 6 || b.Len() > 40 {
			b.WriteString(" …")
			break
		}
		if i > 0 && t.kind != tokPunct && toks[i-1].kind != tokPunct {
			b.WriteByte(' ')
		}
		switch t.kind {
		case tokString, tokTemplate:
			b.WriteString(`"…"`)
		case tokRegexp:
			b.WriteString("/…/")
		default:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// expr parses a conditional expression (no comma operator, no assignment).
func (p *parser) expr() (*node, error) {
	cond, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if !p.isPunct("?") {
		return cond, nil
	}
	off := p.peek().off
	p.i++
	yes, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	no, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &node{kind: nCond, off: off, kids: []*node{cond, yes, no}}, nil
}

// binaryPrec is the precedence of the binary operators studio evaluates.
var binaryPrec = map[string]int{
	"??": 1, "||": 1, "&&": 2,
	"==": 3, "!=": 3, "===": 3, "!==": 3,
	"+": 5, "-": 5,
}

func (p *parser) binary(minPrec int) (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		prec, ok := binaryPrec[t.text]
		if t.kind != tokPunct || !ok || prec <= minPrec {
			if t.kind == tokPunct && (t.text == "<" || t.text == ">" || t.text == "*" || t.text == "/" || t.text == "%" || t.text == "<=" || t.text == ">=") {
				return nil, p.fail("operator " + t.text)
			}
			return left, nil
		}
		p.i++
		right, err := p.binary(prec)
		if err != nil {
			return nil, err
		}
		left = &node{kind: nBinary, off: t.off, str: t.text, kids: []*node{left, right}}
	}
}

func (p *parser) unary() (*node, error) {
	t := p.peek()
	if (t.kind == tokPunct && (t.text == "!" || t.text == "-" || t.text == "+")) || (t.kind == tokIdent && t.text == "typeof") {
		p.i++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{kind: nUnary, off: t.off, str: t.text, kids: []*node{x}}, nil
	}
	return p.postfix()
}

// postfix parses member access, calls, TypeScript's x!, x as T and
// x satisfies T.
func (p *parser) postfix() (*node, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		switch {
		case t.kind == tokPunct && (t.text == "." || t.text == "?."):
			p.i++
			name := p.peek()
			if name.kind != tokIdent {
				if t.text == "?." && (p.isPunct("[") || p.isPunct("(")) {
					continue
				}
				return nil, p.fail("member name")
			}
			p.i++
			x = &node{kind: nMember, off: name.off, str: name.text, kids: []*node{x}}
		case t.kind == tokPunct && t.text == "[" && !t.nl:
			p.i++
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			if idx.kind != nString {
				return nil, p.fail("computed member")
			}
			x = &node{kind: nMember, off: idx.off, str: idx.str, kids: []*node{x}}
		case t.kind == tokPunct && t.text == "(" && !t.nl:
			args, err := p.args()
			if err != nil {
				return nil, err
			}
			x = &node{kind: nCall, off: x.off, kids: append([]*node{x}, args...)}
		case t.kind == tokPunct && t.text == "!" && !t.nl:
			p.i++ // TypeScript's non-null assertion changes nothing at run time
		case t.kind == tokIdent && (t.text == "as" || t.text == "satisfies"):
			p.i++
			p.skipType()
		case t.kind == tokTemplate && !t.nl:
			return nil, p.fail("tagged template")
		default:
			return x, nil
		}
	}
}

// args parses "(a, b, ...c)".
func (p *parser) args() ([]*node, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var out []*node
	for !p.isPunct(")") {
		if p.peek().kind == tokEOF {
			return nil, p.fail("unclosed (")
		}
		if p.isPunct("...") {
			off := p.peek().off
			p.i++
			out = append(out, &node{kind: nSpread, off: off, kids: []*node{p.value()}})
		} else {
			out = append(out, p.value())
		}
		if !p.isPunct(",") {
			break
		}
		p.i++
	}
	return out, p.expect(")")
}

// skipType moves past a TypeScript type after "as" or "satisfies".
func (p *parser) skipType() {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		if t.kind == tokEOF {
			return
		}
		if depth == 0 && t.nl && p.i > 0 {
			prev := p.toks[p.i-1]
			if prev.kind != tokPunct || prev.text == ">" || prev.text == ")" || prev.text == "]" || prev.text == "}" {
				if !(t.kind == tokPunct && (t.text == "|" || t.text == "&" || t.text == ".")) {
					return
				}
			}
		}
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{", "<":
			depth++
		case ")", "]", "}", ">":
			if depth == 0 {
				return
			}
			depth--
		case ",", ";", "=", "??", "||", "&&", "?", ":":
			if depth == 0 {
				return
			}
		}
	}
}

func (p *parser) primary() (*node, error) {
	t := p.peek()
	switch t.kind {
	case tokString:
		p.i++
		return &node{kind: nString, off: t.off, str: t.text}, nil
	case tokNumber:
		p.i++
		return &node{kind: nNumber, off: t.off, str: t.text}, nil
	case tokTemplate:
		p.i++
		return p.template(t)
	case tokIdent:
		return p.identifier(t)
	case tokPunct:
		switch t.text {
		case "{":
			return p.object()
		case "[":
			return p.array()
		case "(":
			if p.arrowAhead() {
				return nil, p.fail("arrow function")
			}
			p.i++
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			return x, p.expect(")")
		}
	}
	return nil, p.fail("token " + t.text)
}

func (p *parser) identifier(t token) (*node, error) {
	switch t.text {
	case "true", "false":
		p.i++
		return &node{kind: nBool, off: t.off, str: t.text}, nil
	case "null":
		p.i++
		return &node{kind: nNull, off: t.off}, nil
	case "undefined":
		p.i++
		return &node{kind: nUndefined, off: t.off}, nil
	case "function", "class", "async", "await", "yield", "this", "super":
		return nil, p.fail(t.text)
	case "new":
		p.i++
		callee, err := p.primary()
		if err != nil {
			return nil, err
		}
		for p.isPunct(".") {
			p.i++
			name := p.peek()
			if name.kind != tokIdent {
				return nil, p.fail("member name")
			}
			p.i++
			callee = &node{kind: nMember, off: name.off, str: name.text, kids: []*node{callee}}
		}
		args, err := p.args()
		if err != nil {
			return nil, err
		}
		return &node{kind: nNew, off: t.off, kids: append([]*node{callee}, args...)}, nil
	}
	if next := p.peekAt(1); next.kind == tokPunct && next.text == "=>" {
		return nil, p.fail("arrow function")
	}
	p.i++
	return &node{kind: nIdent, off: t.off, str: t.text}, nil
}

// arrowAhead reports whether the "(" at p.i opens an arrow function's
// parameters.
func (p *parser) arrowAhead() bool {
	depth := 0
	for k := p.i; k < len(p.toks); k++ {
		t := p.toks[k]
		if t.kind == tokEOF {
			return false
		}
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				next := p.toks[min(k+1, len(p.toks)-1)]
				return next.kind == tokPunct && (next.text == "=>" || next.text == ":")
			}
		}
	}
	return false
}

func (p *parser) template(t token) (*node, error) {
	n := &node{kind: nTemplate, off: t.off}
	for i, part := range t.parts {
		n.kids = append(n.kids, &node{kind: nString, off: t.off, str: part})
		if i < len(t.exprs) {
			sub := &parser{toks: t.exprs[i]}
			x, err := sub.expr()
			if err == nil && sub.peek().kind != tokEOF {
				err = sub.fail("template hole")
			}
			if err != nil {
				p.err = sub.err
				return nil, err
			}
			n.kids = append(n.kids, x)
		}
	}
	return n, nil
}

func (p *parser) array() (*node, error) {
	n := &node{kind: nArray, off: p.peek().off}
	p.i++
	for !p.isPunct("]") {
		if p.peek().kind == tokEOF {
			return nil, p.fail("unclosed [")
		}
		if p.isPunct(",") { // a hole
			n.kids = append(n.kids, &node{kind: nUndefined, off: p.peek().off})
			p.i++
			continue
		}
		if p.isPunct("...") {
			off := p.peek().off
			p.i++
			n.kids = append(n.kids, &node{kind: nSpread, off: off, kids: []*node{p.value()}})
		} else {
			n.kids = append(n.kids, p.value())
		}
		if !p.isPunct(",") {
			break
		}
		p.i++
	}
	return n, p.expect("]")
}

func (p *parser) object() (*node, error) {
	n := &node{kind: nObject, off: p.peek().off}
	p.i++
	for !p.isPunct("}") {
		if p.peek().kind == tokEOF {
			return nil, p.fail("unclosed {")
		}
		pr, err := p.property()
		if err != nil {
			return nil, err
		}
		n.props = append(n.props, pr)
		if !p.isPunct(",") {
			break
		}
		p.i++
	}
	return n, p.expect("}")
}

// property parses one "key: value", shorthand, method or spread.
func (p *parser) property() (prop, error) {
	t := p.peek()
	if t.kind == tokPunct && t.text == "..." {
		p.i++
		return prop{spread: true, keyOff: t.off, val: p.value()}, nil
	}
	var key string
	switch {
	case t.kind == tokIdent || t.kind == tokString || t.kind == tokNumber:
		key = t.text
		p.i++
	case t.kind == tokPunct && t.text == "[":
		p.i++
		k, err := p.expr()
		if err != nil {
			return prop{}, err
		}
		if err := p.expect("]"); err != nil {
			return prop{}, err
		}
		if k.kind != nString {
			// A computed key could be any key: treat it like a spread.
			return prop{spread: true, keyOff: t.off, val: p.skipProperty(t, "a computed key")}, nil
		}
		key = k.str
	default:
		return prop{}, p.fail("property " + t.text)
	}
	next := p.peek()
	switch {
	case next.kind == tokPunct && next.text == ":":
		p.i++
		return prop{key: key, keyOff: t.off, val: p.value()}, nil
	case next.kind == tokPunct && (next.text == "," || next.text == "}") && t.kind == tokIdent:
		return prop{key: key, keyOff: t.off, val: &node{kind: nIdent, off: t.off, str: key}}, nil
	}
	// A method, getter or setter: its value is code.
	return prop{key: key, keyOff: t.off, val: p.skipProperty(t, "a method")}, nil
}

// skipProperty skips the rest of a property studio cannot read.
func (p *parser) skipProperty(start token, what string) *node {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		if t.kind == tokEOF {
			break
		}
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]":
			depth--
		case "}":
			if depth == 0 {
				return &node{kind: nOpaque, off: start.off, what: what}
			}
			depth--
			if depth == 0 && p.i+1 < len(p.toks) && p.toks[p.i+1].text != "." {
				p.i++
				return &node{kind: nOpaque, off: start.off, what: what}
			}
		case ",":
			if depth == 0 {
				return &node{kind: nOpaque, off: start.off, what: what}
			}
		}
	}
	return &node{kind: nOpaque, off: start.off, what: what}
}
