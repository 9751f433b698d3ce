#!/usr/bin/env bash
# Every language in po/LINGUAS translates every current string: extract the
# strings afresh, merge each .po with them and count what is untranslated or fuzzy.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -euo pipefail
srcdir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$srcdir"
grep -v -e '^#' -e '^$' po/POTFILES.in > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_set_error:4:c-format --flag=g_printerr:1:c-format --flag=g_print:1:c-format \
  -f "$tmp/files" -o "$tmp/meltline.pot"

status=0
for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/meltline.pot" -o "$tmp/$lang.po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "$lang: $stats"
  if echo "$stats" | grep -q -E 'untranslated|fuzzy'; then
    echo "po/$lang.po does not translate every string; untranslated:" >&2
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | head -20 >&2 || true
    status=1
  fi
done
exit $status
