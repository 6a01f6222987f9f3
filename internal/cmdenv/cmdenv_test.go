package cmdenv

import (
	"context"
	"strings"
	"testing"
)

func TestWithInputLimit(t *testing.T) {
	for _, tc := range []struct {
		env     string
		wantErr string
	}{
		{env: ""},
		{env: "64MiB"},
		{env: "1000"},
		{env: "lots", wantErr: "NASRED_MAX_INPUT_BYTES"},
		{env: "-5", wantErr: "NASRED_MAX_INPUT_BYTES"},
	} {
		ctx, err := WithInputLimit(context.Background(), func(string) string { return tc.env })
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: error %v, want one naming %s", tc.env, err, tc.wantErr)
			}
			continue
		}
		if err != nil || ctx == nil {
			t.Errorf("%q: %v", tc.env, err)
		}
	}
}

func TestInterruptibleStop(t *testing.T) {
	ctx, stop := Interruptible(context.Background(), "test", &strings.Builder{}, func(int) { t.Error("exit called") })
	stop()
	stop() // a second stop is harmless
	if ctx.Err() == nil {
		t.Error("stop did not cancel the context")
	}
}
