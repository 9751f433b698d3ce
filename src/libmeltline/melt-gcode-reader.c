/* melt-gcode-reader.c: G-code from Meltline and other tools, read as a toolpath
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the whole file (mapped, or loaded for pipes) with a
 * hand-written scanner: a line is split into words (a letter and a number)
 * kept in a small struct on the stack, then executed against the machine
 * state (position, units, modes, beam, wire, layer). Nothing is allocated
 * per line; warnings are formatted only for the first
 * MELT_GCODE_MAX_LISTED_WARNINGS. The dialect and what is read from other
 * tools' files are described in docs/gcode-dialect.md.
 */

#define G_LOG_DOMAIN "melt-gcode"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "melt-gcode-reader.h"

struct _MeltGCodeReader
{
  GObject        parent_instance;

  double         chord_tolerance_mm;

  MeltToolpath  *toolpath;
  GArray        *warnings;    /* MeltGCodeWarning */
  MeltGCodeInfo  info;
};

G_DEFINE_FINAL_TYPE (MeltGCodeReader, melt_gcode_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (melt-gcode-error-quark, melt_gcode_error)

/* How often (in lines) the reader looks at the cancellable */
#define CHECK_INTERVAL (1u << 16)

/* Values beyond this (mm, mm/min, W…) are taken as malformed */
#define MAX_VALUE 1e9

static void
clear_warning (gpointer data)
{
  MeltGCodeWarning *w = data;

  g_free (w->message);
}

static void
melt_gcode_reader_finalize (GObject *object)
{
  MeltGCodeReader *self = (MeltGCodeReader *) object;

  g_clear_object (&self->toolpath);
  g_clear_pointer (&self->warnings, g_array_unref);

  G_OBJECT_CLASS (melt_gcode_reader_parent_class)->finalize (object);
}

static void
melt_gcode_reader_class_init (MeltGCodeReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = melt_gcode_reader_finalize;
}

static void
melt_gcode_reader_init (MeltGCodeReader *self)
{
  self->chord_tolerance_mm = MELT_GCODE_DEFAULT_CHORD_TOLERANCE_MM;
  self->toolpath = melt_toolpath_new ();
  self->warnings = g_array_new (FALSE, FALSE, sizeof (MeltGCodeWarning));
  g_array_set_clear_func (self->warnings, clear_warning);
}

/**
 * melt_gcode_reader_new:
 *
 * Returns: (transfer full): a reader, with an empty toolpath until loaded
 */
MeltGCodeReader *
melt_gcode_reader_new (void)
{
  return g_object_new (MELT_TYPE_GCODE_READER, NULL);
}

/**
 * melt_gcode_reader_set_chord_tolerance:
 * @self: a #MeltGCodeReader
 * @tolerance_mm: the largest distance between an arc and its chords
 *
 * Sets how finely G2/G3 arcs are split into straight segments
 * (%MELT_GCODE_DEFAULT_CHORD_TOLERANCE_MM by default).
 */
void
melt_gcode_reader_set_chord_tolerance (MeltGCodeReader *self,
                                       double           tolerance_mm)
{
  g_return_if_fail (MELT_IS_GCODE_READER (self));
  g_return_if_fail (tolerance_mm > 0 && isfinite (tolerance_mm));

  self->chord_tolerance_mm = tolerance_mm;
}

/* Machine and file state while reading */

enum { AX = 0, AY, AZ };

#define LETTER_BIT(c) (1u << ((c) - 'A'))

typedef struct
{
  guint32  has;          /* LETTER_BIT of each letter given, G and M aside */
  double   v[26];
  int      g[4];         /* G codes × 10 (G92.1 is 921) */
  int      n_g;
  int      m;            /* M code × 10, or -1 */
  int      tag;          /* kind from a trailing ORNL comment, or -1 */
  gboolean tag_travel;
} Words;

typedef struct
{
  MeltGCodeReader *self;
  MeltToolpath    *path;
  guint            line;
  guint            arc_budget;    /* segments beyond which arcs are split coarsely */
  gboolean         arc_budget_warned;

  /* Position, mm; E in mm of filament */
  double           pos[3];
  double           e;
  gboolean         pos_known;
  gboolean         relative;
  gboolean         e_relative;
  double           unit;          /* 1 for G21, 25.4 for G20 */
  double           feed_mm_s;
  int              motion;        /* modal G0..G3, -1 before any */

  /* Beam and wire */
  gboolean         laser_on;
  double           laser_power_w;
  gboolean         ebeam_on;
  double           beam_current_ma;
  double           voltage_kv;
  gboolean         wire_on;
  double           wire_feed_mm_s;
  gboolean         wire_codes_seen;
  gboolean         bead_break;    /* the beam went off since the last deposit */

  /* Layers */
  guint            layer;
  gboolean         layer_comments;  /* a layer comment was seen: they decide */
  gboolean         layer_started;
  gboolean         layer_offset_set;
  gint64           layer_offset;
  gboolean         layer_z_set;
  double           layer_z;
  double           prev_layer_z;
  gboolean         any_deposit;

  /* Bead shape and kind, from comments */
  int              type;          /* MeltSegmentKind, or -1 */
  double           width_mm;
  double           height_mm;
  double           area_mm2;
  gboolean         height_comment;
  gboolean         area_comment;

  gboolean         prev_deposit;
  guint32          n_beads;
  double           clock_s;

  guint64          n_commands;    /* lines with a command that was understood */
  guint64          n_unknown;     /* lines with nothing understood */
  gboolean         too_large;
} State;

static void G_GNUC_PRINTF (2, 3)
warn (State      *st,
      const char *format,
      ...)
{
  MeltGCodeReader *self = st->self;

  self->info.n_warnings++;
  if (self->warnings->len < MELT_GCODE_MAX_LISTED_WARNINGS)
    {
      MeltGCodeWarning w;
      va_list args;

      va_start (args, format);
      w.line = st->line;
      w.message = g_strdup_vprintf (format, args);
      va_end (args);
      g_array_append_val (self->warnings, w);
    }
}

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* A G-code number: an optional sign, digits, an optional point and digits.
 * No exponent: “X1E5” is X1 and E5. Returns the end, or NULL when there is
 * no digit. */
static const char *
parse_number (const char *p,
              const char *end,
              double     *value)
{
  const char *start = p;
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int n_digits = 0;
  int scale = 0;
  gboolean any = FALSE;
  gboolean long_number = FALSE;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      any = TRUE;
      if (n_digits < 18)
        {
          mantissa = mantissa * 10 + (guint) (*p - '0');
          n_digits += mantissa != 0;
        }
      else
        long_number = TRUE;
    }
  if (p < end && *p == '.')
    {
      for (p++; p < end && g_ascii_isdigit (*p); p++)
        {
          any = TRUE;
          if (n_digits < 18)
            {
              mantissa = mantissa * 10 + (guint) (*p - '0');
              n_digits += mantissa != 0;
              scale++;
            }
        }
    }
  if (!any)
    return NULL;

  if (G_UNLIKELY (long_number || scale >= (int) G_N_ELEMENTS (powers_of_ten)))
    {
      char buf[64];
      gsize len = MIN ((gsize) (p - start), sizeof buf - 1);

      memcpy (buf, start, len);
      buf[len] = '\0';
      *value = g_ascii_strtod (buf, NULL);
      return p;
    }

  *value = (double) mantissa / powers_of_ten[scale];
  if (negative)
    *value = -*value;
  return p;
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static inline const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && is_space (*p))
    p++;
  return p;
}

