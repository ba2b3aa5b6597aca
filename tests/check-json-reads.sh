#!/bin/sh
# check-json-reads.sh SOURCE_ROOT: json-glib's typed getters (json_object_get_string_member,
# json_array_get_object_element...) raise a critical when a member holds another type, and
# a critical aborts under G_DEBUG=fatal-criticals: one pushed {"association_id": {}} took
# the server down in the fuzzer. The code reads JSON through voisins_json_read_*() and
# voisins_json_element_*() (src/core/codec/voisins-json.h), which never warn. This check
# fails on any direct typed getter left in src/ or in the fuzz harnesses.
# SPDX-License-Identifier: GPL-3.0-or-later
root=${1:-.}
pattern='json_(object_get_(string|int|double|boolean|object|array|null)_member|array_get_(string|int|double|boolean|object|array|null)_element)'

# The check checks itself first: the pattern must catch a known offender.
if ! printf 'x = json_object_get_string_member_with_default (o, "a", NULL);\n' |
     grep -qE "$pattern"; then
  echo "check-json-reads: the pattern no longer matches a typed getter" >&2
  exit 1
fi

hits=$(grep -rnE "$pattern" "$root/src" "$root/tests/fuzz" --include='*.c' --include='*.h' |
       grep -v 'src/core/codec/voisins-json\.c:')
if [ -n "$hits" ]; then
  echo "$hits"
  echo "check-json-reads: use voisins_json_read_*() / voisins_json_element_*() instead" >&2
  exit 1
fi
exit 0
