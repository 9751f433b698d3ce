/* melt-h5-tree.h: the structure of any HDF5 file, as JSON and as an indented tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MELT_H5_TREE_ERROR (melt_h5_tree_error_quark ())

/**
 * MeltH5TreeError:
 * @MELT_H5_TREE_ERROR_IO: the file is missing, cannot be read, is a
 *   directory or is not a local file
 * @MELT_H5_TREE_ERROR_FORMAT: not an HDF5 file, or one HDF5 cannot open
 *   (damaged or cut short)
 *
 * Objects inside a file that cannot be read are no error: the tree shows
 * them as unreadable. Every message names the file and what was expected.
 */
typedef enum
{
  MELT_H5_TREE_ERROR_IO,
  MELT_H5_TREE_ERROR_FORMAT,
} MeltH5TreeError;

GQuark    melt_h5_tree_error_quark (void);

/*
 * melt_h5_tree_read:
 *
 * Opens @file read-only and describes everything in it, children ordered by
 * name; follows no soft or external link and describes each object once (a
 * further hard link to it names where it was described). Returns a JSON
 * object:
 *
 *   { "file": display name, "unreadable": objects that could not be read,
 *     "root": node }
 *
 * where a node is { "name", "path", "kind", … }: "kind" is "group"
 * ("attributes", "children"), "dataset" ("type", "shape", "storage",
 * "filters", "storage_bytes", "attributes"), "datatype" (a committed type:
 * "type", "attributes"), "soft-link" ("target"), "external-link" ("file",
 * "target"), "user-link" ("link_class") or "unreadable" ("error"). A group,
 * dataset or datatype reached again has "same_as", the path it was
 * described at, and nothing else. Any node may carry "error" when a part of
 * it could not be read.
 *
 * A type is { "class": "integer" | "float" | "string" | "enum" | "compound"
 * | "array" | "vlen" | "opaque" | "reference" | "bitfield" | "time" |
 * "unknown", … } with "name" ("int8" … "uint64", "float32", "float64") and
 * "size" in bytes; a shape is { "space": "simple" | "scalar" | "null",
 * "dims", "max_dims" (null for unlimited) }; an attribute is { "name",
 * "type", "shape", "elements", "value" when small } (see melt-h5-tree.c).
 */
JsonNode *melt_h5_tree_read        (GFile         *file,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* The tree of melt_h5_tree_read() as indented text, one object or
 * attribute a line, ending with a newline */
char     *melt_h5_tree_to_text     (JsonNode      *tree);

G_END_DECLS