/* A short, printable quote of what starts at @p, for messages */
static char *
quote_word (const char *p,
            const char *end)
{
  const char *q = p;

  while (q < end && !is_space (*q) && *q != ';' && *q != '(' && q - p < 24)
    q++;
  return g_utf8_make_valid (p, q - p);
}

/* Comments */

static gboolean
has_prefix (const char *p,
            const char *end,
            const char *prefix,
            gsize       len)
{
  return (gsize) (end - p) >= len && memcmp (p, prefix, len) == 0;
}

static gboolean
ascii_contains (const char *p,
                const char *end,
                const char *needle)
{
  gsize n = strlen (needle);

  for (; (gsize) (end - p) >= n; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The kind a ;TYPE: name stands for: walls and perimeters, or fill */
static int
kind_from_type (const char *p,
                const char *end)
{
  if (ascii_contains (p, end, "perimeter") || ascii_contains (p, end, "wall")
      || ascii_contains (p, end, "inset"))
    return MELT_SEGMENT_PERIMETER;
  return MELT_SEGMENT_FILL;
}

static void
set_layer_number (State      *st,
                  const char *p,
                  const char *end)
{
  double n;
  gint64 layer;

  p = parse_number (skip_spaces (p, end), end, &n);
  if (p == NULL || n != floor (n) || fabs (n) > G_MAXINT32)
    {
      warn (st, _("Layer comment without a layer number"));
      return;
    }

  /* The first number seen is the current layer; later ones count from it,
   * so Cura's negative raft layers and ORNL's count from 1 both work. */
  if (!st->layer_offset_set)
    {
      st->layer_offset = (gint64) st->layer - (gint64) n;
      st->layer_offset_set = TRUE;
    }
  layer = (gint64) n + st->layer_offset;
  if (layer < (gint64) st->layer)
    {
      warn (st, _("Layer %lld comes after layer %lld"),
            (long long) ((gint64) n), (long long) ((gint64) st->layer - st->layer_offset));
      layer = st->layer + 1;
    }
  /* layers are numbered as they come: a jump (Cura's and ORNL's numbers
   * are consecutive) is renumbered, so a stray number cannot make a
   * toolpath claim a billion layers */
  if (layer > (gint64) st->layer + 1)
    {
      warn (st, _("Layer %lld follows layer %lld: taken as the next layer"),
            (long long) ((gint64) n), (long long) ((gint64) st->layer - st->layer_offset));
      st->layer_offset -= layer - ((gint64) st->layer + 1);
      layer = st->layer + 1;
    }
  if ((guint) layer != st->layer)
    {
      st->layer = (guint) layer;
      st->layer_z_set = FALSE;
      st->bead_break = TRUE;
    }
}

/* ;LAYER_CHANGE: the first one names the layer already under way */
static void
next_layer (State *st)
{
  if (st->layer_started)
    {
      st->layer++;
      st->layer_z_set = FALSE;
      st->bead_break = TRUE;
    }
  st->layer_started = TRUE;
}

static double
comment_value (State      *st,
               const char *p,
               const char *end,
               const char *what)
{
  double v;

  p = parse_number (skip_spaces (p, end), end, &v);
  if (p == NULL || !isfinite (v) || v < 0 || v > MAX_VALUE)
    {
      warn (st, _("Malformed number in the %s comment"), what);
      return -1;
    }
  return v;
}

/* A whole-line comment, @p just after the ';' or '(' */
static void
handle_comment (State      *st,
                const char *p,
                const char *end)
{
  double v;

  p = skip_spaces (p, end);
  if (p >= end)
    return;

  switch (*p)
    {
    case 'L':
      if (has_prefix (p, end, "LAYER_CHANGE", 12))
        {
          st->layer_comments = TRUE;
          next_layer (st);
        }
      else if (has_prefix (p, end, "LAYER:", 6))
        {
          st->layer_comments = TRUE;
          st->layer_started = TRUE;
          set_layer_number (st, p + 6, end);
        }
      break;

    case 'B':
      if (has_prefix (p, end, "BEGINNING LAYER:", 16))
        {
          st->layer_comments = TRUE;
          st->layer_started = TRUE;
          set_layer_number (st, p + 16, end);
          if (st->self->info.flavor == MELT_GCODE_FLAVOR_UNKNOWN)
            st->self->info.flavor = MELT_GCODE_FLAVOR_ORNL;
        }
      break;

    case 'T':
      if (has_prefix (p, end, "TYPE:", 5))
        st->type = kind_from_type (p + 5, end);
      break;

    case 'W':
      if (has_prefix (p, end, "WIDTH:", 6) && (v = comment_value (st, p + 6, end, "WIDTH")) >= 0)
        {
          st->width_mm = v;
          st->area_comment = FALSE;
        }
      break;

    case 'H':
      if (has_prefix (p, end, "HEIGHT:", 7) && (v = comment_value (st, p + 7, end, "HEIGHT")) >= 0)
        {
          st->height_mm = v;
          st->height_comment = TRUE;
          st->area_comment = FALSE;
        }
      break;

    case 'A':
      if (has_prefix (p, end, "AREA:", 5) && (v = comment_value (st, p + 5, end, "AREA")) >= 0)
        {
          st->area_mm2 = v;
          st->area_comment = TRUE;
        }
      break;

    default:
      break;
    }

  /* Who wrote it, from the first lines */
  if (st->line < 64 && st->self->info.flavor == MELT_GCODE_FLAVOR_UNKNOWN)
    {
      if (ascii_contains (p, end, "Meltline G-code"))
        st->self->info.flavor = MELT_GCODE_FLAVOR_MELTLINE;
      else if (ascii_contains (p, end, "PrusaSlicer"))
        st->self->info.flavor = MELT_GCODE_FLAVOR_PRUSASLICER;
      else if (ascii_contains (p, end, "Cura") || has_prefix (p, end, "FLAVOR:", 7))
        st->self->info.flavor = MELT_GCODE_FLAVOR_CURA;
      else if (ascii_contains (p, end, "ORNL"))
        st->self->info.flavor = MELT_GCODE_FLAVOR_ORNL;
    }
}

/* ORNL Slicer 2 tags each move with a trailing comment (“G1 X2 E1 ;PERIMETER”) */
static void
handle_trailing_comment (Words      *w,
                         const char *p,
                         const char *end)
{
  p = skip_spaces (p, end);
  while (end > p && is_space (end[-1]))
    end--;
  if (p >= end || !g_ascii_isupper (*p))
    return;

#define IS(word) ((gsize) (end - p) == sizeof word - 1 && memcmp (p, word, sizeof word - 1) == 0)
  if (IS ("PERIMETER") || IS ("INSET") || IS ("OUTER_PERIMETER") || IS ("WALL"))
    w->tag = MELT_SEGMENT_PERIMETER;
  else if (IS ("INFILL") || IS ("SKIN") || IS ("SKELETON") || IS ("SUPPORT") || IS ("SKIRT")
           || IS ("BRIM") || IS ("RAFT") || IS ("FILL") || IS ("LASER_SCAN"))
    w->tag = MELT_SEGMENT_FILL;
  else if (IS ("TRAVEL"))
    w->tag_travel = TRUE;
#undef IS
}

/* Segments */

static double
bead_area (double width,
           double height)
{
  /* PrusaSlicer's flow model: a rectangle with semicircular sides */
  if (width <= 0 || height <= 0)
    return 0;
  if (width >= height)
    return (width - height) * height + G_PI * height * height / 4;
  return G_PI * width * height / 4;
}

static void
emit (State        *st,
      const double *from,
      const double *to,
      gboolean      deposit,
      int           tag,
      double        de)
{
  MeltSegment s;
  double dx = to[0] - from[0], dy = to[1] - from[1], dz = to[2] - from[2];
  double length = sqrt (dx * dx + dy * dy + dz * dz);
  MeltGCodeInfo *info = &st->self->info;

  if (G_UNLIKELY (melt_toolpath_get_n_segments (st->path) >= MELT_TOOLPATH_MAX_SEGMENTS))
    {
      st->too_large = TRUE;
      return;
    }

  for (int k = 0; k < 3; k++)
    {
      s.start[k] = from[k];
      s.end[k] = to[k];
    }
  s.speed_mm_s = st->feed_mm_s;
  s.duration_s = st->feed_mm_s > 0 ? length / st->feed_mm_s : 0;
  s.start_time_s = st->clock_s;
  s.source_line = st->line;
  st->clock_s += s.duration_s;

  if (deposit)
    {
      double z = MIN (from[2], to[2]);

      /* Without layer comments a rise in z starts a layer */
      if (!st->layer_comments && st->any_deposit && st->layer_z_set && z > st->layer_z + 1e-4)
        {
          st->layer++;
          st->layer_z_set = FALSE;
          st->bead_break = TRUE;
        }
      if (!st->layer_z_set)
        {
          st->prev_layer_z = st->layer_z;
          st->layer_z = z;
          st->layer_z_set = TRUE;
        }
      st->any_deposit = TRUE;

      s.kind = tag >= 0 ? tag : st->type >= 0 ? st->type : MELT_SEGMENT_FILL;
      if (!st->prev_deposit || st->bead_break)
        st->n_beads++;
      s.bead = st->n_beads - 1;
      s.power_w = st->laser_on ? st->laser_power_w
                : st->ebeam_on ? st->beam_current_ma * st->voltage_kv : 0;
      s.beam_current_ma = st->ebeam_on ? st->beam_current_ma : 0;
      if (st->wire_on)
        s.wire_feed_mm_s = st->wire_feed_mm_s;
      else
        s.wire_feed_mm_s = s.duration_s > 0 && de > 0 ? de / s.duration_s : 0;
      s.width_mm = st->width_mm;
      if (st->height_comment)
        s.height_mm = st->height_mm;
      else
        s.height_mm = st->layer == 0 && st->prev_layer_z == 0 ? st->layer_z : st->layer_z - st->prev_layer_z;
      s.area_mm2 = st->area_comment ? st->area_mm2 : bead_area (s.width_mm, s.height_mm);

      info->extrusion_length_mm += length;
      if (de > 0)
        info->filament_mm += de;
      st->bead_break = FALSE;
    }
  else
    {
      s.kind = MELT_SEGMENT_TRAVEL;
      s.bead = G_MAXUINT32;
      s.power_w = 0;
      s.beam_current_ma = 0;
      s.wire_feed_mm_s = 0;
      s.width_mm = 0;
      s.height_mm = 0;
      s.area_mm2 = 0;
      info->travel_length_mm += length;
    }
  s.layer = st->layer;

  st->prev_deposit = deposit;
  melt_toolpath_append (st->path, &s);
}

static void
emit_dwell (State  *st,
            double  seconds)
{
  MeltSegment s = { 0 };

  for (int k = 0; k < 3; k++)
    s.start[k] = s.end[k] = st->pos[k];
  s.kind = MELT_SEGMENT_DWELL;
  s.layer = st->layer;
  s.bead = G_MAXUINT32;
  s.start_time_s = st->clock_s;
  s.duration_s = seconds;
  s.source_line = st->line;
  st->clock_s += seconds;
  st->prev_deposit = FALSE;

  if (melt_toolpath_get_n_segments (st->path) >= MELT_TOOLPATH_MAX_SEGMENTS)
    st->too_large = TRUE;
  else
    melt_toolpath_append (st->path, &s);
}

static gboolean
beam_deposits (State *st)
{
  return (st->laser_on || st->ebeam_on) && (st->wire_on || !st->wire_codes_seen);
}

static void
do_arc (State        *st,
        const Words  *w,
        gboolean      clockwise,
        const double *target,
        double        de,
        gboolean      deposit)
{
  double cx, cy, r, r_end, a0, a1, sweep, max_angle, tol;
  double start[3], prev[3];
  guint n;

  if (w->has & (LETTER_BIT ('I') | LETTER_BIT ('J')))
    {
      cx = st->pos[0] + ((w->has & LETTER_BIT ('I')) ? w->v['I' - 'A'] * st->unit : 0);
      cy = st->pos[1] + ((w->has & LETTER_BIT ('J')) ? w->v['J' - 'A'] * st->unit : 0);
    }
  else
    {
      double x = target[0] - st->pos[0], y = target[1] - st->pos[1];
      double rr = w->v['R' - 'A'] * st->unit;
      double d = hypot (x, y);
      double h;

      if (d < 1e-9)
        {
          warn (st, _("Arc given by a radius ends where it starts"));
          emit (st, st->pos, target, deposit, w->tag, de);
          return;
        }
      h = 4 * rr * rr - d * d;
      if (h < -1e-6 * d * d)
        warn (st, _("Arc radius %g mm is less than half the distance to its end"), fabs (rr));
      h = -sqrt (MAX (h, 0)) / d;
      if (!clockwise)
        h = -h;
      if (rr < 0)
        h = -h;
      cx = st->pos[0] + 0.5 * (x - y * h);
      cy = st->pos[1] + 0.5 * (y + x * h);
    }

  r = hypot (st->pos[0] - cx, st->pos[1] - cy);
  r_end = hypot (target[0] - cx, target[1] - cy);
  if (r < 1e-9)
    {
      warn (st, _("Arc centre is at its start point"));
      emit (st, st->pos, target, deposit, w->tag, de);
      return;
    }
  if (fabs (r - r_end) > MAX (0.01, 1e-3 * r))
    warn (st, _("Arc end is %g mm off its circle"), fabs (r - r_end));

  a0 = atan2 (st->pos[1] - cy, st->pos[0] - cx);
  a1 = atan2 (target[1] - cy, target[0] - cx);
  sweep = clockwise ? a0 - a1 : a1 - a0;
  while (sweep < 0)
    sweep += 2 * G_PI;
  while (sweep >= 2 * G_PI)
    sweep -= 2 * G_PI;
  /* The same start and end with a centre is a full circle */
  if (hypot (target[0] - st->pos[0], target[1] - st->pos[1]) < 1e-6 || sweep < 1e-12)
    sweep = 2 * G_PI;

  tol = MIN (st->self->chord_tolerance_mm, r);
  max_angle = 2 * acos (1 - tol / r);
  if (!(max_angle > 1e-6))
    max_angle = 1e-6;
  n = (guint) MIN (ceil (sweep / max_angle), 4096.0);
  n = MAX (n, 1);
  /* Huge radii or a file of nothing but arcs must not fill the memory */
  if (melt_toolpath_get_n_segments (st->path) >= st->arc_budget && n > 16)
    {
      if (!st->arc_budget_warned)
        warn (st, _("Too many arc segments: this arc and the next ones are split more coarsely"));
      st->arc_budget_warned = TRUE;
      n = 16;
    }

  memcpy (start, st->pos, sizeof start);
  memcpy (prev, st->pos, sizeof prev);
  for (guint k = 1; k <= n; k++)
    {
      double next[3];
      double t = (double) k / n;
      double a = clockwise ? a0 - sweep * t : a0 + sweep * t;

      if (k == n)
        memcpy (next, target, sizeof next);
      else
        {
          double rk = r + (r_end - r) * t;

          next[0] = cx + rk * cos (a);
          next[1] = cy + rk * sin (a);
          next[2] = start[2] + (target[2] - start[2]) * t;
        }
      emit (st, prev, next, deposit, w->tag, de / n);
      memcpy (prev, next, sizeof prev);
    }
}

static void
do_move (State       *st,
         const Words *w,
         int          motion)
{
  static const char axes[3] = { 'X', 'Y', 'Z' };
  double target[3];
  double de = 0;
  gboolean moved = FALSE;
  gboolean deposit;
  double dx, dy, dz;

  st->self->info.n_moves++;

  if (w->has & LETTER_BIT ('F'))
    {
      double f = w->v['F' - 'A'];

      if (f > 0)
        st->feed_mm_s = f * st->unit / 60.0;
      else
        warn (st, _("Feed rate F%g is not positive"), f);
    }
  if ((w->has & LETTER_BIT ('S')) && st->laser_on)
    st->laser_power_w = w->v['S' - 'A'];

  if (!(w->has & (LETTER_BIT ('X') | LETTER_BIT ('Y') | LETTER_BIT ('Z') | LETTER_BIT ('E')
                  | LETTER_BIT ('F') | LETTER_BIT ('S'))))
    {
      warn (st, _("G%d names no axis"), motion);
      return;
    }

  for (int k = 0; k < 3; k++)
    {
      if (w->has & LETTER_BIT (axes[k]))
        {
          double v = w->v[axes[k] - 'A'] * st->unit;

          target[k] = st->relative && st->pos_known ? st->pos[k] + v : v;
          moved = TRUE;
        }
      else
        target[k] = st->pos[k];
    }
  if (w->has & LETTER_BIT ('E'))
    {
      double v = w->v['E' - 'A'] * st->unit;
      double e = st->e_relative ? st->e + v : v;

      de = e - st->e;
      st->e = e;
    }

  if (!moved)
    return;  /* feed rate, retraction or priming only */

  /* From an unknown position the first move only sets it */
  if (!st->pos_known)
    {
      memcpy (st->pos, target, sizeof target);
      st->pos_known = TRUE;
      return;
    }

  dx = target[0] - st->pos[0];
  dy = target[1] - st->pos[1];
  dz = target[2] - st->pos[2];
  if (dx == 0 && dy == 0 && dz == 0 && motion < 2)
    return;

  deposit = w->tag_travel ? FALSE
          : de > 1e-9 || (motion != 0 && beam_deposits (st));

  if (motion >= 2)
    {
      if (w->has & (LETTER_BIT ('I') | LETTER_BIT ('J') | LETTER_BIT ('R')))
        do_arc (st, w, motion == 2, target, de, deposit);
      else
        {
          warn (st, _("Arc G%d has no centre (I, J) or radius (R); read as a straight move"), motion);
          emit (st, st->pos, target, deposit, w->tag, de);
        }
    }
  else
    emit (st, st->pos, target, deposit, w->tag, de);

  memcpy (st->pos, target, sizeof target);
}

static void
do_g (State       *st,
      const Words *w,
      int          code)
{
  switch (code)
    {
    case 0: case 10: case 20: case 30:
      st->motion = code / 10;
      do_move (st, w, code / 10);
      break;

    case 40: /* G4 dwell: P ms or S s */
      {
        double s = 0;

        if (w->has & LETTER_BIT ('P'))
          s = w->v['P' - 'A'] / 1000.0;
        else if (w->has & LETTER_BIT ('S'))
          s = w->v['S' - 'A'];
        else
          warn (st, _("Dwell G4 without a time (P or S)"));
        if (s < 0 || s > MAX_VALUE)
          warn (st, _("Dwell time %g s is out of range"), s);
        else if (s > 0)
          emit_dwell (st, s);
      }
      break;

    case 200:
      st->unit = 25.4;
      break;

    case 210:
      st->unit = 1;
      break;

    case 900:
      st->relative = FALSE;
      st->e_relative = FALSE;
      break;

    case 910:
      st->relative = TRUE;
      st->e_relative = TRUE;
      break;

    case 920: /* G92: set position */
      {
        static const char axes[3] = { 'X', 'Y', 'Z' };
        gboolean any = FALSE;

        for (int k = 0; k < 3; k++)
          if (w->has & LETTER_BIT (axes[k]))
            {
              st->pos[k] = w->v[axes[k] - 'A'] * st->unit;
              any = TRUE;
            }
        if (w->has & LETTER_BIT ('E'))
          {
            st->e = w->v['E' - 'A'] * st->unit;
            any = TRUE;
          }
        if (!any)
          {
            memset (st->pos, 0, sizeof st->pos);
            st->e = 0;
          }
        if (w->has & (LETTER_BIT ('X') | LETTER_BIT ('Y') | LETTER_BIT ('Z')))
          st->pos_known = TRUE;
      }
      break;

    case 280: /* G28: home the named axes, or all */
      {
        static const char axes[3] = { 'X', 'Y', 'Z' };
        gboolean any = FALSE;

        for (int k = 0; k < 3; k++)
          if (w->has & LETTER_BIT (axes[k]))
            {
              st->pos[k] = 0;
              any = TRUE;
            }
        if (!any)
          memset (st->pos, 0, sizeof st->pos);
        st->pos_known = TRUE;
      }
      break;

    /* Known and without effect on the path: plane XY, levelling, firmware
     * retraction, path modes, feed per minute, work coordinates 1 */
    case 170: case 290: case 800: case 100: case 110: case 610: case 640: case 940:
    case 540: case 270: case 300: case 291:
      break;

    default:
      warn (st, _("Unknown command G%g"), code / 10.0);
      break;
    }
}

static void
do_m (State       *st,
      const Words *w,
      int          code)
{
  gboolean has_s = (w->has & LETTER_BIT ('S')) != 0;
  double s = w->v['S' - 'A'];

  switch (code)
    {
    case 30: case 40: /* M3/M4: laser on at S W */
      if (has_s)
        st->laser_power_w = s;
      st->laser_on = st->laser_power_w > 0;
      if (!st->laser_on)
        st->bead_break = TRUE;
      break;

    case 50: /* M5: laser off */
      st->laser_on = FALSE;
      st->bead_break = TRUE;
      break;

    case 1000: /* M100: wire feed on at S mm/s */
      st->wire_codes_seen = TRUE;
      if (has_s)
        st->wire_feed_mm_s = s * st->unit;
      st->wire_on = st->wire_feed_mm_s > 0;
      if (!st->wire_on)
        st->bead_break = TRUE;
      break;

    case 1010: /* M101: wire feed off */
      st->wire_codes_seen = TRUE;
      st->wire_on = FALSE;
      st->bead_break = TRUE;
      break;

    case 7300: /* M730: accelerating voltage, kV */
      if (has_s && s >= 0)
        st->voltage_kv = s;
      else
        warn (st, _("M730 needs the voltage as S, in kV"));
      break;

    case 7310: /* M731: focus offset, mm */
      if (!has_s)
        warn (st, _("M731 needs the focus offset as S, in mm"));
      break;

    case 7320: /* M732: electron beam on at S mA */
      if (has_s)
        st->beam_current_ma = s;
      st->ebeam_on = st->beam_current_ma > 0;
      if (!st->ebeam_on)
        st->bead_break = TRUE;
      break;

    case 7330: /* M733: electron beam off */
      st->ebeam_on = FALSE;
      st->bead_break = TRUE;
      break;

    case 820:
      st->e_relative = FALSE;
      break;

    case 830:
      st->e_relative = TRUE;
      break;

    /* Known and without effect on the path: program stops and end, motors,
     * temperatures, fans, coolant or gas, progress and messages, limits,
     * accelerations, overrides, object labels, printer checks, tones */
    case 0: case 10: case 20: case 300: case 170: case 180: case 840: case 70: case 80: case 90:
    case 1040: case 1050: case 1060: case 1070: case 1090: case 1400: case 1410: case 1900:
    case 1910: case 730: case 750: case 760: case 770: case 1150: case 1170: case 1180:
    case 2010: case 2020: case 2030: case 2040: case 2050: case 2060: case 2070: case 2080:
    case 2090: case 2200: case 2210: case 4000: case 4860: case 5000: case 5010: case 5020:
    case 5030: case 5550: case 5720: case 5930: case 6000: case 6010: case 6020: case 9000:
    case 9070: case 3000: case 8621: case 8622: case 8623: case 8624: case 8625: case 8626:
    case 1080: case 1550:
      break;

    default:
      warn (st, _("Unknown command M%g"), code / 10.0);
      break;
    }
}

/* Reads one line, @p to @end (without the newline) */
static void
read_line (State      *st,
           const char *p,
           const char *end)
{
  Words w;
  gboolean understood = FALSE;
  gboolean anything = FALSE;

  p = skip_spaces (p, end);
  if (p == end)
    return;
  if (*p == ';')
    {
      handle_comment (st, p + 1, end);
      return;
    }
  if (*p == '(')
    {
      const char *close = memchr (p, ')', end - p);

      handle_comment (st, p + 1, close != NULL ? close : end);
      p = close != NULL ? close + 1 : end;
      p = skip_spaces (p, end);
      if (p == end)
        return;
    }

  w.has = 0;
  w.n_g = 0;
  w.m = -1;
  w.tag = -1;
  w.tag_travel = FALSE;

  while (p < end)
    {
      char c = *p;

      if (is_space (c))
        {
          p++;
          continue;
        }
      if (c == ';')
        {
          handle_trailing_comment (&w, p + 1, end);
          break;
        }
      if (c == '*')
        break;  /* checksum */
      if (c == '(')
        {
          const char *close = memchr (p, ')', end - p);

          p = close != NULL ? close + 1 : end;
          continue;
        }
      if (c == '"')
        {
          const char *close = memchr (p + 1, '"', end - p - 1);

          p = close != NULL ? close + 1 : end;
          continue;
        }
      if (g_ascii_isalpha (c))
        {
          char letter = g_ascii_toupper (c);
          const char *q;
          double v;

          anything = TRUE;
          q = parse_number (p + 1, end, &v);
          if (q == NULL)
            {
              g_autofree char *word = quote_word (p, end);

              if (letter == 'G' || letter == 'M')
                warn (st, _("Malformed command “%s”"), word);
              else
                warn (st, _("Malformed number in “%s”"), word);
              /* one warning for the whole word */
              p++;
              while (p < end && !is_space (*p) && *p != ';' && *p != '(')
                p++;
              continue;
            }
          if (q < end && !is_space (*q) && !g_ascii_isalpha (*q) && *q != ';' && *q != '(' && *q != '*')
            {
              g_autofree char *word = quote_word (p, end);

              warn (st, _("Malformed number in “%s”"), word);
              p = q;
              while (p < end && !is_space (*p) && !g_ascii_isalpha (*p) && *p != ';' && *p != '(')
                p++;
              continue;
            }
          if (!isfinite (v) || fabs (v) > MAX_VALUE)
            {
              g_autofree char *word = quote_word (p, end);

              warn (st, _("Number out of range in “%s”"), word);
              p = q;
              continue;
            }
          p = q;

          if (letter == 'G')
            {
              if (w.n_g < (int) G_N_ELEMENTS (w.g))
                w.g[w.n_g++] = (int) lround (v * 10);
            }
          else if (letter == 'M')
            {
              w.m = (int) lround (v * 10);
              /* M117, M118: a message to the end of the line */
              if (w.m == 1170 || w.m == 1180 || w.m == 230 || w.m == 280 || w.m == 320)
                break;
            }
          else if (letter == 'N' && w.has == 0 && w.n_g == 0 && w.m < 0)
            ; /* line number */
          else
            {
              w.has |= LETTER_BIT (letter);
              w.v[letter - 'A'] = v;
            }
          continue;
        }

      {
        g_autofree char *word = quote_word (p, end);

        warn (st, _("Unexpected “%s”"), word);
        anything = TRUE;
        p++;
        while (p < end && !is_space (*p) && *p != ';' && *p != '(')
          p++;
      }
    }

  if (!anything)
    return;

  /* Units and modes first, then motion and the rest, then M codes */
  for (int i = 0; i < w.n_g; i++)
    {
      int g = w.g[i];

      if (g == 200 || g == 210 || g == 900 || g == 910)
        {
          do_g (st, &w, g);
          understood = TRUE;
        }
    }
  for (int i = 0; i < w.n_g; i++)
    {
      int g = w.g[i];

      if (!(g == 200 || g == 210 || g == 900 || g == 910))
        {
          do_g (st, &w, g);
          understood = TRUE;
        }
    }
  if (w.m >= 0)
    {
      do_m (st, &w, w.m);
      understood = TRUE;
    }
  /* Axes with no command continue the last motion (as CNC controls do) */
  if (w.n_g == 0 && w.m < 0
      && (w.has & (LETTER_BIT ('X') | LETTER_BIT ('Y') | LETTER_BIT ('Z') | LETTER_BIT ('E'))))
    {
      if (st->motion >= 0)
        {
          do_move (st, &w, st->motion);
          understood = TRUE;
        }
      else
        warn (st, _("Coordinates without a motion command"));
    }
  else if (w.n_g == 0 && w.m < 0 && (w.has & ~LETTER_BIT ('T')) == 0 && (w.has & LETTER_BIT ('T')))
    understood = TRUE;  /* tool change T0 */
  else if (w.n_g == 0 && w.m < 0 && w.has != 0)
    warn (st, _("Line without a command"));

  if (understood)
    st->n_commands++;
  else
    st->n_unknown++;
}

static void
reset (MeltGCodeReader *self)
{
  g_clear_object (&self->toolpath);
  self->toolpath = melt_toolpath_new ();
  g_array_set_size (self->warnings, 0);
  memset (&self->info, 0, sizeof self->info);
}

/**
 * melt_gcode_reader_load_data:
 * @self: a #MeltGCodeReader
 * @data: (array length=length): the file's bytes
 * @length: how many
 * @display_name: the file's name, for messages
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads G-code into the reader's toolpath, warnings and info, replacing
 * those of any earlier load. Bad lines become warnings; only data that is
 * not G-code at all (binary, or text without a single command) fails.
 *
 * Returns: whether it was read
 */
gboolean
melt_gcode_reader_load_data (MeltGCodeReader  *self,
                             const char       *data,
                             gsize             length,
                             const char       *display_name,
                             GCancellable     *cancellable,
                             GError          **error)
{
  const char *p = data;
  const char *end = data + length;
  State st = { 0 };
  gsize n_lines_hint = 0;

  g_return_val_if_fail (MELT_IS_GCODE_READER (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset (self);

  if (length >= 4 && memcmp (data, "GCDE", 4) == 0)
    {
      g_set_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE,
                   _("“%s” is binary G-code (bgcode), which is not read: export plain text G-code"),
                   display_name);
      return FALSE;
    }
  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      const char *nul = memchr (data, '\0', length);

      g_set_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE,
                   _("“%s” is not G-code: binary data at byte %llu"),
                   display_name, (unsigned long long) (nul - data));
      return FALSE;
    }

  /* Text has no control characters but tabs, line and page ends */
  for (gsize i = 0; i < MIN (length, (gsize) 1 << 16); i++)
    {
      guchar c = data[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
        {
          g_set_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE,
                       _("“%s” is not G-code: binary data at byte %llu"),
                       display_name, (unsigned long long) i);
          return FALSE;
        }
    }

  /* About one segment a line: make room once rather than grow by copying
   * (but no more than a move of 16 bytes a segment, for files of blank lines) */
  for (const char *q = data; q < end && (q = memchr (q, '\n', end - q)) != NULL; q++)
    n_lines_hint++;
  melt_toolpath_reserve (self->toolpath,
                         (guint) MIN (MIN (n_lines_hint + 1, length / 16 + 1),
                                      (gsize) MELT_TOOLPATH_MAX_SEGMENTS / 2));

  st.self = self;
  st.path = self->toolpath;
  st.arc_budget = (guint) MIN ((gsize) (1u << 24) + 4 * n_lines_hint, (gsize) MELT_TOOLPATH_MAX_SEGMENTS);
  st.unit = 1;
  st.motion = -1;
  st.type = -1;
  st.voltage_kv = 60;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);

      if (eol == NULL)
        eol = end;
      st.line++;
      read_line (&st, p, eol);
      p = eol + 1;

      if (G_UNLIKELY (st.too_large))
        {
          g_set_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_TOO_LARGE,
                       _("“%s”, line %u: more than %u segments"),
                       display_name, st.line, MELT_TOOLPATH_MAX_SEGMENTS);
          return FALSE;
        }
      if (G_UNLIKELY ((st.line % CHECK_INTERVAL) == 0)
          && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  if (st.n_commands == 0 && st.n_unknown > 0)
    {
      g_set_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_NOT_GCODE,
                   _("“%s” is not G-code: none of its %u lines has a known command"),
                   display_name, st.line);
      return FALSE;
    }

  self->info.n_lines = st.line;
  self->info.n_layers = melt_toolpath_get_n_layers (self->toolpath);
  self->info.estimated_time_s = st.clock_s;

  return TRUE;
}

