/* datasets.h: where the parameter, cohort and budget datasets are read from: the one place
   that decides. */
#ifndef STP_DATASETS_H
#define STP_DATASETS_H


/* The datasets folder: `given` when not NULL or empty (--datasets), else $STIPEND_DATASETS
   when set and not empty, else the folder the build or the installation put them in. */
const char *stp_datasets_dir(const char *given);

/* The folder the user chose (`given`, else $STIPEND_DATASETS), NULL for the built-in one:
   what a result file names as its datasets. */
const char *stp_datasets_chosen(const char *given);

#endif
