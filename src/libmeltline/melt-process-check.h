/* melt-process-check.h: is a process parameter set inside a sane window?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "melt-material.h"
#include "melt-process.h"
#include "melt-process-derived.h"

G_BEGIN_DECLS

typedef enum
{
  MELT_CHECK_WARNING,    /*< nick=warning >*/
  MELT_CHECK_ERROR,      /*< nick=error >*/
} MeltCheckSeverity;

/* Stable codes (docs/process-model.md gives each threshold and its source) */
#define MELT_CHECK_AMBIENT_ABOVE_SOLIDUS    "ambient-above-solidus"
#define MELT_CHECK_WIRE_FEED_RATIO_HIGH     "wire-feed-ratio-high"
#define MELT_CHECK_WIRE_FEED_RATIO_LOW      "wire-feed-ratio-low"
#define MELT_CHECK_HEAT_INPUT_TOO_LOW       "heat-input-too-low"
#define MELT_CHECK_HEAT_INPUT_LOW           "heat-input-low"
#define MELT_CHECK_MELT_POOL_NARROW         "melt-pool-narrower-than-wire"
#define MELT_CHECK_LAYER_ABOVE_BEAD         "layer-height-above-bead"
#define MELT_CHECK_ARC_BEAD_ASPECT_LOW      "arc-bead-aspect-below-2"
#define MELT_CHECK_STEP_OVER_GAP            "step-over-gap"
#define MELT_CHECK_STEP_OVER_VALLEYS        "step-over-valleys"
#define MELT_CHECK_STEP_OVER_PILE_UP        "step-over-pile-up"
#define MELT_CHECK_EBEAM_NO_HELIUM          "ebeam-no-helium"
#define MELT_CHECK_POWER_OVER_LIMIT         "power-over-limit"
#define MELT_CHECK_WINDOW_TOO_SHORT         "microgravity-window-too-short"

/**
 * MeltProcessCheck:
 * @severity: an error (the set will not print sound metal) or a warning
 * @code: one of the MELT_CHECK_* codes (static string)
 * @message: a translated sentence with the numbers involved
 */
typedef struct
{
  MeltCheckSeverity  severity;
  const char        *code;
  char              *message;
} MeltProcessCheck;

void        melt_process_check_free          (MeltProcessCheck *check);
const char *melt_check_severity_to_string    (MeltCheckSeverity severity); /* "error", "warning" */

/* Runs every check: (element-type MeltProcessCheck) (transfer full), errors
 * first, then warnings, each in the order of the list of codes; empty
 * when the set passes. */
GPtrArray  *melt_process_check_run           (MeltProcess              *process,
                                              MeltMaterial             *material,
                                              const MeltProcessDerived *derived);
gboolean    melt_process_checks_have_errors  (GPtrArray                *checks);
/* Every code, in order, NULL-terminated (static) */
const char * const *melt_process_check_list_codes (void);
/* [{severity, code, message}, …] */
JsonArray  *melt_process_checks_to_json_array (GPtrArray               *checks);

/* Convenience for views: looks the material up in the default library,
 * computes @derived and runs the checks. FALSE with an error (in
 * MELT_PROCESS_ERROR) when the material is unknown. */
gboolean    melt_process_evaluate            (MeltProcess              *process,
                                              MeltProcessDerived       *derived,
                                              GPtrArray               **checks,
                                              GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MeltProcessCheck, melt_process_check_free)

G_END_DECLS
