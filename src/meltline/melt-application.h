/* melt-application.h: the Meltline application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MELT_TYPE_APPLICATION (melt_application_get_type ())

G_DECLARE_FINAL_TYPE (MeltApplication, melt_application, MELT, APPLICATION, AdwApplication)

MeltApplication *melt_application_new (void);

G_END_DECLS
