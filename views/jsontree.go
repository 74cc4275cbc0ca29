package views

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// jsonNode is one value of a JSON document, in document order (a Go map
// would lose the order of an object's members).
type jsonNode struct {
	Key   string // the member's name, or the item's index in an array
	Keyed bool   // false for the root
	// Kind is '{' or '[' for containers, else 's' (string), 'n'
	// (number), 'b' (boolean) or 'z' (null).
	Kind  byte
	Text  string // a scalar as JSON writes it (strings quoted)
	Kids  []jsonNode
	Depth int
}

// Bounds of the tree the detail panel draws; a bigger document is shown
// indented instead.
const (
	jsonMaxNodes = 2000
	jsonMaxDepth = 32
	jsonOpenTo   = 2 // levels open at first
)

var errTooBig = errors.New("json: too big for a tree")

// parseJSONTree reads s into a tree; ok is false when s is not one JSON
// value or is too big to draw.
func parseJSONTree(s string) (jsonNode, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	n := 0
	root, err := readJSON(dec, 0, &n)
	if err != nil {
		return jsonNode{}, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return jsonNode{}, false
	}
	return root, true
}

func readJSON(dec *json.Decoder, depth int, count *int) (jsonNode, error) {
	if *count++; *count > jsonMaxNodes || depth > jsonMaxDepth {
		return jsonNode{}, errTooBig
	}
	tok, err := dec.Token()
	if err != nil {
		return jsonNode{}, err
	}
	node := jsonNode{Depth: depth}
	switch x := tok.(type) {
	case json.Delim:
		node.Kind = byte(x)
		for i := 0; dec.More(); i++ {
			key := strconv.Itoa(i)
			if x == '{' {
				k, err := dec.Token()
				if err != nil {
					return jsonNode{}, err
				}
				key, _ = k.(string)
			}
			kid, err := readJSON(dec, depth+1, count)
			if err != nil {
				return jsonNode{}, err
			}
			kid.Key, kid.Keyed = key, true
			node.Kids = append(node.Kids, kid)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return jsonNode{}, err
		}
	case string:
		node.Kind = 's'
		b, _ := json.Marshal(x)
		node.Text = string(b)
	case json.Number:
		node.Kind, node.Text = 'n', x.String()
	case bool:
		node.Kind, node.Text = 'b', strconv.FormatBool(x)
	case nil:
		node.Kind, node.Text = 'z', "null"
	}
	return node, nil
}

// container reports whether the node holds others.
func (n jsonNode) container() bool { return n.Kind == '{' || n.Kind == '[' }

// summary is a container's line when folded: {…} 3 keys, […] 2 items.
func (n jsonNode) summary() string {
	if n.Kind == '{' {
		if len(n.Kids) == 1 {
			return "{…} 1 key"
		}
		return "{…} " + strconv.Itoa(len(n.Kids)) + " keys"
	}
	if len(n.Kids) == 1 {
		return "[…] 1 item"
	}
	return "[…] " + strconv.Itoa(len(n.Kids)) + " items"
}

// scalarClass styles a scalar by its kind.
func (n jsonNode) scalarClass() string { return "j" + string(n.Kind) }

// hexMax is how many bytes of a binary value the detail panel shows.
const hexMax = 256

// hexDump shows the first hexMax bytes of b, 16 to a line with their
// offsets, as hexdump -C does without the text column.
func hexDump(b string) string {
	var out bytes.Buffer
	n := min(len(b), hexMax)
	for off := 0; off < n; off += 16 {
		end := min(off+16, n)
		out.WriteString(strconv.FormatInt(int64(off)+0x10000, 16)[1:])
		out.WriteString("  ")
		for i := off; i < end; i++ {
			out.WriteString(hex.EncodeToString([]byte{b[i]}))
			if i < end-1 {
				out.WriteByte(' ')
			}
		}
		out.WriteByte('\n')
	}
	if len(b) > n {
		out.WriteString("… " + Thousands(int64(len(b)-n)) + " more bytes")
	}
	return strings.TrimSuffix(out.String(), "\n")
}
