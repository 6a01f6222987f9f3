package cmdenv

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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

func TestExec(t *testing.T) {
	for _, tc := range []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, 0, ""},
		{flag.ErrHelp, 0, ""},
		{fmt.Errorf("parse flags: %w", flag.ErrHelp), 0, ""},
		{errors.New("boom"), 1, "nasred gspan: boom\n"},
	} {
		var stdout, stderr strings.Builder
		c := Command{Run: func(_ context.Context, args []string, out, _ io.Writer) error {
			fmt.Fprint(out, strings.Join(args, " "))
			return tc.err
		}}
		code := Exec(context.Background(), "gspan", c, []string{"--in", "x"}, &stdout, &stderr)
		if code != tc.code || stderr.String() != tc.stderr || stdout.String() != "--in x" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d, stderr %q", tc.err, code, stdout.String(), stderr.String(), tc.code, tc.stderr)
		}
	}
}
