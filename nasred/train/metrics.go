package train

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nasred/nasred/nasred/atomicfile"
)

// Row is one line of metrics.csv: the state after Step optimizer steps.
type Row struct {
	// Step is the number of optimizer steps done; Epoch is Step divided by
	// the steps per epoch.
	Step  int
	Epoch float64
	// LR and DropPath are the values used by the last step.
	LR, DropPath float64
	// TrainLoss and TrainAccuracy average the training batches since the
	// previous row (the cross-entropy of the main head; under mixup both
	// are λ-weighted).
	TrainLoss, TrainAccuracy float64
	// ValAccuracy and TestAccuracy are NaN when not evaluated at this row
	// (test is evaluated at the end, validation at every row when there is
	// a validation set).
	ValAccuracy, TestAccuracy float64
	// Seconds is the wall-clock training time so far (not part of the
	// reproducible result).
	Seconds float64
}

// MetricsHeader is the header line of metrics.csv.
const MetricsHeader = "step,epoch,lr,drop_path,train_loss,train_accuracy,val_accuracy,test_accuracy,seconds"

// MetricsFile is the name of the metrics file in Options.OutDir.
const MetricsFile = "metrics.csv"

func fmtMaybe(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 6, 64)
}

// WriteMetricsCSV writes rows as CSV with MetricsHeader; NaN values are
// empty fields.
func WriteMetricsCSV(w io.Writer, rows []Row) error {
	if _, err := fmt.Fprintln(w, MetricsHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "%d,%.4f,%s,%s,%s,%s,%s,%s,%.1f\n", r.Step, r.Epoch,
			strconv.FormatFloat(r.LR, 'g', 8, 64), strconv.FormatFloat(r.DropPath, 'g', 6, 64),
			fmtMaybe(r.TrainLoss), fmtMaybe(r.TrainAccuracy), fmtMaybe(r.ValAccuracy), fmtMaybe(r.TestAccuracy), r.Seconds); err != nil {
			return err
		}
	}
	return nil
}

func writeMetrics(dir string, rows []Row) error {
	return atomicfile.Write(filepath.Join(dir, MetricsFile), func(w io.Writer) error { return WriteMetricsCSV(w, rows) })
}

// Progress is reported every Options.LogEvery steps.
type Progress struct {
	// Step of TotalSteps optimizer steps are done; Epoch is fractional.
	Step, TotalSteps int
	Epoch            float64
	// Loss and Accuracy average the training batches since the previous
	// report.
	Loss, Accuracy float64
	LR             float64
	// ImagesPerSecond is the training throughput since the previous
	// report; Elapsed the training time of this process so far.
	ImagesPerSecond float64
	Elapsed         time.Duration
}

// String formats a progress line.
func (p Progress) String() string {
	return fmt.Sprintf("step %d/%d epoch %.2f loss %.4f acc %.4f lr %.5f %.1f img/s %s",
		p.Step, p.TotalSteps, p.Epoch, p.Loss, p.Accuracy, p.LR, p.ImagesPerSecond, p.Elapsed.Round(time.Second))
}
