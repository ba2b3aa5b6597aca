#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak.py MANIFEST APP_BINARY

Checks the Flatpak manifest the way a release would need it:
- `flatpak-builder --show-manifest` reads it (skipped, exit 77, without flatpak-builder);
- the runtime is a maintained GNOME runtime (48 or later) and the SDK matches it;
- every archive or file source is pinned by a sha256, every git source by a commit;
- every library the built app links that the GNOME runtime does not ship is built by a
  module, and no module builds a library the app does not link (libsodium was one);
- the sandbox asks for no host folders and no keyring bus name (the Secret portal is used).
"""
import json, re, shutil, subprocess, sys

# What org.gnome.Platform ships among the libraries the app links (sonames' stems).
RUNTIME = {
    "libgtk-4", "libadwaita-1", "libsoup-3.0", "libjson-glib-1.0", "libsqlite3",
    "libsecret-1", "libglib-2.0", "libgobject-2.0", "libgio-2.0", "libgmodule-2.0",
    "libcairo", "libpango-1.0", "libpangocairo-1.0", "libgdk_pixbuf-2.0", "libm", "libc",
    "libintl", "libgcc_s", "libgraphene-1.0", "libharfbuzz", "libcairo-gobject",
}
# Modules the manifest may build, by the library stem they provide.
PROVIDES = {"libcsv": "libcsv", "libical": "libical", "libshumate-1.0": "libshumate"}


def fail(msg):
    print("FAIL:", msg)
    return 1


def linked_stems(binary):
    """The direct NEEDED entries of @binary, as stems ("libcsv" for "libcsv.so.3")."""
    out = subprocess.run(["objdump", "-p", binary], capture_output=True, text=True)
    if out.returncode != 0:
        out = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True)
    stems = set()
    for line in out.stdout.splitlines():
        m = re.search(r"NEEDED\s+(?:Shared library: \[)?([^\s\]]+)", line)
        if m:
            stems.add(m.group(1).split(".so")[0])
    return stems


def main():
    manifest_path, binary = sys.argv[1], sys.argv[2]
    if shutil.which("flatpak-builder") is None:
        print("flatpak-builder is not installed")
        return 77
    shown = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path],
                           capture_output=True, text=True)
    if shown.returncode != 0:
        return fail("flatpak-builder cannot read the manifest: " + shown.stderr.strip())
    m = json.loads(shown.stdout)
    errors = 0

    version = str(m.get("runtime-version", ""))
    if m.get("runtime") != "org.gnome.Platform" or not version.isdigit() or int(version) < 48:
        errors += fail(f"runtime {m.get('runtime')}//{version} is not a maintained GNOME one")
    if m.get("sdk") != "org.gnome.Sdk":
        errors += fail("the SDK is not org.gnome.Sdk")

    modules = {}
    for mod in m.get("modules", []):
        if isinstance(mod, str):
            errors += fail(f"module {mod} is an external file: keep the manifest whole")
            continue
        modules[mod["name"]] = mod
        for src in mod.get("sources", []):
            kind = src.get("type")
            if kind in ("archive", "file"):
                if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", "")):
                    errors += fail(f"{mod['name']}: {src.get('url')} has no sha256")
            elif kind == "git":
                if not re.fullmatch(r"[0-9a-f]{40}", src.get("commit", "")):
                    errors += fail(f"{mod['name']}: git source not pinned by a commit")
            elif kind != "dir":
                errors += fail(f"{mod['name']}: unexpected source type {kind}")

    needed = linked_stems(binary)
    if not needed:
        errors += fail(f"could not read the libraries {binary} links")
    for stem in sorted(needed - RUNTIME):
        module = PROVIDES.get(stem)
        if module is None:
            errors += fail(f"the app links {stem}, which neither the runtime nor a module gives")
        elif module not in modules:
            errors += fail(f"the app links {stem} but no module {module} builds it")
    for stem, module in PROVIDES.items():
        if module in modules and stem not in needed:
            errors += fail(f"module {module} builds {stem}, which the app does not link")
    if "libsodium" in modules:
        errors += fail("libsodium is built though only the server uses it")

    for arg in m.get("finish-args", []):
        if arg.startswith("--filesystem=") or arg == "--talk-name=org.freedesktop.secrets":
            errors += fail(f"finish-arg {arg}: the app keeps to its own folders and portals")

    if errors == 0:
        print(f"manifest ok: GNOME {version}, modules {', '.join(modules)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
