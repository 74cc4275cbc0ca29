package project

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// dotenvLine is dotenv 16's LINE expression (lib/main.js), with
// JavaScript's \s spelled out (Go's \s is ASCII only).
var dotenvLine = regexp.MustCompile(`(?m)^` + ws + `*(?:export` + ws + `+)?([\w.-]+)(?:` + ws + `*=` + ws + `*?|:` + ws + `+?)(` +
	ws + `*'(?:\\'|[^'])*'|` + ws + `*"(?:\\"|[^"])*"|` + ws + "*`(?:\\\\`|[^`])*`" + `|[^#\r\n]+)?` + ws + `*(?:#.*)?$`)

const ws = `[\t\n\v\f\r \x{a0}\x{feff}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`

// dotenvEntry is one KEY=value of a .env file.
type dotenvEntry struct {
	key, value string
}

// parseDotenv reads .env text exactly as dotenv 16's parse() does:
// `export ` prefixes, '…', "…" and `…` quotes (multi-line allowed),
// \n and \r expanded only inside double quotes, # comments, a later
// duplicate replacing an earlier one. Keys come back in the order a
// JavaScript object enumerates them.
func parseDotenv(text string) []dotenvEntry {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	vals := map[string]string{}
	var order []string
	for _, m := range dotenvLine.FindAllStringSubmatch(text, -1) {
		key, v := m[1], strings.Trim(m[2], "\t\n\v\f\r \u00a0\ufeff\u2028\u2029")
		quote := byte(0)
		if v != "" {
			quote = v[0]
		}
		v = unquoteLines(v)
		if quote == '"' {
			v = strings.ReplaceAll(strings.ReplaceAll(v, `\n`, "\n"), `\r`, "\r")
		}
		if _, seen := vals[key]; !seen {
			order = append(order, key)
		}
		vals[key] = v
	}
	order = jsKeyOrder(order)
	out := make([]dotenvEntry, len(order))
	for i, k := range order {
		out[i] = dotenvEntry{k, vals[k]}
	}
	return out
}

// unquoteLines is value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2'): from a
// line start holding a quote, to the last same quote that ends a line.
func unquoteLines(v string) string {
	var b strings.Builder
	i := 0
	for i < len(v) {
		lineStart := i == 0 || v[i-1] == '\n'
		q := v[i]
		if lineStart && (q == '\'' || q == '"' || q == '`') {
			end := -1
			for e := len(v) - 1; e > i; e-- {
				if v[e] == q && (e+1 == len(v) || v[e+1] == '\n') {
					end = e
					break
				}
			}
			if end > 0 {
				b.WriteString(v[i+1 : end])
				i = end + 1
				continue
			}
		}
		b.WriteByte(v[i])
		i++
	}
	return b.String()
}

// jsKeyOrder orders keys as a JavaScript object enumerates them: array
// indices first, ascending, then the rest in insertion order.
func jsKeyOrder(keys []string) []string {
	var idx, rest []string
	for _, k := range keys {
		if isArrayIndex(k) {
			idx = append(idx, k)
		} else {
			rest = append(rest, k)
		}
	}
	sort.Slice(idx, func(a, b int) bool {
		x, _ := strconv.ParseUint(idx[a], 10, 64)
		y, _ := strconv.ParseUint(idx[b], 10, 64)
		return x < y
	})
	return append(idx, rest...)
}

func isArrayIndex(k string) bool {
	if k == "" || (len(k) > 1 && k[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(k, 10, 64)
	return err == nil && n < 1<<32-1
}

// expandEntries is dotenv-expand 12's expand(): each value has ${VAR},
// ${VAR:-default}, ${VAR-default}, ${VAR:+alt}, ${VAR+alt} and $VAR
// replaced from the process environment (which wins) and the values
// expanded before it; \$ stays a literal $. A key already set to a
// non-empty, different value in the environment keeps that value.
func expandEntries(parsed []dotenvEntry, env func(string) (string, bool)) []dotenvEntry {
	running := map[string]string{}
	out := make([]dotenvEntry, len(parsed))
	for i, e := range parsed {
		v := e.value
		if cur, ok := env(e.key); ok && cur != "" && cur != v {
			v = cur
		} else {
			v = expandValue(v, env, running)
		}
		v = strings.ReplaceAll(v, `\$`, "$")
		out[i] = dotenvEntry{e.key, v}
		running[e.key] = v
	}
	return out
}

// expandValue is dotenv-expand's expandValue, quirks included: each
// round replaces the first occurrence of the matched text, and a value
// seen before (a loop) is replaced by the default.
func expandValue(value string, env func(string) (string, bool), running map[string]string) string {
	lookup := func(k string) string {
		if v, ok := env(k); ok {
			return v
		}
		return running[k]
	}
	result := value
	seen := map[string]bool{}
	for round := 0; round < 10000; round++ {
		template, expr, ok := nextReference(result)
		if !ok {
			break
		}
		seen[result] = true
		splitter := "null" // expression.split(null) splits on "null"
		for i := 0; i < len(expr); i++ {
			if s, ok := operatorAt(expr, i); ok {
				splitter = s
				break
			}
		}
		parts := strings.Split(expr, splitter)
		key, rest := parts[0], strings.Join(parts[1:], splitter)
		var repl string
		if splitter == ":+" || splitter == "+" {
			if lookup(key) != "" {
				repl = rest
			}
		} else if v := lookup(key); v != "" && !seen[v] {
			repl = v
		} else {
			repl = rest
		}
		result = jsReplaceFirst(result, template, repl)
		if r, ok := running[key]; ok && result == r {
			break
		}
	}
	return result
}

// operatorAt matches /(:\+|\+|:-|-)/ at i.
func operatorAt(s string, i int) (string, bool) {
	for _, op := range []string{":+", "+", ":-", "-"} {
		if strings.HasPrefix(s[i:], op) {
			return op, true
		}
	}
	return "", false
}

// nextReference finds the first ${expr} or $NAME not preceded by a
// backslash: /(?<!\\)\${([^{}]+)}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/.
func nextReference(s string) (template, expr string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || (i > 0 && s[i-1] == '\\') {
			continue
		}
		if i+1 < len(s) && s[i+1] == '{' {
			j := i + 2
			for j < len(s) && s[j] != '{' && s[j] != '}' {
				j++
			}
			if j < len(s) && s[j] == '}' && j > i+2 {
				return s[i : j+1], s[i+2 : j], true
			}
		}
		j := i + 1
		if j < len(s) && (s[j] == '_' || (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z')) {
			for j < len(s) && (s[j] == '_' || (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			return s[i:j], s[i+1 : j], true
		}
	}
	return "", "", false
}

// jsReplaceFirst is JavaScript's s.replace(pattern, repl) for a string
// pattern: the first occurrence, with $$, $&, $` and $' in repl.
func jsReplaceFirst(s, pattern, repl string) string {
	i := strings.Index(s, pattern)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for k := 0; k < len(repl); k++ {
		if repl[k] != '$' || k+1 >= len(repl) {
			b.WriteByte(repl[k])
			continue
		}
		switch repl[k+1] {
		case '$':
			b.WriteByte('$')
		case '&':
			b.WriteString(pattern)
		case '`':
			b.WriteString(s[:i])
		case '\'':
			b.WriteString(s[i+len(pattern):])
		default:
			b.WriteByte('$')
			continue
		}
		k++
	}
	b.WriteString(s[i+len(pattern):])
	return b.String()
}
