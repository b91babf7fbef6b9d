// SPDX-License-Identifier: Apache-2.0
/*
 * The C half of benchmarks/tracedat-side-by-side.sh: reads one trace.dat file with libtracecmd and
 * libtraceevent (Debian's libtracecmd-dev, libtraceevent-dev, libtracefs-dev), single-threaded,
 * three ways, and prints events per second:
 *   iterate  every record in time order across CPUs and buffers (tracecmd_iterate_events_multi
 *            over the top handle and every buffer instance handle, as trace-cmd report does);
 *   fields   also common_pid (tep_data_pid) and one payload field per record: the first plain
 *            number field of its event, the field looked up once per event id and cached;
 *   render   also each record rendered as a trace-cmd report line with tep_print_event into a
 *            reused trace_seq.
 * Each mode runs `warmups` untimed passes and `runs` timed ones (best and median printed, with the
 * event count and a checksum of the last pass: for `fields` the sum of common_pid and the payload
 * field values modulo 2^64, which jtrace's harness computes the same way, for `render` the total
 * line length). The handles are opened before each pass; only the iteration is timed. Errors go to
 * stderr with exit status 1.
 *
 * Build: gcc -O2 -o tracedat-bench-c tracedat_bench.c $(pkg-config --cflags --libs libtracecmd libtraceevent)
 * Run:   tracedat-bench-c trace.dat [runs] [warmups] [plugins]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <trace-cmd.h>
#include <event-parse.h>
#include <trace-seq.h>

enum mode { ITERATE, FIELDS, RENDER };

struct state {
	enum mode mode;
	struct tep_handle *tep;
	struct tep_format_field **fields; /* by event id; (void *)1 = none */
	struct trace_seq seq;
	unsigned long long events;
	unsigned long long acc;
};

#define NO_FIELD ((struct tep_format_field *)1)
#define MAX_ID 65536

static struct tep_format_field *first_number_field(struct tep_handle *tep, int id)
{
	struct tep_event *event = tep_find_event(tep, id);
	struct tep_format_field *f;

	if (!event)
		return NO_FIELD;
	for (f = event->format.fields; f; f = f->next) {
		if (f->flags & TEP_FIELD_IS_ARRAY)
			continue;
		if (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)
			return f;
	}
	return NO_FIELD;
}

static int callback(struct tracecmd_input *handle, struct tep_record *record, int cpu, void *data)
{
	struct state *s = data;
	unsigned long long val;
	int id;

	s->events++;
	switch (s->mode) {
	case ITERATE:
		break;
	case FIELDS:
		s->acc += tep_data_pid(s->tep, record);
		id = tep_data_type(s->tep, record);
		if (id >= 0 && id < MAX_ID) {
			if (!s->fields[id])
				s->fields[id] = first_number_field(s->tep, id);
			if (s->fields[id] != NO_FIELD && !tep_read_number_field(s->fields[id], record->data, &val))
				s->acc += val;
		}
		break;
	case RENDER:
		trace_seq_reset(&s->seq);
		tep_print_event(s->tep, &s->seq, record, "%16s-%-5d [%03d] %6.1000d: %s: %s",
				TEP_PRINT_COMM, TEP_PRINT_PID, TEP_PRINT_CPU, TEP_PRINT_TIME,
				TEP_PRINT_NAME, TEP_PRINT_INFO);
		s->acc += s->seq.len;
		break;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pass(const char *file, int flags, struct state *s)
{
	struct tracecmd_input *top = tracecmd_open(file, flags);
	struct tracecmd_input *handles[64];
	int n = 0, i, buffers;
	double t0, t1;

	if (!top) {
		fprintf(stderr, "cannot open %s with libtracecmd\n", file);
		exit(1);
	}
	handles[n++] = top;
	buffers = tracecmd_buffer_instances(top);
	for (i = 0; i < buffers && n < 64; i++) {
		struct tracecmd_input *h = tracecmd_buffer_instance_handle(top, i);

		if (h)
			handles[n++] = h;
	}
	s->tep = tracecmd_get_tep(top);
	if (!s->tep) {
		fprintf(stderr, "%s: libtracecmd gives no tep handle\n", file);
		exit(1);
	}
	memset(s->fields, 0, MAX_ID * sizeof(*s->fields));
	s->events = 0;
	s->acc = 0;
	t0 = now();
	if (tracecmd_iterate_events_multi(handles, n, callback, s) < 0) {
		fprintf(stderr, "%s: tracecmd_iterate_events_multi failed\n", file);
		exit(1);
	}
	t1 = now();
	for (i = n - 1; i >= 0; i--)
		tracecmd_close(handles[i]);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	static const char *names[] = { "iterate", "fields", "render" };
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	int warmups = argc > 3 ? atoi(argv[3]) : 1;
	int flags = argc > 4 && !strcmp(argv[4], "plugins") ? 0 : TRACECMD_FL_LOAD_NO_PLUGINS;
	struct state s = { 0 };
	double *rates;
	int m, i;

	if (argc < 2 || runs < 1 || warmups < 0) {
		fprintf(stderr, "usage: %s trace.dat [runs >= 1] [warmups >= 0] [plugins]\n", argv[0]);
		return 2;
	}
	rates = calloc(runs, sizeof(double));
	s.fields = calloc(MAX_ID, sizeof(*s.fields));
	trace_seq_init(&s.seq);
	for (m = ITERATE; m <= RENDER; m++) {
		s.mode = m;
		for (i = -warmups; i < runs; i++) {
			double t = pass(argv[1], flags, &s);

			if (i >= 0)
				rates[i] = s.events / t;
		}
		qsort(rates, runs, sizeof(double), cmp);
		printf("c      %-7s %llu events  best %.0f ev/s  median %.0f ev/s  checksum %llu\n", names[m],
		       s.events, rates[runs - 1], rates[runs / 2], s.acc);
		fflush(stdout);
	}
	trace_seq_destroy(&s.seq);
	free(rates);
	free(s.fields);
	return 0;
}
