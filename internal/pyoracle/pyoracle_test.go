package pyoracle

import "testing"

func TestFind(t *testing.T) {
	p, reason := Find()
	if p == "" {
		t.Skip(reason)
	}
	if q, _ := Find("sys", "math"); q == "" {
		t.Errorf("%s imports no sys and math", p)
	}
	if q, reason := Find("no_such_module_nasred"); q != "" || reason == "" {
		t.Errorf("Find(no_such_module_nasred) = %q, %q; want no interpreter and a reason", q, reason)
	}
}
