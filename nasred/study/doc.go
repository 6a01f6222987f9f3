// Package study trains many genotypes × seeds under one `nasred train`
// recipe, on a pool of local processes or as a Slurm job array, and
// collects the results into a labelled CSV (the paper's evidence comes
// from such sweeps: the removal experiment retrains pruned cells, the
// sampling experiment trains tens of genotypes per constraint).
//
// A study is a folder:
//
//	STUDY/study.json            the plan (Plan): space, recipe, items
//	STUDY/runs/ID/              one folder per item, ID = ItemID(...)
//	    metrics.csv, checkpoint.bin   written by `nasred train --out`
//	    attempts.json           every attempt: host, pid, Slurm task, outcome, reason
//	    train.log               the trainer's output, all attempts
//	    result.json             written when the item has finished (Result)
//	STUDY/slurm/array.sbatch    the array job script (Slurm)
//	STUDY/slurm/jobs.json       submitted jobs, for Status
//	STUDY/slurm/JOB_TASK.out    Slurm's output of each task
//
// The parts:
//   - Plan draws or reads the genotypes (a file, the samplers of
//     space/darts, pruned variants of a base genotype by operation
//     importance), validates each one and the recipe, and writes
//     study.json atomically; nothing is written on an error. Items never
//     change afterwards: an item's index is its Slurm array task id, and
//     its ID (a hash of space, genotype, seed and RecipeHash) names its
//     run folder.
//   - Run (the default, `nasred study run`) trains pending items on
//     RunOptions.Workers local processes, each one `nasred train` with
//     its own output folder; RunOne (`nasred study run-one`, one array
//     task) trains one. Both skip finished items, resume interrupted ones
//     from their checkpoints (`nasred train` resumes bit for bit),
//     retry failures and record why, and stop cleanly when their context
//     is cancelled. A lock (flock) on each run folder keeps two processes
//     — local, Slurm, requeued — from training one item at once.
//   - Slurm writes the array job script over the pending items and
//     submits it with sbatch; Status reads every item's state from its
//     run folder and squeue; Collect writes the CSV (CSVHeader) that
//     `nasred surrogate train --labels` reads.
//
// The same item gives the same metrics wherever it runs, and after being
// killed and resumed, on the same backend: the trainer is deterministic
// given its arguments, and the arguments are a function of the item.
package study
