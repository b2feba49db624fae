/* resultset.h: a command's results made current as one set, or not at all (docs/outputs.md).
   Every file is written into a staging folder beside the target (PARENT/.NAME.staging-PID@HOST),
   fsynced, listed in manifest.csv, and the folder then takes the target's place in one
   rename (an atomic exchange with the previous set, which is then removed). A failed or
   interrupted command leaves the previous set as it was; SIGINT and SIGTERM remove the
   staging folder and exit 130 and 143; staging folders of dead processes are removed by the
   next command writing beside them. Under MPI (dist.h) only rank 0 stages and commits; the
   other ranks check the target and write nothing (their writers discard, csvio.c). */
#ifndef STP_RESULTSET_H
#define STP_RESULTSET_H

#include <stdbool.h>

#include "error.h"

typedef enum {
  STP_RESULT_FOLDER, /* a results folder: every file of the set inside it */
  STP_RESULT_FILE    /* one file (a microdata export): replaced in one rename */
} stp_result_kind;

/* Flags. */
#define STP_RESULT_FOLLOW_SYMLINKS 1u /* a symbolic link as target: replace what it points to */

typedef struct stp_resultset stp_resultset;

/* Whether target can take a result of this kind: absent (its parent folders are created
   later), or a folder stipend may replace (empty, or an earlier result set) / a regular file.
   A device, FIFO, socket, a symbolic link (without the flag), a file where a folder is due
   or a folder holding files stipend did not write is refused with STP_EINVAL. */
int stp_resultset_check(const char *target, stp_result_kind kind, unsigned flags,
                        stp_error *err);

/* Check target, create its parent folders, remove dead processes' staging folders beside
   it, create this one. command names the command in manifest.csv ("run"). Collective under
   MPI: every rank calls it at the same point, and all fail if one does (stp_dist_agree). */
int stp_resultset_begin(const char *target, stp_result_kind kind, unsigned flags,
                        const char *command, stp_resultset **out, stp_error *err);

/* A new version of the results folder dir that keeps its files: stp_resultset_begin(dir,
   FOLDER), then every file and subfolder of dir is hard-linked (copied where it cannot be)
   into the staging folder, except manifest.csv and the names in drop (NULL-terminated, may
   be NULL). The caller replaces or adds files there (writers always write a new file and
   rename it over the link, so the current set is never touched) and commits: the folder
   with the added file becomes current in one step. For a file made from a set (report.html)
   or one more result beside others (sweep.csv beside a run's files). Collective under MPI,
   as stp_resultset_begin. */
int stp_resultset_amend(const char *dir, unsigned flags, const char *command,
                        const char *const *drop, stp_resultset **out, stp_error *err);

/* In a message about a staged file, the staging folder named as the target it becomes. */
void stp_resultset_name_target(const stp_resultset *rs, stp_error *err);

/* Where to write: the staging folder (FOLDER) or the staged file (FILE). */
const char *stp_resultset_staging(const stp_resultset *rs);

/* The target as given (for messages). */
const char *stp_resultset_target(const stp_resultset *rs);

/* fsync every file, write manifest.csv (FOLDER), make the set current in one step, remove
   the previous set. Frees rs; on failure the previous set is untouched and staging removed.
   Not collective: on ranks other than 0 it only frees rs. */
int stp_resultset_commit(stp_resultset *rs, stp_error *err);

/* Remove the staging folder and free rs (NULL is fine). */
void stp_resultset_abort(stp_resultset *rs);

#endif
