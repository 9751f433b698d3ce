#!/usr/bin/env python3
# Every source or UI file with a translatable string is listed in po/POTFILES.in,
# and every file listed there exists.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

srcdir = sys.argv[1]
listed = []
with open(os.path.join(srcdir, "po", "POTFILES.in")) as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.append(line)

problems = [f"po/POTFILES.in lists {p}, which does not exist"
            for p in listed if not os.path.exists(os.path.join(srcdir, p))]

c_marker = re.compile(r'\b(N?_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"')
ui_marker = re.compile(r'translatable="yes"')
format_macro = re.compile(r'%"\s*G_G\w+_FORMAT')
for top in ("src", "ui"):
    for root, _dirs, files in os.walk(os.path.join(srcdir, top)):
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, srcdir)
            if name.endswith((".c", ".h")):
                marker = c_marker
            elif name.endswith(".ui"):
                marker = ui_marker
            else:
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if marker.search(text) and rel not in listed:
                problems.append(f"{rel} has translatable strings but is not in po/POTFILES.in")
            # xgettext cuts a string at a format macro such as G_GUINT64_FORMAT, so the
            # catalogue key never matches at run time: translatable strings use %llu, %zu.
            lines = text.splitlines()
            for i, line in enumerate(lines):
                if format_macro.search(line):
                    context = " ".join(lines[max(0, i - 3):i + 1])
                    if c_marker.search(context) or "ngettext" in context:
                        problems.append(f"{rel}:{i + 1}: a format macro inside a translatable "
                                        "string; use %llu/%lld/%zu with a cast")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
