/* melt-gcode-reader.h: G-code from Meltline and other tools, read as a toolpath
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "melt-toolpath.h"

G_BEGIN_DECLS

#define MELT_GCODE_ERROR (melt_gcode_error_quark ())

/**
 * MeltGCodeError:
 * @MELT_GCODE_ERROR_IO: the file could not be read
 * @MELT_GCODE_ERROR_NOT_GCODE: binary data, or text with no G-code command in it
 * @MELT_GCODE_ERROR_TOO_LARGE: more segments than a toolpath holds
 *
 * Errors stop the import. Everything else in a file (unknown commands,
 * malformed numbers, arcs with no centre) becomes a warning.
 */
typedef enum
{
  MELT_GCODE_ERROR_IO,
  MELT_GCODE_ERROR_NOT_GCODE,
  MELT_GCODE_ERROR_TOO_LARGE,
} MeltGCodeError;

/**
 * MeltGCodeFlavor:
 *
 * The tool that wrote a file, as told by its comments.
 */
typedef enum
{
  MELT_GCODE_FLAVOR_UNKNOWN,
  MELT_GCODE_FLAVOR_MELTLINE,
  MELT_GCODE_FLAVOR_PRUSASLICER,
  MELT_GCODE_FLAVOR_CURA,
  MELT_GCODE_FLAVOR_ORNL,
} MeltGCodeFlavor;

/**
 * MeltGCodeWarning:
 * @line: the line, from 1
 * @message: what is wrong there, translated
 */
typedef struct
{
  guint  line;
  char  *message;
} MeltGCodeWarning;

/**
 * MeltGCodeInfo:
 *
 * Figures of the whole file.
 */
typedef struct
{
  guint64          n_lines;
  guint64          n_moves;              /* G0/G1/G2/G3 commands that moved */
  guint            n_layers;
  guint            n_warnings;           /* all of them, listed or not */
  double           extrusion_length_mm;  /* path of the moves that deposit */
  double           travel_length_mm;     /* path of the moves that do not */
  double           filament_mm;          /* E advanced while depositing */
  double           estimated_time_s;     /* length / feed rate, plus dwells */
  MeltGCodeFlavor  flavor;
} MeltGCodeInfo;

/* At most this many warnings are listed; the rest are only counted. */
#define MELT_GCODE_MAX_LISTED_WARNINGS 1000

/* Arcs are split into chords whose sagitta is at most this, mm */
#define MELT_GCODE_DEFAULT_CHORD_TOLERANCE_MM 0.005

#define MELT_TYPE_GCODE_READER (melt_gcode_reader_get_type ())

G_DECLARE_FINAL_TYPE (MeltGCodeReader, melt_gcode_reader, MELT, GCODE_READER, GObject)

GQuark           melt_gcode_error_quark               (void);

MeltGCodeReader *melt_gcode_reader_new                (void);
void             melt_gcode_reader_set_chord_tolerance (MeltGCodeReader  *self,
                                                        double            tolerance_mm);
gboolean         melt_gcode_reader_load_file          (MeltGCodeReader  *self,
                                                       GFile            *file,
                                                       GCancellable     *cancellable,
                                                       GError          **error);
/* @data need not be NUL-terminated; @display_name names it in messages */
gboolean         melt_gcode_reader_load_data          (MeltGCodeReader  *self,
                                                       const char       *data,
                                                       gsize             length,
                                                       const char       *display_name,
                                                       GCancellable     *cancellable,
                                                       GError          **error);
/* After a successful load: */
MeltToolpath    *melt_gcode_reader_get_toolpath       (MeltGCodeReader  *self);
const MeltGCodeWarning *melt_gcode_reader_get_warnings (MeltGCodeReader *self,
                                                        guint           *n_listed);
void             melt_gcode_reader_get_info           (MeltGCodeReader  *self,
                                                       MeltGCodeInfo    *info);
const char      *melt_gcode_flavor_to_string          (MeltGCodeFlavor   flavor);

G_END_DECLS
