/* test-cli-export-csv.c: meltline-cli export-csv, run as a program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run is written here with MeltRecordingWriter: a 1 kHz laser stream of two channels
 * (float32 and float64) over 150 000 samples, so the export goes over several windows,
 * and a slow chamber stream that starts later, sample-and-held on the laser's times.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "melt-recording-writer.h"
#include "melt-test-cli.h"
#include "melt-test-shapes.h"

#define N_SAMPLES 150000
#define N_SLOW    1000

static char *tmp_dir;
static char *run_path;
static double *times;
static float *power;
static double *width;
static double *slow_times;
static double *pressure;

static void
write_run (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MeltRecordingWriter) writer = NULL;
  g_autofree double *dpower = g_new (double, N_SAMPLES);
  const double *values[2] = { dpower, NULL };
  const double *slow_values[1];
  guint stream, slow;

  times = g_new (double, N_SAMPLES);
  power = g_new (float, N_SAMPLES);
  width = g_new (double, N_SAMPLES);
  slow_times = g_new (double, N_SLOW);
  pressure = g_new (double, N_SLOW);
  values[1] = width;
  slow_values[0] = pressure;

  for (guint i = 0; i < N_SAMPLES; i++)
    {
      times[i] = 10.0 + i * 1e-3;
      power[i] = (float) (1000.0 + 0.1 * (i % 1000) + 1.0 / 3.0);
      dpower[i] = power[i];
      width[i] = 3.0 + sin (i * 1e-2) / 7.0;
    }
  /* from 12 s, every 0.1 s */
  for (guint i = 0; i < N_SLOW; i++)
    {
      slow_times[i] = 12.0 + i * 0.1;
      pressure[i] = 101325.0 - i;
    }

  run_path = g_build_filename (tmp_dir, "run.h5", NULL);
  file = g_file_new_for_path (run_path);
  writer = melt_recording_writer_new (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (melt_recording_writer_add_stream (writer, "laser", 1000.0, 0, &stream, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "power", MELT_SAMPLE_FLOAT32, "W",
                                                    "laser power", &error));
  g_assert_true (melt_recording_writer_add_channel (writer, stream, "width", MELT_SAMPLE_FLOAT64, "mm",
                                                    "melt-pool width", &error));
  g_assert_true (melt_recording_writer_append (writer, stream, N_SAMPLES, times, values, &error));
  g_assert_true (melt_recording_writer_add_stream (writer, "chamber", 10.0, 0, &slow, &error));
  g_assert_true (melt_recording_writer_add_channel (writer, slow, "pressure", MELT_SAMPLE_FLOAT64, "Pa",
                                                    "chamber pressure", &error));
  g_assert_true (melt_recording_writer_append (writer, slow, N_SLOW, slow_times, slow_values, &error));
  g_assert_true (melt_recording_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
}

/* The held pressure at @t: the last sample at or before it, NaN before the first */
static double
pressure_at (double t)
{
  double value = NAN;

  for (guint i = 0; i < N_SLOW && slow_times[i] <= t; i++)
    value = pressure[i];
  return value;
}

/* Splits @text at line ends, as g_strsplit (text, "\n", -1) does; memchr
 * keeps it linear under AddressSanitizer, whose strstr measures the rest
 * of the text at every call */
static char **
split_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new ();
  const char *p = text, *end = text + strlen (text);

  for (;;)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        {
          g_ptr_array_add (lines, g_strndup (p, end - p));
          break;
        }
      g_ptr_array_add (lines, g_strndup (p, nl - p));
      p = nl + 1;
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

static void
test_all (void)
{
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  run_cli (&run, "export-csv", run_path, "--channels", "power,laser/width", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  lines = split_lines (run.out);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, ==, N_SAMPLES + 2);   /* header, rows, "" after the last \n */
  g_assert_cmpstr (lines[0], ==, "time_s,power [W],laser/width [mm]");
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  g_assert_cmpstr (lines[1], ==, "10,1000.3333,3");

  for (guint i = 0; i < N_SAMPLES; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_cmpfloat (g_ascii_strtod (fields[0], NULL), ==, times[i]);
      g_assert_cmpfloat ((float) g_ascii_strtod (fields[1], NULL), ==, power[i]);
      g_assert_cmpfloat (g_ascii_strtod (fields[2], NULL), ==, width[i]);
    }
}

static void
test_window_and_held (void)
{
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_lines, first = 1500, last = 2600;   /* 11.5 s to 12.6 s */

  run_cli (&run, "export-csv", run_path, "--channels", "power,chamber/pressure", "--from", "11.5",
           "--to", "12.6", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  lines = split_lines (run.out);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[0], ==, "time_s,power [W],chamber/pressure [Pa]");
  g_assert_cmpuint (n_lines, ==, last - first + 1 + 2);
  for (guint i = first; i <= last; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i - first + 1], ",", -1);
      double expected = pressure_at (times[i]);

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_cmpfloat (g_ascii_strtod (fields[0], NULL), ==, times[i]);
      g_assert_cmpfloat ((float) g_ascii_strtod (fields[1], NULL), ==, power[i]);
      if (isnan (expected))
        g_assert_cmpstr (fields[2], ==, "");   /* before the chamber's first sample */
      else
        g_assert_cmpfloat (g_ascii_strtod (fields[2], NULL), ==, expected);
    }
  /* both kinds of rows were there */
  g_assert_nonnull (strstr (run.out, "\n11.999,"));
  g_assert_nonnull (strstr (run.out, ",101320\n"));
}

