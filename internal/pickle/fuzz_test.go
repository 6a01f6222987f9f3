package pickle

import "testing"

// FuzzDecode checks that Check and Decode never panic and that Decode
// accepts what it is given after Check without unbounded allocation.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("\x80\x04}(K\x01K\x02u."))
	f.Add([]byte("\x80\x04cnumpy\ndtype\nX\x02\x00\x00\x00f8\x85R(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb."))
	f.Add([]byte("\x80\x02cxgboost.core\nBooster\n)\x81}X\x06\x00\x00\x00handleC\x03abcsb."))
	f.Fuzz(func(t *testing.T, data []byte) {
		if Check(data) != nil {
			return
		}
		v, err := Decode(data)
		if err == nil {
			_ = TypeName(v)
		}
	})
}

func TestDecodeClasses(t *testing.T) {
	v, err := Decode([]byte("\x80\x02cxgboost.core\nBooster\n)\x81}X\x06\x00\x00\x00handleC\x03abcsb."))
	if err != nil {
		t.Fatal(err)
	}
	o, ok := v.(*Object)
	if !ok || o.Class.Module != "xgboost.core" || o.Class.Name != "Booster" {
		t.Fatalf("decoded %s, want an xgboost.core.Booster object", TypeName(v))
	}
	n, err := (Node{V: o}).Key("handle")
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := Bytes(n.V); !ok || string(b) != "abc" {
		t.Errorf("handle = %v, want bytes abc", n.V)
	}
	if err := Check([]byte("\x80\x04\xff.")); err == nil {
		t.Error("Check accepted opcode 0xff")
	}
	if err := Check([]byte("\x80\x04K")); err == nil {
		t.Error("Check accepted a truncated BININT1")
	}
}