/**
 * melt_gcode_reader_load_file:
 * @self: a #MeltGCodeReader
 * @file: a G-code file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * As melt_gcode_reader_load_data() on the file's contents: mapped when it
 * is a local regular file, read whole otherwise.
 *
 * Returns: whether it was read
 */
gboolean
melt_gcode_reader_load_file (MeltGCodeReader  *self,
                             GFile            *file,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (MELT_IS_GCODE_READER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_get_path (file);
  name = g_file_get_parse_name (file);

  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      mapped = g_mapped_file_new (path, FALSE, &local_error);
      if (mapped != NULL)
        {
          return melt_gcode_reader_load_data (self, g_mapped_file_get_contents (mapped),
                                              g_mapped_file_get_length (mapped),
                                              name, cancellable, error);
        }
      g_clear_error (&local_error);
    }

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, MELT_GCODE_ERROR, MELT_GCODE_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  return melt_gcode_reader_load_data (self, contents, length, name, cancellable, error);
}

/**
 * melt_gcode_reader_get_toolpath:
 *
 * Returns: (transfer none): the toolpath read (empty before a load)
 */
MeltToolpath *
melt_gcode_reader_get_toolpath (MeltGCodeReader *self)
{
  g_return_val_if_fail (MELT_IS_GCODE_READER (self), NULL);

  return self->toolpath;
}