/* Rows of a slow stream with a fast one held: over the whole run, several buffers */
static void
test_slow_rows (void)
{
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, "export-csv", run_path, "--channels", "pressure,power", NULL);
  if (run.status == -1)
    return;
  g_assert_cmpint (run.status, ==, 0);
  lines = split_lines (run.out);
  g_assert_cmpuint (g_strv_length (lines), ==, N_SLOW + 2);
  for (guint i = 0; i < N_SLOW; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);
      guint k = (guint) floor ((slow_times[i] - 10.0) / 1e-3 + 1e-6);

      /* the last laser sample at or before it */
      while (k + 1 < N_SAMPLES && times[k + 1] <= slow_times[i])
        k++;
      while (times[k] > slow_times[i])
        k--;
      g_assert_cmpfloat (g_ascii_strtod (fields[0], NULL), ==, slow_times[i]);
      g_assert_cmpfloat (g_ascii_strtod (fields[1], NULL), ==, pressure[i]);
      if (slow_times[i] > times[N_SAMPLES - 1])
        k = N_SAMPLES - 1;
      g_assert_cmpfloat ((float) g_ascii_strtod (fields[2], NULL), ==, power[k]);
    }
}

/* The decimal point is '.' whatever the locale */
static void
test_locale (void)
{
  g_autofree char *cli = g_strdup (g_getenv ("MELTLINE_CLI"));
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  const char *argv[] = { cli, "export-csv", run_path, "--channels", "width", "--to", "10.002", NULL };
  int status = -1;

  if (cli == NULL)
    return;
  envp = g_environ_setenv (g_get_environ (), "LC_ALL", "de_DE.UTF-8", TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\n10.001,3.0014285"));
}

static void
expect_bad (const char *expected,
            const char *a,
            const char *b,
            const char *c,
            const char *d,
            const char *e,
            const char *f,
            const char *g)
{
  g_auto(CliRun) run = { 0 };

  run_cli (&run, a, b, c, d, e, f, g, NULL);
  if (run.status == -1)
    return;
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, expected));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_bad_input (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.h5", NULL);

  expect_bad ("missing.h5", "export-csv", missing, "--channels", "power", NULL, NULL, NULL);
  expect_bad ("no channel “nope”: the channels are laser/power, laser/width, chamber/pressure",
              "export-csv", run_path, "--channels", "power,nope", NULL, NULL, NULL);
  expect_bad ("a channel name is empty", "export-csv", run_path, "--channels", "power,,width", NULL,
              NULL, NULL);
  expect_bad ("no channels given", "export-csv", run_path, NULL, NULL, NULL, NULL, NULL);
  expect_bad ("bad time for --to “12,5”", "export-csv", run_path, "--channels", "power", "--to",
              "12,5", NULL);
  expect_bad ("bad time window: --from 13 s comes after --to 12 s", "export-csv", run_path,
              "--channels", "power", "--from=13", "--to=12", NULL);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = melt_test_tmpdir_new ();
  g_test_init (&argc, &argv, NULL);
  write_run ();

  g_test_add_func ("/cli/export-csv/all", test_all);
  g_test_add_func ("/cli/export-csv/window-and-held", test_window_and_held);
  g_test_add_func ("/cli/export-csv/slow-rows", test_slow_rows);
  g_test_add_func ("/cli/export-csv/locale", test_locale);
  g_test_add_func ("/cli/export-csv/bad-input", test_bad_input);

  status = g_test_run ();
  g_unlink (run_path);
  melt_test_tmpdir_remove (tmp_dir);
  g_free (tmp_dir);
  g_free (run_path);
  g_free (times);
  g_free (power);
  g_free (width);
  g_free (slow_times);
  g_free (pressure);
  return status;
}
