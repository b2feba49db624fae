/* files.h: inputs opened safely (regular files only, never blocking on a FIFO) and the text
   checks shared by readers and writers (names: UTF-8, no control characters, a safe set). */
#ifndef STP_FILES_H
#define STP_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* The longest path stipend reads or writes (a longer one is refused, never truncated). */
#define STP_PATH_MAX 1023

/* Open path for reading: a regular file, or STP_EINVAL (exit status 2) with "PATH: why"
   for a missing, unreadable, too long path, a directory, a FIFO, a socket or a device. A FIFO
   is opened without blocking and refused. The stream reads like fopen(path, "rb"). */
int stp_input_open(const char *path, FILE **out, stp_error *err);

/* The same check without keeping the file open (validate, and commands that read later). */
int stp_input_check(const char *path, stp_error *err);

/* Whether a file may be written at path by renaming a new one over it: absent, or a regular
   file. A directory, device, FIFO, socket or symbolic link is refused with STP_EINVAL (the
   rename would replace the node itself). */
int stp_output_file_check(const char *path, stp_error *err);

/* This process in staging and temporary names: "PID@HOST" (HOST: the host name's letters,
   digits, '-' and '.', at most 63 bytes), so that a process on another machine sharing the
   folder (a cluster's file system) never takes a live process's staging for a dead one's. */
void stp_process_tag(char *buf, size_t n);

/* The process id a name's tag names (tag: the text after "staging-", ".old-" or ".tmp-":
   "PID" or "PID@HOST", then the end or '.'), or 0 when there is none or HOST is another
   machine (whose processes this one cannot see). */
long stp_process_tag_pid(const char *tag);

/* Whether the n bytes at s are valid UTF-8 (no overlong forms, surrogates or code points
   beyond U+10FFFF). */
bool stp_utf8_valid(const char *s, size_t n);

/* A name that may head a result row and name a results folder (docs/scenarios.md): valid
   UTF-8, no control characters, starting with a letter, a digit or a non-ASCII character
   (so never with = + - @ tab or CR, which spreadsheets read as a formula), and otherwise only
   letters, digits, non-ASCII characters, spaces and - _ . , ( ) + % : & = (so no quotes, no
   slash or backslash). false with the reason in why. */
bool stp_safe_name(const char *name, char *why, size_t n);

#endif
