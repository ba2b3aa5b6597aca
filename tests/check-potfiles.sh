#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks that po/POTFILES.in lists exactly the files with translatable strings:
#   - every src/**/*.c and *.h using _(), N_(), C_(), NC_() or a gettext call,
#   - every data/ui/**/*.ui with a translatable="yes" property,
#   - the desktop entry, the metainfo and the GSettings schema in data/,
# and that every entry of POTFILES.in exists and the list is sorted without
# duplicates.
#
# Usage: tests/check-potfiles.sh [--update] [SOURCE_ROOT]
#   --update   rewrite po/POTFILES.in from the files found, then check it.
# Exit status: 0 when POTFILES.in is complete and correct, 1 otherwise.

set -euo pipefail

update=0
srcdir=""
for arg in "$@"; do
  case "$arg" in
    --update) update=1 ;;
    -h|--help) sed -n '3,14p' "$0"; exit 0 ;;
    -*) echo "check-potfiles: unknown option $arg" >&2; exit 2 ;;
    *) srcdir="$arg" ;;
  esac
done
if [ -z "$srcdir" ]; then
  srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
cd "$srcdir"

potfiles=po/POTFILES.in
export LC_ALL=C

# A call of a gettext macro or function, with the optional space the house
# style puts before '(': _ ("x"), N_("x"), C_ ("ctx", "x"), g_dngettext (...).
c_pattern='(^|[^A-Za-z0-9_])((N|C|NC|Q)?_|g_dn?gettext|g_dpgettext2?|d?c?n?gettext)[[:space:]]*\('
ui_pattern='translatable[[:space:]]*=[[:space:]]*["'"'"'](yes|true|1)["'"'"']'

# Prints the sorted list of files that must be in POTFILES.in.
list_translatable ()
{
  {
    if [ -d src ]; then
      find src \( -name '*.c' -o -name '*.h' \) -type f -print0 \
        | xargs -0 -r grep -lE -- "$c_pattern" || true
    fi
    if [ -d data/ui ]; then
      find data/ui -name '*.ui' -type f -print0 \
        | xargs -0 -r grep -lE -- "$ui_pattern" || true
    fi
    find data -maxdepth 1 -type f \
      \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) -print
  } | sed 's|^\./||' | sort -u
}

# Prints the entries of POTFILES.in, without comments and blank lines, in order.
list_potfiles ()
{
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" | grep -v '^$' || true
}

if [ "$update" = 1 ]; then
  {
    echo "# SPDX-License-Identifier: GPL-3.0-or-later"
    echo "# Files with translatable strings, sorted. Regenerate with:"
    echo "#   tests/check-potfiles.sh --update"
    list_translatable
  } > "$potfiles.tmp"
  mv "$potfiles.tmp" "$potfiles"
  echo "check-potfiles: wrote $potfiles ($(list_potfiles | wc -l) files)"
fi

if [ ! -f "$potfiles" ]; then
  echo "check-potfiles: $potfiles not found" >&2
  exit 1
fi

status=0
expected="$(list_translatable)"
listed="$(list_potfiles)"

missing="$(comm -23 <(printf '%s\n' "$expected" | grep -v '^$' || true) \
                    <(printf '%s\n' "$listed" | sort -u | grep -v '^$' || true))"
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from $potfiles:"
  printf '%s\n' "$missing" | sed 's/^/  /'
  status=1
fi

while IFS= read -r f; do
  [ -z "$f" ] && continue
  if [ ! -f "$f" ]; then
    echo "$potfiles lists a file that does not exist: $f"
    status=1
  elif ! printf '%s\n' "$expected" | grep -qxF -- "$f"; then
    # Harmless for xgettext, but worth cleaning up.
    echo "note: $potfiles lists $f, which has no translatable strings"
  fi
done <<< "$listed"

dups="$(printf '%s\n' "$listed" | sort | uniq -d)"
if [ -n "$dups" ]; then
  echo "$potfiles lists these files more than once:"
  printf '%s\n' "$dups" | sed 's/^/  /'
  status=1
fi

if [ -n "$listed" ] && ! printf '%s\n' "$listed" | sort -c 2>/dev/null; then
  echo "$potfiles is not sorted (LC_ALL=C sort)"
  status=1
fi

if [ "$status" = 0 ]; then
  echo "check-potfiles: $potfiles is complete ($(printf '%s\n' "$listed" | grep -c . || true) files)"
else
  echo "check-potfiles: run tests/check-potfiles.sh --update to fix $potfiles"
fi
exit "$status"