/**
 * melt_gcode_reader_get_warnings:
 * @self: a #MeltGCodeReader
 * @n_listed: (out): how many are listed (at most
 *   %MELT_GCODE_MAX_LISTED_WARNINGS; the info has the whole count)
 *
 * Returns: (array length=n_listed) (transfer none): the warnings, in line order
 */
const MeltGCodeWarning *
melt_gcode_reader_get_warnings (MeltGCodeReader *self,
                                guint           *n_listed)
{
  g_return_val_if_fail (MELT_IS_GCODE_READER (self), NULL);
  g_return_val_if_fail (n_listed != NULL, NULL);

  *n_listed = self->warnings->len;
  return (const MeltGCodeWarning *) (gpointer) self->warnings->data;
}

/**
 * melt_gcode_reader_get_info:
 * @self: a #MeltGCodeReader
 * @info: (out caller-allocates): the figures of the file
 */
void
melt_gcode_reader_get_info (MeltGCodeReader *self,
                            MeltGCodeInfo   *info)
{
  g_return_if_fail (MELT_IS_GCODE_READER (self));
  g_return_if_fail (info != NULL);

  *info = self->info;
}

/**
 * melt_gcode_flavor_to_string:
 *
 * Returns: "meltline", "prusaslicer", "cura", "ornl" or "unknown"
 */
const char *
melt_gcode_flavor_to_string (MeltGCodeFlavor flavor)
{
  switch (flavor)
    {
    case MELT_GCODE_FLAVOR_MELTLINE:
      return "meltline";
    case MELT_GCODE_FLAVOR_PRUSASLICER:
      return "prusaslicer";
    case MELT_GCODE_FLAVOR_CURA:
      return "cura";
    case MELT_GCODE_FLAVOR_ORNL:
      return "ornl";
    case MELT_GCODE_FLAVOR_UNKNOWN:
    default:
      return "unknown";
    }
}
